using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ClearinghouseSimulator.Access;
using RevenueCycle.ClearinghouseSimulator.ClaimStatus;
using RevenueCycle.ClearinghouseSimulator.Eligibility;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.X12;
using RevenueCycle.X12.ClaimStatus;
using RevenueCycle.X12.Eligibility;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.ClearinghouseSimulator.Submissions;

public sealed record FileTaken(Guid FileId, string InterchangeControlNumber);

public sealed record MailboxItem(Guid Id, string Kind, DateTimeOffset CreatedAt, string InterchangeControlNumber);

public sealed record MailboxList(IReadOnlyList<MailboxItem> Items);

public sealed record ReceivedFile
{
    public Guid Id { get; init; }
    public string SubmitterId { get; init; } = "";
    public string InterchangeControlNumber { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Status { get; init; } = "";
    public int ClaimCount { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    /// <summary>When its 277CAs and 835s were put in the mailbox (its 999 is there from the POST on); null until then.</summary>
    public DateTimeOffset? ProcessedAt { get; init; }
    /// <summary>Failed attempts at processing it (each rolled back whole); 0 for a file processed at the first.</summary>
    public int ProcessAttempts { get; init; }
    /// <summary>Why the last attempt failed, while the file waits for the next one (retried with a capped back-off).</summary>
    public string? LastError { get; init; }
    /// <summary>When the next attempt is due, for a file not processed yet.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}

/// <summary><c>/clearinghouse/{submitterId}</c>: what a submitter sends (files, real-time 270s) and collects (its mailbox).</summary>
public static class ClearinghouseEndpoints
{
    const int MaxFileCharacters = 20_000_000;
    const int ReadChunkCharacters = 64 * 1024;

    public static RouteGroupBuilder MapClearinghouse(this RouteGroupBuilder group)
    {
        group.MapPost("/{submitterId}/files", PostFile).Accepts<string>(ServiceDefaults.Clearinghouse.ClearinghouseClient.X12MediaType, "text/plain");
        group.MapPost("/{submitterId}/realtime", PostRealtime).Accepts<string>(ServiceDefaults.Clearinghouse.ClearinghouseClient.X12MediaType, "text/plain");
        group.MapGet("/{submitterId}/mailbox", ListMailbox);
        group.MapGet("/{submitterId}/mailbox/{id:guid}", GetMailboxFile);
        group.MapDelete("/{submitterId}/mailbox/{id:guid}", DeleteMailboxFile);
        return group;
    }

    public static RouteGroupBuilder MapReceived(this RouteGroupBuilder group)
    {
        group.MapGet("/received", ListReceived);
        group.MapGet("/received/{id:guid}", GetReceived);
        return group;
    }

    static async Task<Results<Accepted<FileTaken>, Ok<FileTaken>, ProblemHttpResult, ValidationProblem>> PostFile(
        string submitterId, HttpRequest request, ClaimFileProcessor processor, CancellationToken cancellationToken)
    {
        if (InvalidSubmitter(submitterId) is { } problem) return problem;
        var x12 = await ReadBodyAsync(request, cancellationToken);
        if (x12 is null) return BadX12("The body must be an X12 interchange starting with ISA (at most 20 MB).", "ISA", 1, null);
        if (NulProblem(x12) is { } nul) return nul;
        return await processor.TakeAsync(submitterId, x12, cancellationToken) switch
        {
            FileOutcome.Taken taken => TypedResults.Accepted($"/simulator/received/{taken.FileId}", new FileTaken(taken.FileId, taken.InterchangeControlNumber)),
            FileOutcome.AlreadyTaken already => TypedResults.Ok(new FileTaken(already.FileId, already.InterchangeControlNumber)),
            FileOutcome.BadX12 bad => BadX12(bad.Detail, bad.SegmentId, bad.SegmentPosition, bad.ElementPosition),
            _ => throw new InvalidOperationException(),
        };
    }

    static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> PostRealtime(
        string submitterId, HttpRequest request, NpgsqlDataSource db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (InvalidSubmitter(submitterId) is { } problem) return problem;
        var x12 = await ReadBodyAsync(request, cancellationToken);
        if (x12 is null) return BadX12("The body must be an X12 270 or 276 interchange starting with ISA.", "ISA", 1, null);
        if (NulProblem(x12) is { } nul) return nul;
        if (IsClaimStatusRequest(x12))
            return await ClaimStatusAsync(submitterId, x12, db, clock, cancellationToken);
        EligibilityInquiry270 inquiry;
        try
        {
            var inquiries = Eligibility270Reader.Parse(x12);
            if (inquiries.Count != 1)
                return BadX12($"A real-time request carries exactly one 270 transaction set, not {inquiries.Count}.", "ST", null, null);
            inquiry = inquiries[0];
        }
        catch (X12ParseException e)
        {
            return BadX12(e.Message, e.SegmentId, e.SegmentPosition, e.ElementPosition);
        }
        var payerId = inquiry.Payer.Identifier ?? "";
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var plans = new Dictionary<string, MemberPlan?>();
        foreach (var memberId in inquiry.Subscribers.Select(s => s.MemberId).Distinct().ToList())
            plans[memberId] = await SettingsStore.MemberAsync(connection, payerId, memberId);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var envelope = await OutboundEnvelope.NextAsync(connection, transaction, submitterId, inquiry.Envelope.Group.ApplicationReceiverCode,
            X12Versions.EligibilityResponseGroup, X12Versions.EligibilityResponse271, now);
        await transaction.CommitAsync(cancellationToken);
        var response = EligibilityResponder.Respond(inquiry, envelope, now, memberId => plans.GetValueOrDefault(memberId));
        try
        {
            return TypedResults.Text(Eligibility271Writer.WriteToString(response), ServiceDefaults.Clearinghouse.ClearinghouseClient.X12MediaType);
        }
        catch (ArgumentException e)
        {
            // The 271 echoes the 270's names and ids; one holding a character the 271's own delimiters use cannot be sent back (X12 has
            // no escape). The writer names the element ("NM103 (…"): its segment is what the 270 got wrong.
            var element = e.Message.Split(' ')[0];
            return BadX12($"A value of the 270 cannot be answered in a 271: {e.Message}", element.Length > 2 ? element[..^2] : element, null, null);
        }
    }

    /// <summary>One real-time endpoint takes both questions, as clearinghouses' do: a 276's ST01 (after the ISA's element separator) says which.</summary>
    static bool IsClaimStatusRequest(string x12)
    {
        var text = x12.TrimStart();
        if (text.Length < 4) return false;
        var separator = text[3];
        return text.Contains($"ST{separator}276{separator}", StringComparison.Ordinal);
    }

    /// <summary>276 → 277 (005010X212): the status of each claim asked about, from what the payer holds (<see cref="ClaimStatusResponder"/>).</summary>
    static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> ClaimStatusAsync(
        string submitterId, string x12, NpgsqlDataSource db, TimeProvider clock, CancellationToken cancellationToken)
    {
        ClaimStatusInquiry276 inquiry;
        try
        {
            var inquiries = ClaimStatus276Reader.Parse(x12);
            if (inquiries.Count != 1)
                return BadX12($"A real-time request carries exactly one 276 transaction set, not {inquiries.Count}.", "ST", null, null);
            inquiry = inquiries[0];
        }
        catch (X12ParseException e)
        {
            return BadX12(e.Message, e.SegmentId, e.SegmentPosition, e.ElementPosition);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var envelope = await OutboundEnvelope.NextAsync(connection, transaction, submitterId, inquiry.Envelope.Group.ApplicationReceiverCode,
            X12Versions.ClaimStatusGroup, X12Versions.ClaimStatusResponse277, now);
        var response = await ClaimStatusResponder.RespondAsync(connection, submitterId, inquiry, envelope, now);
        await transaction.CommitAsync(cancellationToken);
        try
        {
            return TypedResults.Text(ClaimStatus277Writer.WriteToString(response), ServiceDefaults.Clearinghouse.ClearinghouseClient.X12MediaType);
        }
        catch (ArgumentException e)
        {
            var element = e.Message.Split(' ')[0];
            return BadX12($"A value of the 276 cannot be answered in a 277: {e.Message}", element.Length > 2 ? element[..^2] : element, null, null);
        }
    }

    static async Task<Results<Ok<MailboxList>, ValidationProblem>> ListMailbox(string submitterId, string? kind, NpgsqlDataSource db)
    {
        if (kind is not null && !Mailbox.Mailbox.Kinds.Contains(kind, StringComparer.OrdinalIgnoreCase))
            return new Validation().Error("kind", $"must be one of {string.Join(", ", Mailbox.Mailbox.Kinds)}.").Problem();
        var normalized = kind is null ? null : Mailbox.Mailbox.Kinds.First(k => k.Equals(kind, StringComparison.OrdinalIgnoreCase));
        await using var connection = await db.OpenSnapshotAsync();
        var items = await connection.QueryAsync<MailboxRow>(
            """
            SELECT id, kind, created_at, interchange_control_number FROM mailbox
            WHERE submitter_id = @submitterId AND collected_at IS NULL AND (@kind::text IS NULL OR kind = @kind)
            ORDER BY created_at, id
            """, new { submitterId, kind = normalized });
        return TypedResults.Ok(new MailboxList(items.Select(r => new MailboxItem(r.Id, r.Kind, r.CreatedAt, r.InterchangeControlNumber)).ToList()));
    }

    static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetMailboxFile(string submitterId, Guid id, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var x12 = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT x12 FROM mailbox WHERE submitter_id = @submitterId AND id = @id", new { submitterId, id });
        return x12 is null ? Problems.NotFound($"No file {id} in the mailbox of {submitterId}.") : TypedResults.Text(x12, ServiceDefaults.Clearinghouse.ClearinghouseClient.X12MediaType);
    }

    static async Task<NoContent> DeleteMailboxFile(string submitterId, Guid id, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "UPDATE mailbox SET collected_at = now() WHERE submitter_id = @submitterId AND id = @id AND collected_at IS NULL", new { submitterId, id });
        return TypedResults.NoContent();
    }

    /// <summary>The operator sees every submitter's files (or one's, with <paramref name="submitterId"/>); a submitter only its own.</summary>
    static async Task<Results<Ok<Page<ReceivedFile>>, ValidationProblem>> ListReceived(string? submitterId, int? limit, string? cursor, HttpContext context, NpgsqlDataSource db)
    {
        if (!Paging.TryCursor(cursor, out var after))
            return new Validation().Error("cursor", "is not a cursor this API gave.").Problem();
        var take = Paging.Clamp(limit);
        var caller = SimulatorCaller.Of(context);
        if (!caller.IsOperator)
        {
            if (submitterId is not null && submitterId != caller.SubmitterId) return TypedResults.Ok(new Page<ReceivedFile>([], null));
            submitterId = caller.SubmitterId;
        }
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<ReceivedFile>(
            """
            SELECT id, submitter_id, interchange_control_number, kind, status, claim_count, received_at, processed_at, process_attempts,
                   CASE WHEN processed_at IS NULL THEN last_error END AS last_error, CASE WHEN processed_at IS NULL THEN next_attempt_at END AS next_attempt_at
            FROM received_files
            WHERE (@submitterId::text IS NULL OR submitter_id = @submitterId) AND (@after = '00000000-0000-0000-0000-000000000000'::uuid OR id > @after)
            ORDER BY id LIMIT @limit
            """, new { submitterId, after, limit = take + 1 })).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, r => r.Id));
    }

