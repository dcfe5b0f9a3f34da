using System.Security.Claims;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Payments.Deposits;

/// <summary>
/// Bank deposits (BAI2 or CSV) matched to remittances: upload, list, the unmatched-deposits queue, and matching by hand with
/// who, when and why kept.
/// </summary>
public static class DepositsEndpoints
{
    public const int MaxFileBytes = 10 * 1024 * 1024;
    static readonly string[] Bai2Types = ["application/vnd.bai2", "application/x-bai2"];
    static readonly Dictionary<string, string> Sorts = new() { ["date"] = "deposit_date", ["amount"] = "amount", ["received"] = "id" };
    const string Select =
        """
        SELECT d.id, d.file_id, d.line, d.deposit_date, d.amount, d.trace_number, d.payer_id, d.bank_reference, d.customer_reference, d.type_code,
               d.account_number, d.description, d.status, d.flag, d.flag_detail, d.remittance_id, r.payer_name AS remittance_payer_name,
               r.trace_number AS remittance_trace_number, r.payment_amount AS remittance_amount, d.matched_at, d.matched_by, d.match_method, d.match_note,
               d.automatic_matching, d.created_at AS received_at
        FROM deposits d LEFT JOIN remittances r ON r.id = d.remittance_id
        """;

    // The deposit lists that are not the queue bind the work parameters unused.
    static readonly WorkFilter NoWork = new(WorkQueues.PaymentsQueues.UnmatchedDeposits, null, true, DateOnly.MinValue);

    public static RouteGroupBuilder MapDeposits(this RouteGroupBuilder group)
    {
        group.MapPost("/", Upload).Accepts<string>("application/vnd.bai2", "text/plain", "text/csv")
            .WithDescription("A BAI2 bank file (every credit detail, type codes 100–399, is a deposit; control totals and record counts are checked) or a CSV " +
                             "(date, amount, reference[, description]). Each deposit is matched to the 835 with its trace (TRN02) and amount (BPR02). " +
                             "A deposit received again is reported as a duplicate, never stored twice. 201 when something new was stored, else 200.");
        group.MapGet("/", List)
            .WithDescription("Deposits, filtered by status (unmatched, flagged, matched), payer, from/to (deposit date), minAmount/maxAmount; sort date, amount or received ('-' descending). Paged (limit, cursor).");
        group.MapGet("/unmatched", Queue)
            .WithDescription("The unmatched-deposits queue: deposits with no remittance (unmatched and flagged), oldest first; each item's id is its deposit's id. Same filters and sorts as the list, and " +
                "assignee (a user id, or none), includePended=true (pended deposits are hidden until their date); each item with its assignee, pendedUntil and commentCount.");
        group.MapGet("/{id:guid}", Get);
        group.MapPost("/{id:guid}/match", Match)
            .WithDescription("Matches the deposit to a remittance by hand ({ remittanceId, reason, userId }); a reason is required when the amounts differ.");
        group.MapPost("/{id:guid}/unmatch", Unmatch)
            .WithDescription("Undoes a match ({ reason, userId }); the deposit is then matched only by hand.");
        return group;
    }

    static async Task<Results<Created<DepositUpload>, Ok<DepositUpload>, ProblemHttpResult>> Upload(HttpContext http, ClaimsPrincipal user,
        NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var tenant = user.TenantId();
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !(Bai2Types.Contains(mediaType) || mediaType is "text/plain" or "text/csv"))
            return TypedResults.Problem(title: "Unsupported media type", statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: "Send a BAI2 file as application/vnd.bai2 (or text/plain), or a CSV as text/csv.");
        var body = await ReadBodyAsync(http.Request.Body, ct);
        if (body is null)
            return TypedResults.Problem(title: "The file is too large", statusCode: StatusCodes.Status413PayloadTooLarge,
                detail: $"A deposit file is at most {MaxFileBytes} bytes.");
        var text = Encoding.UTF8.GetString(body).TrimStart('\uFEFF');
        var format = Bai2Types.Contains(mediaType) || mediaType == "text/plain" && text.TrimStart().StartsWith("01,", StringComparison.Ordinal) ? "bai2" : "csv";
        if (mediaType == "text/plain" && format == "csv" && text.Trim().Length > 0 && !LooksLikeCsv(text))
            format = "bai2"; // neither: read as BAI2, whose error names the first line
        IReadOnlyList<BankDeposit> deposits;
        try
        {
            if (text.Trim().Length == 0) throw new DepositFileException(1, null, "body", "The file is empty.");
            deposits = format == "bai2" ? Bai2Reader.Read(text) : DepositCsvReader.Read(text);
        }
        catch (DepositFileException e)
        {
            return TypedResults.Problem(title: "The deposit file could not be read; nothing was stored.",
                detail: $"Line {e.Line}{(e.Record is null ? "" : $" ({e.Record} record)")}, {e.Field}: {e.Message}",
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?>
                {
                    ["line"] = e.Line, ["recordType"] = e.Record, ["field"] = e.Field,
                    ["errors"] = new Dictionary<string, string[]> { [e.Field] = [$"line {e.Line}: {e.Message}"] },
                });
        }

