using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Payments.Posting;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.X12;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Payments.Remittances;

/// <summary>The answer to an 835 upload: the first remittance's id, and every remittance (ST..SE) of the file.</summary>
public sealed record RemittanceAccepted(Guid Id, IReadOnlyList<Guid> RemittanceIds);

public sealed record RemittanceSummary
{
    public Guid Id { get; init; }
    public string PayerName { get; init; } = "";
    public string TraceNumber { get; init; } = "";
    public decimal PaymentAmount { get; init; }
    public DateOnly PaymentDate { get; init; }
    public int ClaimCount { get; init; }
    public string SenderId { get; init; } = "";
    public int InterchangeControlNumber { get; init; }
    public string Source { get; init; } = "";
    public DateTimeOffset ReceivedAt { get; init; }
}

public sealed record RemittanceClaimView(Guid Id, string PatientControlNumber, string? PayerClaimNumber, Guid? ClaimId, int StatusCode, decimal Charge,
    decimal Paid, decimal PatientResponsibility, IReadOnlyList<AdjustmentView> Adjustments, IReadOnlyList<RemittanceLine> Lines);

/// <summary>A CAS adjustment; <see cref="Meaning"/> is the CARC's wording (X12 code list 139) when the shared table has it (AdjustmentReasons.tsv).</summary>
public sealed record AdjustmentView(string Group, string Reason, decimal Amount, int? Line)
{
    public string? Meaning => AdjustmentReasons.MeaningOf(Reason);
}

public sealed record ProviderAdjustmentView
{
    public string ProviderIdentifier { get; init; } = "";
    public DateOnly FiscalPeriodDate { get; init; }
    public string ReasonCode { get; init; } = "";
    public string? Reference { get; init; }
    public decimal Amount { get; init; }
    /// <summary>recoupment (WO, 72), forward-balance (FB), interest (L6, 90) or other.</summary>
    public string Kind { get; init; } = "";
    public Guid? ClaimId { get; init; }
    /// <summary>What this adjustment took from the named claim's ledger (a recoupment no reversal had already taken back).</summary>
    public decimal PostedToClaim { get; init; }
    public string Note { get; init; } = "";
}

/// <summary>
/// How the remittance's money is explained (X221A1 balancing: BPR02 = Σ CLP04 − Σ PLB): the payment, what its claims paid,
/// the provider-level adjustments, and of the claims' money what was posted to claims and what waits in exceptions.
/// </summary>
public sealed record Reconciliation(decimal PaymentAmount, decimal ClaimsPaid, decimal ProviderAdjustments, decimal Difference, bool Balanced,
    decimal PostedToClaims, decimal InExceptions, decimal InterestIncome, decimal RecoupedFromClaims);

public sealed record RemittanceExceptionView
{
    public Guid Id { get; init; }
    public string PatientControlNumber { get; init; } = "";
    public string Reason { get; init; } = "";
    public string Detail { get; init; } = "";
    public string Status { get; init; } = "";
}

public sealed record RemittanceDetail(Guid Id, string PayerName, string TraceNumber, decimal PaymentAmount, DateOnly PaymentDate, string SenderId,
    int InterchangeControlNumber, string Source, DateTimeOffset ReceivedAt, IReadOnlyList<RemittanceClaimView> Claims,
    IReadOnlyList<ProviderAdjustmentView> ProviderAdjustments, IReadOnlyList<RemittanceExceptionView> Exceptions, Reconciliation Reconciliation);