    static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetReceived(Guid id, HttpContext context, NpgsqlDataSource db)
    {
        var submitterId = SimulatorCaller.Of(context).SubmitterId; // null for the operator: any submitter's
        await using var connection = await db.OpenSnapshotAsync();
        var x12 = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT x12 FROM received_files WHERE id = @id AND (@submitterId::text IS NULL OR submitter_id = @submitterId)", new { id, submitterId });
        return x12 is null ? Problems.NotFound($"No received file {id}.") : TypedResults.Text(x12, ServiceDefaults.Clearinghouse.ClearinghouseClient.X12MediaType);
    }

    static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        // A chunk at a time: a buffer of the largest file's size would be 40 MB allocated (and zeroed) per request.
        var buffer = new char[ReadChunkCharacters];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > MaxFileCharacters) return null;
        }
        var x12 = text.ToString();
        return x12.TrimStart().StartsWith("ISA", StringComparison.Ordinal) ? x12 : null;
    }

    /// <summary>
    /// A NUL is in no X12 character set (X12.6 basic and extended) and PostgreSQL text cannot keep it (22021): the file is refused, naming
    /// the segment it is in, before it is stored.
    /// </summary>
    static ProblemHttpResult? NulProblem(string x12)
    {
        var at = x12.IndexOf('\0');
        if (at < 0) return null;
        var terminator = x12.Length > 105 ? x12[105] : '~';
        var separator = x12.Length > 3 ? x12[3] : '*';
        var start = x12.LastIndexOf(terminator, Math.Max(0, at - 1)) + 1;
        var position = x12.AsSpan(0, at).Count(terminator) + 1;
        var id = new string(x12.AsSpan(start, at - start).Trim().ToString().TakeWhile(c => c != separator).Take(3).ToArray());
        return BadX12($"Segment {position}: a NUL character (U+0000) is not X12 text.", id.Length is 2 or 3 && id.All(char.IsAsciiLetterOrDigit) ? id : null, position, null);
    }

    static ValidationProblem? InvalidSubmitter(string submitterId) =>
        submitterId.Length is >= 2 and <= 15 && submitterId.All(char.IsLetterOrDigit)
            ? null
            : new Validation().Error("submitterId", "must be 2 to 15 letters or digits (it is ISA06 of the submitter's files).").Problem();

    static ProblemHttpResult BadX12(string detail, string? segment, long? position, int? element) =>
        TypedResults.Problem(title: "The X12 is not valid.", detail: detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["segment"] = segment, ["segmentPosition"] = position, ["element"] = element });

    sealed record MailboxRow
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public string InterchangeControlNumber { get; init; } = "";
    }
}