        var now = clock.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var fileId = Guid.CreateVersion7();
        await connection.ExecuteAsync("INSERT INTO deposit_files (id, tenant_id, format, size_bytes, raw, received_at) VALUES (@Id, @Tenant, @Format, @Size, @Raw, @Now)",
            new { Id = fileId, Tenant = tenant, Format = format, Size = (long)body.Length, Raw = body, Now = now }, tx);
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var results = new List<UploadedDeposit>();
        foreach (var d in deposits)
        {
            var baseIdentity = d.Identity(0);
            var occurrence = occurrences[baseIdentity] = occurrences.GetValueOrDefault(baseIdentity) + 1;
            var identity = d.Identity(occurrence);
            var id = await connection.ExecuteScalarAsync<Guid?>(
                """
                INSERT INTO deposits (id, tenant_id, file_id, line, identity, deposit_date, amount, trace_number, trace_key, payer_id, bank_reference,
                                      customer_reference, type_code, account_number, description, created_at)
                VALUES (@Id, @Tenant, @File, @Line, @Identity, @Date, @Amount, @Trace, @TraceKey, @PayerId, @BankReference, @CustomerReference, @TypeCode,
                        @AccountNumber, @Description, @Now)
                ON CONFLICT (tenant_id, identity) DO NOTHING
                RETURNING id
                """,
                new
                {
                    Id = Guid.CreateVersion7(), Tenant = tenant, File = fileId, d.Line, Identity = identity, d.Date, d.Amount, Trace = d.TraceNumber,
                    TraceKey = Trace.Key(d.TraceNumber), d.PayerId, d.BankReference, d.CustomerReference, d.TypeCode, d.AccountNumber, d.Description, Now = now,
                }, tx);
            if (id is { } created)
            {
                var status = await DepositMatching.MatchDepositAsync(connection, tx, tenant, created, now);
                results.Add(new UploadedDeposit(created, d.Line, d.Amount, d.TraceNumber, status, false));
            }
            else
            {
                var known = await connection.QuerySingleAsync<(Guid Id, string Status)>(
                    "SELECT id, status FROM deposits WHERE tenant_id = @Tenant AND identity = @Identity", new { Tenant = tenant, Identity = identity }, tx);
                results.Add(new UploadedDeposit(known.Id, d.Line, d.Amount, d.TraceNumber, known.Status, true));
            }
        }
        var upload = new DepositUpload(fileId, format, results.Count(r => !r.Duplicate), results.Count(r => r.Duplicate), results);
        if (upload.Created > 0) return await tx.CommitAsync(http, TypedResults.Created($"/api/payments/deposits?from={deposits.Min(d => d.Date):yyyy-MM-dd}", upload), ct);
        return await tx.CommitAsync(http, TypedResults.Ok(upload), ct);
    }

    static bool LooksLikeCsv(string text) => text.TrimStart().Split('\n')[0].Count(c => c == ',') is >= 2 and <= 3;

    static async Task<byte[]?> ReadBodyAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    static Task<Results<Ok<Page<DepositView>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, string? status, string? payer, string? from,
        string? to, string? minAmount, string? maxAmount, string? sort, int? limit, string? cursor)
    {
        var v = new Validation();
        v.Check(status is null || DepositStatus.All.Contains(status), "status", $"is one of {string.Join(", ", DepositStatus.All)}.");
        return ListAsync(user, db, v, status is null ? null : [status], payer, from, to, minAmount, maxAmount, sort ?? "-date", limit, cursor, null);
    }

    static Task<Results<Ok<Page<DepositView>>, ValidationProblem>> Queue(ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, string? payer, string? from,
        string? to, string? minAmount, string? maxAmount, string? assignee, bool? includePended, string? sort, int? limit, string? cursor)
    {
        var v = new Validation();
        var work = WorkFilter.Parse(v, WorkQueues.PaymentsQueues.UnmatchedDeposits, assignee, includePended, clock);
        return ListAsync(user, db, v, [DepositStatus.Unmatched, DepositStatus.Flagged], payer, from, to, minAmount, maxAmount, sort ?? "date", limit, cursor, work);
    }

    static async Task<Results<Ok<Page<DepositView>>, ValidationProblem>> ListAsync(ClaimsPrincipal user, NpgsqlDataSource db, Validation v, string[]? statuses,
        string? payer, string? from, string? to, string? minAmount, string? maxAmount, string sort, int? limit, string? cursor, WorkFilter? work)
    {
        var f = ListFilter.Parse(v, payer, from, to, minAmount, maxAmount, sort, cursor, limit, sort, Sorts);
        if (f is null) return v.Problem();
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<DepositView>(
            Select + $"""

            WHERE d.tenant_id = @Tenant AND (@Statuses::text[] IS NULL OR d.status = ANY (@Statuses))
              AND (@Payer::text IS NULL OR upper(d.payer_id) = upper(@Payer) OR r.payer_key = upper(@Payer) OR upper(@Payer) = ANY (r.payer_ids)
                   OR upper(r.payer_name) = upper(@Payer))
              AND (@From::date IS NULL OR d.deposit_date >= @From) AND (@To::date IS NULL OR d.deposit_date <= @To)
              AND (@Min::numeric IS NULL OR d.amount >= @Min) AND (@Max::numeric IS NULL OR d.amount <= @Max)
              AND {f.AfterCursor("d", "deposits")} {(work is null ? "" : "AND " + work.Sql("d.id"))}
            {f.Order("d")} LIMIT @Take
            """, (work ?? NoWork).With(new { Tenant = user.TenantId(), Statuses = statuses, f.Payer, f.From, f.To, Min = f.MinAmount, Max = f.MaxAmount, f.After, Take = f.Take + 1 }))).ToList();
        if (work is not null)
        {
            var fields = await work.LoadAsync(connection, user.TenantId(), rows.Select(r => r.Id));
            rows = rows.Select(r => r with { Assignee = fields[r.Id].Assignee, PendedUntil = fields[r.Id].PendedUntil, CommentCount = fields[r.Id].CommentCount }).ToList();
        }
        return TypedResults.Ok(Paging.Page(rows, f.Take, r => r.Id));
    }

    static async Task<Results<Ok<DepositDetail>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        return await DetailAsync(connection, null, user.TenantId(), id) is { } detail ? TypedResults.Ok(detail) : Problems.NotFound($"No deposit {id}.");
    }

    static async Task<DepositDetail?> DetailAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid tenant, Guid id)
    {
        var deposit = await connection.QuerySingleOrDefaultAsync<DepositView>(Select + "\nWHERE d.tenant_id = @Tenant AND d.id = @Id", new { Tenant = tenant, Id = id }, tx);
        if (deposit is null) return null;
        var history = await connection.QueryAsync<DepositMatchEvent>(
            "SELECT remittance_id, action, method, performed_by, reason, at FROM deposit_matches WHERE tenant_id = @Tenant AND deposit_id = @Id ORDER BY at, id",
            new { Tenant = tenant, Id = id }, tx);
        return new DepositDetail(deposit, [.. history]);
    }

    static string Actor(ClaimsPrincipal user, string? userId) => userId ?? (user.UserId() is { } staff ? $"user:{staff}" : $"api-key:{user.Identity?.Name}");

    static void CheckActor(Validation v, string? reason, string? userId)
    {
        v.Check(reason is null || reason.Length <= 500 && !reason.Contains('\0'), "reason", "is at most 500 characters.");
        v.Check(userId is null || userId.Trim().Length is > 0 and <= 100 && !userId.Contains('\0'), "userId", "is the staff member's id, at most 100 characters.");
    }

    sealed record Locked
    {
        public string Status { get; init; } = "";
        public decimal Amount { get; init; }
        public Guid? RemittanceId { get; init; }
    }

    static async Task<Results<Ok<DepositDetail>, ProblemHttpResult, ValidationProblem>> Match(Guid id, ManualMatch request, ClaimsPrincipal user,
        NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var tenant = user.TenantId();
        var v = new Validation();
        v.Check(request.RemittanceId is not null && request.RemittanceId != Guid.Empty, "remittanceId", "is required: the remittance this deposit paid.");
        CheckActor(v, request.Reason, request.UserId);
        if (!v.IsValid) return v.Problem();

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var deposit = await connection.QuerySingleOrDefaultAsync<Locked>(
            "SELECT status, amount, remittance_id FROM deposits WHERE tenant_id = @Tenant AND id = @Id FOR UPDATE", new { Tenant = tenant, Id = id }, tx);
        if (deposit is null) return Problems.NotFound($"No deposit {id}.");
        if (deposit.Status == DepositStatus.Matched)
            return Problems.Conflict($"The deposit is already matched to remittance {deposit.RemittanceId}: unmatch it first.",
                new Dictionary<string, object?> { ["field"] = "id" });
        var remittance = await connection.QuerySingleOrDefaultAsync<(decimal Amount, Guid? TakenBy)>(
            """
            SELECT r.payment_amount, (SELECT m.id FROM deposits m WHERE m.tenant_id = r.tenant_id AND m.remittance_id = r.id) AS taken_by
            FROM remittances r WHERE r.tenant_id = @Tenant AND r.id = @Remittance AND r.duplicate_of IS NULL FOR UPDATE OF r
            """, new { Tenant = tenant, Remittance = request.RemittanceId }, tx);
        if (remittance == default) return Problems.NotFound($"No remittance {request.RemittanceId}.");
        if (remittance.TakenBy is { } other)
            return Problems.Conflict($"Remittance {request.RemittanceId} is already matched to deposit {other}.",
                new Dictionary<string, object?> { ["field"] = "remittanceId" });
        if (remittance.Amount != deposit.Amount && string.IsNullOrWhiteSpace(request.Reason))
            return new Validation().Error("reason", $"is required: the deposit is {deposit.Amount:0.00} and the remittance pays {remittance.Amount:0.00}.").Problem();

        await DepositMatching.MatchAsync(connection, tx, tenant, id, request.RemittanceId!.Value, "manual", Actor(user, request.UserId), request.Reason, clock.GetUtcNow());
        var detail = await DetailAsync(connection, tx, tenant, id);
        return await tx.CommitAsync(http, TypedResults.Ok(detail!), ct);
    }

    static async Task<Results<Ok<DepositDetail>, ProblemHttpResult, ValidationProblem>> Unmatch(Guid id, ManualUnmatch request, ClaimsPrincipal user,
        NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var tenant = user.TenantId();
        var v = new Validation();
        v.Required(request.Reason, "reason");
        CheckActor(v, request.Reason, request.UserId);
        if (!v.IsValid) return v.Problem();

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var deposit = await connection.QuerySingleOrDefaultAsync<Locked>(
            "SELECT status, amount, remittance_id FROM deposits WHERE tenant_id = @Tenant AND id = @Id FOR UPDATE", new { Tenant = tenant, Id = id }, tx);
        if (deposit is null) return Problems.NotFound($"No deposit {id}.");
        if (DepositStatus.Next(deposit.Status, DepositStatus.Event.Unmatch) is not { } next)
            return Problems.Conflict($"The deposit is {deposit.Status}: there is no match to undo.", new Dictionary<string, object?> { ["field"] = "id" });
        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(
            """
            UPDATE deposits SET status = @Next, remittance_id = NULL, automatic_matching = false, matched_at = NULL, matched_by = NULL, match_method = NULL,
                                match_note = NULL
            WHERE tenant_id = @Tenant AND id = @Id
            """, new { Tenant = tenant, Id = id, Next = next }, tx);
        await DepositMatching.RecordAsync(connection, tx, tenant, id, deposit.RemittanceId!.Value, "unmatched", "manual", Actor(user, request.UserId), request.Reason, now);
        var detail = await DetailAsync(connection, tx, tenant, id);
        return await tx.CommitAsync(http, TypedResults.Ok(detail!), ct);
    }
}