/// <summary>An 835 interchange as received: posted, a duplicate of payments already received (posting nothing), or rejected with its error.</summary>
public sealed record RemittanceFileView
{
    public Guid Id { get; init; }
    public string Source { get; init; } = "";
    public string? MailboxFileId { get; init; }
    public long SizeBytes { get; init; }
    public string Status { get; init; } = "";
    public string? Error { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public Guid[] RemittanceIds { get; init; } = [];
}

/// <summary>
/// An 835 file and how far its posting went: received (kept, not posted yet) → posting → posted, duplicate (every payment in it
/// already received), rejected (the error names the segment, its position and element; nothing was posted) or, for a payment
/// conflict, rejected naming TRN02. Counts: the CLPs read, those posted to claims and those left as posting exceptions.
/// </summary>
public sealed record RemittanceFileStatus
{
    public Guid Id { get; init; }
    public string Source { get; init; } = "";
    public string? MailboxFileId { get; init; }
    public long SizeBytes { get; init; }
    public string Status { get; init; } = "";
    public string? Error { get; init; }
    public string? Segment { get; init; }
    public long? SegmentPosition { get; init; }
    public int? Element { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? PostedAt { get; init; }
    public Guid[] RemittanceIds { get; init; } = [];
    public int ClaimCount { get; init; }
    public int PostedCount { get; init; }
    public int ExceptionCount { get; init; }
}

public static class RemittancesEndpoints
{
    public const long MaxFileBytes = 200L * 1024 * 1024;
    static readonly string[] X12ContentTypes = ["application/edi-x12", "text/plain"];
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapRemittances(this RouteGroupBuilder group)
    {
        group.MapPost("/", Upload).Accepts<string>("application/edi-x12", "text/plain").WithDescription(
            "An 835 file as the body. Small files are posted during the request: 202 with the first remittance's Location and { id, remittanceIds }, " +
            "200 for a payment received before, 400/422 naming the segment, 409 naming TRN02. With 'Prefer: respond-async' (RFC 7240) or a body over " +
            "Remittances:AsyncThresholdBytes (2 MiB): 202 as soon as the file is kept (status received), Location /api/remittances/files/{fileId} to poll " +
            "until posted, duplicate or rejected; 'Preference-Applied: respond-async' when asked for.");
        group.MapGet("/", List).WithDescription("Remittances (835 payments): payer (part of its name), trace (TRN02), from/to (payment date), minAmount/maxAmount " +
            "(BPR02); sort received (default, newest first), paymentDate or amount, '-' first for descending. Paged (limit, cursor).");
        group.MapGet("/{id:guid}", Get);
        group.MapGet("/{id:guid}/x12", Raw);
        group.MapGet("/files", Files).WithDescription("Every 835 file received, newest first; status received, posting, posted, duplicate or rejected.");
        group.MapGet("/files/{fileId:guid}", FileStatus).WithDescription(
            "An 835 file and its posting: status received → posting → posted | duplicate | rejected (error, segment, segmentPosition, element), " +
            "with claimCount, postedCount and exceptionCount. The Location of a 202 answer to POST /api/remittances: poll it until the status is final.");
        return group;
    }

