using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Payments.Posting;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Payments.Exceptions;

public sealed record PostingException
{
    public Guid Id { get; init; }
    public Guid RemittanceId { get; init; }
    public Guid RemittanceClaimId { get; init; }
    public string PatientControlNumber { get; init; } = "";
    public string? PayerClaimNumber { get; init; }
    public int StatusCode { get; init; }
    public decimal Charge { get; init; }
    public decimal Paid { get; init; }
    public string PayerName { get; init; } = "";
    public string Reason { get; init; } = "";
    public string Detail { get; init; } = "";
    public string Status { get; init; } = "";
    public Guid? ResolvedClaimId { get; init; }
    public string? ResolutionNote { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? Assignee { get; init; }
    public DateOnly? PendedUntil { get; init; }
    public int? CommentCount { get; init; }
}

/// <summary><c>{ claimId }</c> posts the CLP to that claim; <c>{ action: "dismiss", reason }</c> closes it without posting.</summary>
public sealed record ResolveException(Guid? ClaimId, string? Action, string? Reason);

public static class ExceptionsEndpoints
{
    public const string Open = "open";
    public const string Resolved = "resolved";
    public const string Dismissed = "dismissed";
    const string Select =
        """
        SELECT e.id, e.remittance_id, e.remittance_claim_id, rc.patient_control_number, rc.payer_claim_number, rc.status_code, rc.charge, rc.paid,
               r.payer_name, e.reason, e.detail, e.status, e.resolved_claim_id, e.resolution_note, e.created_at, e.resolved_at
        FROM posting_exceptions e
        JOIN remittance_claims rc ON rc.id = e.remittance_claim_id
        JOIN remittances r ON r.id = e.remittance_id
        """;

    public static RouteGroupBuilder MapPostingExceptions(this RouteGroupBuilder group)
    {
        group.MapGet("/", List).WithDescription(
            "Posting exceptions (CLPs that could not be posted), status open (default), resolved, dismissed or all; payer (name), minAmount/maxAmount " +
            "(the CLP's charge), reason; sort created (default), amount or paid, '-' first for descending. The posting-exceptions work queue: assignee (a user id, or none), includePended=true (pended items are hidden " +
            "until their date), and each item's assignee, pendedUntil and commentCount. Paged (limit, cursor).");
        group.MapGet("/{id:guid}", Get);
        group.MapPost("/{id:guid}/resolve", Resolve);
        return group;
    }

    // sort: created (oldest first, the default), amount (the CLP's charge), paid; '-' first for descending.
    static readonly KeysetSort Sorts = new(new Dictionary<string, (string, SortValueKind, bool)>
    {
        ["created"] = ("e.created_at", SortValueKind.Instant, false),
        ["amount"] = ("rc.charge", SortValueKind.Number, false),
        ["paid"] = ("rc.paid", SortValueKind.Number, false),
    });