    /// <summary>Every 835 file received (upload or mailbox), newest first: posted, duplicate (a payment received again) or rejected.</summary>
    static async Task<Results<Ok<Page<RemittanceFileView>>, ValidationProblem>> Files(ClaimsPrincipal user, NpgsqlDataSource db, string? status, int? limit, string? cursor)
    {
        var v = new Validation();
        v.Check(Paging.TryCursor(cursor, out var after), "cursor", "is not a cursor this API gave out.");
        v.Check(status is null or "received" or "posting" or "posted" or "duplicate" or "rejected", "status", "is one of received, posting, posted, duplicate, rejected.");
        if (!v.IsValid) return v.Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<RemittanceFileView>(
            """
            SELECT f.id, f.source, f.mailbox_file_id, f.size_bytes, f.status, f.error, f.received_at,
                   coalesce(array_agg(r.id ORDER BY r.id) FILTER (WHERE r.id IS NOT NULL), '{}') AS remittance_ids
            FROM remittance_files f LEFT JOIN remittances r ON r.file_id = f.id
            WHERE f.tenant_id = @Tenant AND (@Status::text IS NULL OR f.status = @Status)
              AND (@After = '00000000-0000-0000-0000-000000000000'::uuid OR f.id < @After)
            GROUP BY f.id ORDER BY f.id DESC LIMIT @Take
            """, new { Tenant = user.TenantId(), Status = status, After = after, Take = take + 1 })).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, r => r.Id));
    }

    /// <summary>The file's status (<see cref="RemittanceFileStatus"/>): what a client polls after a 202.</summary>
    static async Task<Results<Ok<RemittanceFileStatus>, ProblemHttpResult>> FileStatus(Guid fileId, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var file = await connection.QuerySingleOrDefaultAsync<RemittanceFileStatus>(
            """
            SELECT f.id, f.source, f.mailbox_file_id, f.size_bytes, f.status, f.error, f.error_segment AS segment, f.error_segment_position AS segment_position,
                   f.error_element AS element, f.received_at, f.posted_at,
                   coalesce((SELECT array_agg(r.id ORDER BY r.id) FROM remittances r WHERE r.file_id = f.id), '{}') AS remittance_ids,
                   coalesce((SELECT sum(r.claim_count) FROM remittances r WHERE r.file_id = f.id AND f.status = 'posted'), 0)::int AS claim_count,
                   (SELECT count(*) FROM postings p JOIN remittances r ON r.id = p.remittance_id WHERE r.file_id = f.id AND f.status = 'posted')::int AS posted_count,
                   (SELECT count(*) FROM posting_exceptions e JOIN remittances r ON r.id = e.remittance_id WHERE r.file_id = f.id AND f.status = 'posted')::int AS exception_count
            FROM remittance_files f WHERE f.tenant_id = @Tenant AND f.id = @Id
            """, new { Tenant = user.TenantId(), Id = fileId });
        return file is null ? Problems.NotFound($"No 835 file {fileId}.") : TypedResults.Ok(file);
    }

    /// <summary>
    /// An 835 upload. Posted at once and answered with its remittances (202 with the first one's Location, 200 for a payment received
    /// before); or, when the client asks for it (RFC 7240 <c>Prefer: respond-async</c>) or the body is larger than
    /// <see cref="RemittancePostingOptions.AsyncThresholdBytes"/>, answered 202 as soon as the file is kept, with the Location of its
    /// status (<c>/api/remittances/files/{fileId}</c>), and posted in the background.
    /// </summary>
    static async Task<Results<Accepted<RemittanceAccepted>, Ok<RemittanceAccepted>, Accepted<RemittanceFileStatus>, ProblemHttpResult>> Upload(
        HttpContext http, ClaimsPrincipal user, RemittanceImporter importer, RemittancePostingService background,
        Microsoft.Extensions.Options.IOptions<RemittancePostingOptions> options, CancellationToken ct)
    {
        var tenant = user.TenantId();
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is null || !X12ContentTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
            return TypedResults.Problem(title: "Unsupported media type", statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: "Send the 835 as the body with Content-Type application/edi-x12 or text/plain.");
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxFileBytes;

        await using var spool = await RemittanceImporter.SpoolAsync(http.Request.Body, ct);
        if (spool.Length == 0) return Rejected(RemittanceImporter.Empty().Error!);
        var fileId = await importer.ReceiveAsync(tenant, spool, RemittanceSources.Upload, null, ct);
        if (PrefersAsync(http.Request) || spool.Length > options.Value.AsyncThresholdBytes)
        {
            background.Enqueue(tenant, fileId);
            if (PrefersAsync(http.Request)) http.Response.Headers["Preference-Applied"] = "respond-async";
            return TypedResults.Accepted($"/api/remittances/files/{fileId}", new RemittanceFileStatus
            {
                Id = fileId, Source = RemittanceSources.Upload, SizeBytes = spool.Length, Status = "received",
            });
        }

        // The request's own cancellation must not leave a half-done posting behind: the file is kept, and posting is one transaction.
        var result = await importer.PostFileAsync(tenant, fileId, spool, wait: true, ct)
            ?? throw new InvalidOperationException($"File {fileId} was not posted.");
        return result.Status switch
        {
            ImportStatus.Posted => TypedResults.Accepted($"/api/remittances/{result.RemittanceIds[0]}", new RemittanceAccepted(result.RemittanceIds[0], result.RemittanceIds)),
            ImportStatus.Duplicate => TypedResults.Ok(new RemittanceAccepted(result.RemittanceIds[0], result.RemittanceIds)),
            ImportStatus.Conflict => TypedResults.Problem(title: "This payer's trace number was already received for another payment; nothing was posted.",
                detail: result.Error!.Message, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["segment"] = "TRN", ["element"] = 2, ["existingRemittanceId"] = result.RemittanceIds[0] }),
            _ => Rejected(result.Error!),
        };
    }

    /// <summary>RFC 7240 §4.1: <c>Prefer: respond-async</c>, among other preferences and in any case.</summary>
    static bool PrefersAsync(HttpRequest request) =>
        request.Headers["Prefer"].SelectMany(v => (v ?? "").Split(',')).Any(p => p.Split(';')[0].Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A file that cannot be read is 400; one that reads but does not balance (X221A1 balancing rules) is 422.
    /// Either way the problem names the segment and its position, and nothing was posted.
    /// </summary>
    public static ProblemHttpResult Rejected(X12ParseException e)
    {
        var unbalanced = e.Message.Contains("does not balance", StringComparison.Ordinal);
        var extensions = new Dictionary<string, object?>
        {
            ["segment"] = e.SegmentId,
            ["segmentPosition"] = e.SegmentPosition,
            ["element"] = e.ElementPosition,
        };
        return TypedResults.Problem(
            title: unbalanced ? "The 835 does not balance; nothing was posted." : "The 835 could not be read; nothing was posted.",
            detail: e.Message, statusCode: unbalanced ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest,
            extensions: extensions);
    }

    // sort: received (the default, newest first), paymentDate (BPR16), amount (BPR02); '-' first for descending.
    static readonly KeysetSort Sorts = new(new Dictionary<string, (string, SortValueKind, bool)>
    {
        ["received"] = ("r.received_at", SortValueKind.Instant, false),
        ["paymentDate"] = ("r.payment_date", SortValueKind.Date, false),
        ["amount"] = ("r.payment_amount", SortValueKind.Number, false),
    });

    /// <summary>
    /// The practice's remittances: payer (part of its name), trace (TRN02, exactly), from/to (payment date, YYYY-MM-DD), minAmount/maxAmount
    /// (BPR02); sort received (default, newest first), paymentDate or amount, '-' first for descending; paged by (sort key, id).
    /// </summary>
    static async Task<Results<Ok<Page<RemittanceSummary>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, string? payer, string? trace,
        string? from, string? to, decimal? minAmount, decimal? maxAmount, string? sort, int? limit, string? cursor)
    {
        var tenant = user.TenantId();
        var v = new Validation();
        v.Check(payer is null || payer.Length is > 0 and <= 80, "payer", "is part of a payer's name, at most 80 characters.");
        v.Check(trace is null || trace.Length is > 0 and <= 50, "trace", "is a check or EFT trace number (TRN02), at most 50 characters.");
        var fromDate = Deposits.ListFilter.Date(v, from, "from");
        var toDate = Deposits.ListFilter.Date(v, to, "to");
        if (fromDate is not null && toDate is not null) v.Check(fromDate <= toDate, "to", "is on or after 'from'.");
        v.Check(minAmount is null || maxAmount is null || minAmount <= maxAmount, "maxAmount", "is at least minAmount.");
        v.Check(limit is null or >= 1 and <= Paging.MaxLimit, "limit", $"is from 1 to {Paging.MaxLimit}.");
        var order = Sorts.Parse(v, sort, "-received", cursor, limit);
        if (!v.IsValid || order is null) return v.Problem();
        await using var connection = await db.OpenSnapshotAsync();
        var p = new DynamicParameters(new { Tenant = tenant, Payer = payer, Trace = trace, From = fromDate, To = toDate, Min = minAmount, Max = maxAmount });
        p.AddDynamicParams(order.Parameters);
        var rows = (await connection.QueryAsync<RemittanceSummary>(
            $"""
            SELECT r.id, r.payer_name, r.trace_number, r.payment_amount, r.payment_date, r.claim_count, r.sender_id, r.interchange_control_number,
                   f.source, r.received_at
            FROM remittances r JOIN remittance_files f ON f.id = r.file_id
            WHERE r.tenant_id = @Tenant
              AND (@Payer::text IS NULL OR strpos(upper(r.payer_name), upper(@Payer)) > 0)
              AND (@Trace::text IS NULL OR r.trace_number = @Trace)
              AND (@From::date IS NULL OR r.payment_date >= @From) AND (@To::date IS NULL OR r.payment_date <= @To)
              AND (@Min::numeric IS NULL OR r.payment_amount >= @Min) AND (@Max::numeric IS NULL OR r.payment_amount <= @Max)
              AND {order.After("r.id")}
            {order.Order("r.id")} LIMIT @Take
            """, p)).ToList();
        return TypedResults.Ok(order.Page(rows, r => order.Sql switch
        {
            "r.payment_date" => r.PaymentDate,
            "r.payment_amount" => r.PaymentAmount,
            _ => (object)r.ReceivedAt,
        }, r => r.Id));
    }

    sealed record ClaimRow
    {
        public Guid Id { get; init; }
        public Guid? ClaimId { get; init; }
        public string Detail { get; init; } = "";
    }

    static async Task<Results<Ok<RemittanceDetail>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var r = await connection.QuerySingleOrDefaultAsync<RemittanceSummary>(
            """
            SELECT r.id, r.payer_name, r.trace_number, r.payment_amount, r.payment_date, r.claim_count, r.sender_id, r.interchange_control_number,
                   f.source, r.received_at
            FROM remittances r JOIN remittance_files f ON f.id = r.file_id WHERE r.tenant_id = @Tenant AND r.id = @Id
            """, new { Tenant = tenant, Id = id });
        if (r is null) return Problems.NotFound($"No remittance {id}.");
        var claims = (await connection.QueryAsync<ClaimRow>(
            "SELECT id, claim_id, detail::text AS detail FROM remittance_claims WHERE tenant_id = @Tenant AND remittance_id = @Id ORDER BY seq",
            new { Tenant = tenant, Id = id }))
            .Select(row =>
            {
                var c = JsonSerializer.Deserialize<RemittanceClaim>(row.Detail, Json)!;
                var adjustments = c.Adjustments.Select(a => new AdjustmentView(a.Group, a.Carc, a.Amount, null))
                    .Concat(c.Lines.SelectMany((l, i) => l.Adjustments.Select(a => new AdjustmentView(a.Group, a.Carc, a.Amount, i + 1))));
                return new RemittanceClaimView(row.Id, c.PatientControlNumber, c.PayerClaimNumber, row.ClaimId, c.StatusCode, c.Charge, c.Paid,
                    c.PatientResponsibility, [.. adjustments], c.Lines);
            }).ToList();
        var plb = (await connection.QueryAsync<ProviderAdjustmentView>(
            """
            SELECT provider_identifier, fiscal_period_date, reason_code, reference, amount, kind, claim_id, posted_to_claim, note
            FROM provider_adjustments WHERE tenant_id = @Tenant AND remittance_id = @Id ORDER BY seq
            """, new { Tenant = tenant, Id = id })).ToList();
        var exceptions = (await connection.QueryAsync<RemittanceExceptionView>(
            """
            SELECT e.id, rc.patient_control_number, e.reason, e.detail, e.status
            FROM posting_exceptions e JOIN remittance_claims rc ON rc.id = e.remittance_claim_id
            WHERE e.tenant_id = @Tenant AND e.remittance_id = @Id ORDER BY e.id
            """, new { Tenant = tenant, Id = id })).ToList();
        var posted = await connection.ExecuteScalarAsync<decimal>(
            "SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE tenant_id = @Tenant AND remittance_id = @Id AND bucket = 'insurance-paid' AND posting_id IS NOT NULL",
            new { Tenant = tenant, Id = id });
        var claimsPaid = claims.Sum(c => c.Paid);
        var providerTotal = plb.Sum(p => p.Amount);
        var difference = r.PaymentAmount - (claimsPaid - providerTotal);
        var inExceptions = claims.Where(c => exceptions.Any(e => e.Status == "open" && e.PatientControlNumber == c.PatientControlNumber) && c.ClaimId is null).Sum(c => c.Paid);
        var reconciliation = new Reconciliation(r.PaymentAmount, claimsPaid, providerTotal, difference, difference == 0, posted, inExceptions,
            -plb.Where(p => p.Kind == ProviderAdjustmentKind.Interest).Sum(p => p.Amount), plb.Sum(p => p.PostedToClaim));
        return TypedResults.Ok(new RemittanceDetail(r.Id, r.PayerName, r.TraceNumber, r.PaymentAmount, r.PaymentDate, r.SenderId,
            r.InterchangeControlNumber, r.Source, r.ReceivedAt, claims, plb, exceptions, reconciliation));
    }

    /// <summary>The 835 file the remittance came in, byte for byte.</summary>
    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Raw(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var raw = await connection.ExecuteScalarAsync<byte[]?>(
            "SELECT f.raw FROM remittances r JOIN remittance_files f ON f.id = r.file_id WHERE r.tenant_id = @Tenant AND r.id = @Id",
            new { Tenant = tenant, Id = id });
        if (raw is null) return Problems.NotFound($"No remittance {id}.");
        // The whole file as the payer sent it: every claim in it (its CLP loops) names a patient.
        http.DiscloseClaims(await connection.QueryAsync<Guid>(
            "SELECT claim_id FROM remittance_claims WHERE tenant_id = @Tenant AND remittance_id = @Id AND claim_id IS NOT NULL", new { Tenant = tenant, Id = id }));
        return TypedResults.File(raw, "application/edi-x12");
    }
}