    static async Task<Results<Ok<Page<PostingException>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, string? status,
        string? payer, decimal? minAmount, decimal? maxAmount, string? reason, string? assignee, bool? includePended, string? sort, int? limit, string? cursor)
    {
        var tenant = user.TenantId();
        var v = new Validation();
        var work = WorkFilter.Parse(v, WorkQueues.PaymentsQueues.PostingExceptions, assignee, includePended, clock);
        v.Check(status is null or Open || (assignee is null && includePended is null), "status", "is open (the work queue) when assignee or includePended is given.");
        v.Check(payer is null || payer.Length is > 0 and <= 80, "payer", "is a payer name of at most 80 characters.");
        v.Check(reason is null || reason.Length is > 0 and <= 80, "reason", "is an exception reason of at most 80 characters.");
        v.Check(minAmount is null || maxAmount is null || minAmount <= maxAmount, "maxAmount", "is at least minAmount.");
        v.Check(status is null or Open or Resolved or Dismissed or "all", "status", "must be open, resolved, dismissed or all.");
        var order = Sorts.Parse(v, sort, "created", cursor, limit);
        if (!v.IsValid || order is null) return v.Problem();
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<PostingException>(
            Select + $"""

            WHERE e.tenant_id = @Tenant AND (@Status = 'all' OR e.status = @Status)
              AND (@Payer::text IS NULL OR upper(r.payer_name) = upper(@Payer))
              AND (@Min::numeric IS NULL OR rc.charge >= @Min) AND (@Max::numeric IS NULL OR rc.charge <= @Max)
              AND (@Reason::text IS NULL OR e.reason = @Reason)
              AND (e.status <> 'open' OR {work.Sql("e.id")})
              AND {order.After("e.id")}
            {order.Order("e.id")} LIMIT @Take
            """, work.With(new { Tenant = tenant, Status = status ?? Open, Payer = payer, Min = minAmount, Max = maxAmount, Reason = reason }, order.Parameters))).ToList();
        var fields = await work.LoadAsync(connection, tenant, rows.Select(r => r.Id));
        rows = rows.Select(r => r with { Assignee = fields[r.Id].Assignee, PendedUntil = fields[r.Id].PendedUntil, CommentCount = fields[r.Id].CommentCount }).ToList();
        return TypedResults.Ok(order.Page(rows, r => order.Sql switch { "rc.charge" => r.Charge, "rc.paid" => r.Paid, _ => (object)r.CreatedAt }, r => r.Id));
    }

    static async Task<Results<Ok<PostingException>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var row = await connection.QuerySingleOrDefaultAsync<PostingException>(Select + "\nWHERE e.tenant_id = @Tenant AND e.id = @Id",
            new { Tenant = user.TenantId(), Id = id });
        if (row is null) return Problems.NotFound($"No posting exception {id}.");
        if (row.Status != Open) return TypedResults.Ok(row);
        // An item of the queue shows its work fields, as the list does.
        var work = (await WorkFilter.LoadAsync(connection, user.TenantId(), WorkQueues.PaymentsQueues.PostingExceptions, [id]))[id];
        return TypedResults.Ok(row with { Assignee = work.Assignee, PendedUntil = work.PendedUntil, CommentCount = work.CommentCount });
    }

    static async Task<Results<Ok<PostingException>, ProblemHttpResult, ValidationProblem>> Resolve(
        Guid id, ResolveException request, ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http)
    {
        var tenant = user.TenantId();
        var v = new Validation();
        var dismiss = request.Action == "dismiss";
        v.Check(request.Action is null or "dismiss" or "match", "action", "must be 'match' (with claimId) or 'dismiss' (with reason).");
        if (dismiss) v.Required(request.Reason, "reason");
        else v.Check(request.ClaimId is not null, "claimId", "is required to match the claim by hand (or send action 'dismiss' with a reason).");
        if (!v.IsValid) return v.Problem();

        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var row = await ExceptionMatching.LockAsync(connection, tx, tenant, id);
        if (row is null) return Problems.NotFound($"No posting exception {id}.");
        if (row.Status != Open) return Problems.Conflict($"The exception is already {row.Status}.");

        if (dismiss)
        {
            await connection.ExecuteAsync(
                "UPDATE posting_exceptions SET status = 'dismissed', resolution_note = @Reason, resolved_at = now() WHERE id = @Id",
                new { request.Reason, Id = id }, tx);
        }
        else
        {
            var claim = await ClaimPoster.FindAsync(connection, tx, tenant, request.ClaimId!.Value);
            if (claim is null) return Problems.NotFound($"No claim {request.ClaimId} is known to Payments.");
            // Matched by hand: a CLP02 23 the biller decides is ours posts as the payer's adjudication of it.
            var outcome = await ExceptionMatching.PostAsync(connection, tx, tenant, row, claim, request.Reason);
            if (outcome.ExceptionReason is not null) return Problems.Unprocessable(outcome.ExceptionDetail!);
        }
        var resolved = await connection.QuerySingleAsync<PostingException>(Select + "\nWHERE e.tenant_id = @Tenant AND e.id = @Id", new { Tenant = tenant, Id = id }, tx);
        return await tx.CommitAsync(http, TypedResults.Ok(resolved));
    }
}
