using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Claims.StatusChecks;

/// <summary>The latest answered status check of a follow-up item's claim.</summary>
public sealed record LastStatusCheck(
    Guid Id, DateTimeOffset At, string Trigger, string Result, string? CategoryCode, string? StatusCode, string? Meaning,
    decimal? PaidAmount, string? CheckNumber, DateOnly? CheckDate);

/// <summary>An A/R follow-up item: one claim (<see cref="Id"/> is the claim's id, stable for as long as the item stands).</summary>
public sealed record FollowUpItem(
    Guid Id, Guid ClaimId, Guid PatientId, string PayerId, string PayerName, decimal Charge, string ClaimStatus, DateTimeOffset SubmittedAt,
    int DaysSinceSubmission, string Reason, LastStatusCheck? LastStatusCheck)
{
    public string? Assignee { get; init; }
    public DateOnly? PendedUntil { get; init; }
    public int CommentCount { get; init; }
}

/// <summary>
/// <c>GET /api/claims/follow-up</c>: the A/R follow-up queue — claims sent to a payer (submitted or accepted) with no 835 posted, for one of:
/// <list type="bullet">
/// <item><c>not-found</c>: the latest status check since the claim was sent found nothing at the payer (A4): a possibly lost claim;</item>
/// <item><c>missing-era</c>: the latest check says the payer finalized it (F0–F4: paid, denied) but no 835 has come;</item>
/// <item><c>no-response</c>: neither, and the payer's <c>statusCheckAfterDays</c> have passed since it was sent (never with 0).</item>
/// </list>
/// Derived from the claim and its latest check on each read: an item leaves once an 835 posts, the claim is sent again, voided or
/// otherwise moves on. Paged by claim id.
/// </summary>
public static class FollowUpEndpoints
{
    public const string NoResponse = "no-response", NotFound = "not-found", MissingEra = "missing-era";
    public static readonly string[] Reasons = [NoResponse, NotFound, MissingEra];

    /// <summary>Each claim sent and not yet answered by an 835, with its latest check since it was sent and the reason it is an item (or null).</summary>
    static string ItemsSql(string now, string finalized) =>
        $"""
        SELECT c.id AS claim_id, c.tenant_id, c.patient_id, c.payer_id, c.payer_name, c.total_charge AS charge, c.status AS claim_status,
               coalesce(b.sent_at, b.created_at) AS submitted_at,
               lc.id AS check_id, lc.checked_at, lc.trigger, lc.result, lc.category_code, lc.status_code, lc.meaning, lc.paid_amount,
               lc.check_number, lc.check_date,
               CASE WHEN lc.result = 'not-found' THEN 'not-found'
                    WHEN lc.result = ANY({finalized}) THEN 'missing-era'
                    WHEN {StatusCheckSettings.AfterDaysSql} > 0
                         AND coalesce(b.sent_at, b.created_at) <= {now} - make_interval(days => {StatusCheckSettings.AfterDaysSql}) THEN 'no-response'
               END AS reason
        FROM claims c
        JOIN batches b ON b.id = c.last_batch_id AND b.tenant_id = c.tenant_id
        LEFT JOIN payer_settings ps ON ps.tenant_id = c.tenant_id AND ps.payer_id = c.payer_id
        LEFT JOIN LATERAL (
            SELECT s.id, s.checked_at, s.trigger, s.result, s.category_code, s.status_code, s.meaning, s.paid_amount, s.check_number, s.check_date
            FROM claim_status_checks s
            WHERE s.claim_id = c.id AND s.result <> 'error' AND s.checked_at >= coalesce(b.sent_at, b.created_at)
            ORDER BY s.checked_at DESC, s.id DESC LIMIT 1) lc ON true
        WHERE c.tenant_id = @Tenant AND c.status IN ('submitted', 'accepted') AND c.route <> 'manual'
          AND NOT EXISTS (SELECT 1 FROM claim_payments p WHERE p.claim_id = c.id)
        """;

    /// <summary>The queue's open items for the work-queue mechanics (assignment, pending, comments, counts), judged at the database's clock.</summary>
    public static readonly string OpenItemsSql =
        $"SELECT claim_id FROM ({ItemsSql("now()", "ARRAY['" + string.Join("','", StatusCheckResults.FinalizedResults) + "']")}) items WHERE reason IS NOT NULL";

    // sort: submitted (oldest first, the default), age (the same, most days first), amount (the charge); '-' first for descending.
    static readonly KeysetSort Sorts = new(new Dictionary<string, (string, SortValueKind, bool)>
    {
        ["submitted"] = ("submitted_at", SortValueKind.Instant, false),
        ["age"] = ("submitted_at", SortValueKind.Instant, false),
        ["amount"] = ("charge", SortValueKind.Number, false),
    });

    public static RouteGroupBuilder MapFollowUp(this RouteGroupBuilder group)
    {
        group.MapGet("/", List).WithDescription(
            "The A/R follow-up queue: reason (no-response, not-found, missing-era), payerId, minAmount/maxAmount (the charge); the work queue's " +
            "assignee (a user id, or none) and includePended=true; sort submitted (default), age or amount, '-' first for descending; paged (limit, cursor).");
        return group;
    }

    static async Task<Results<Ok<Page<FollowUpItem>>, ValidationProblem>> List(
        string? reason, string? payerId, decimal? minAmount, decimal? maxAmount, string? assignee, bool? includePended, string? sort, int? limit,
        string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock)
    {
        var v = new Validation();
        var work = WorkFilter.Parse(v, WorkQueues.ClaimsQueues.ArFollowUp, assignee, includePended, clock);
        v.Check(reason is null || Reasons.Contains(reason), "reason", $"must be one of {string.Join(", ", Reasons)}.");
        v.Check(payerId is null or { Length: <= 80 }, "payerId", "must be at most 80 characters.");
        v.Check(limit is null or >= 1 and <= Paging.MaxLimit, "limit", $"must be 1 to {Paging.MaxLimit}.");
        v.Check(minAmount is null || maxAmount is null || minAmount <= maxAmount, "maxAmount", "is at least minAmount.");
        var order = Sorts.Parse(v, sort, "submitted", cursor, limit);
        if (!v.IsValid || order is null) return v.Problem();
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<Row>(
            $"""
            WITH items AS (
            {ItemsSql("@Now", "@Finalized")}
                  AND (@PayerId::text IS NULL OR c.payer_id = @PayerId)
                  AND (@Min::numeric IS NULL OR c.total_charge >= @Min) AND (@Max::numeric IS NULL OR c.total_charge <= @Max)
                  AND {work.Sql("c.id")}
            )
            SELECT * FROM items WHERE reason IS NOT NULL AND (@Reason::text IS NULL OR reason = @Reason) AND {order.After("claim_id")}
            {order.Order("claim_id")} LIMIT @Take
            """, work.With(new { Tenant = user.TenantId(), Finalized = StatusCheckResults.FinalizedResults, Now = now, PayerId = payerId, Min = minAmount,
                Max = maxAmount, Reason = reason }, order.Parameters)))
            .ToList();
        var fields = await work.LoadAsync(connection, user.TenantId(), rows.Select(r => r.ClaimId));
        var items = rows.Select(r => new FollowUpItem(r.ClaimId, r.ClaimId, r.PatientId, r.PayerId, r.PayerName, r.Charge, r.ClaimStatus, r.SubmittedAt,
            (int)(now - r.SubmittedAt).TotalDays, r.Reason,
            r.CheckId is { } checkId
                ? new LastStatusCheck(checkId, r.CheckedAt!.Value, r.Trigger!, r.Result!, r.CategoryCode, r.StatusCode, r.Meaning, r.PaidAmount, r.CheckNumber, r.CheckDate)
                : null)
        {
            Assignee = fields[r.ClaimId].Assignee, PendedUntil = fields[r.ClaimId].PendedUntil, CommentCount = fields[r.ClaimId].CommentCount,
        }).ToList();
        return TypedResults.Ok(order.Page(items, i => order.Sql == "charge" ? i.Charge : i.SubmittedAt, i => i.Id));
    }

    sealed record Row
    {
        public Guid ClaimId { get; init; }
        public Guid PatientId { get; init; }
        public string PayerId { get; init; } = "";
        public string PayerName { get; init; } = "";
        public decimal Charge { get; init; }
        public string ClaimStatus { get; init; } = "";
        public DateTimeOffset SubmittedAt { get; init; }
        public Guid? CheckId { get; init; }
        public DateTimeOffset? CheckedAt { get; init; }
        public string? Trigger { get; init; }
        public string? Result { get; init; }
        public string? CategoryCode { get; init; }
        public string? StatusCode { get; init; }
        public string? Meaning { get; init; }
        public decimal? PaidAmount { get; init; }
        public string? CheckNumber { get; init; }
        public DateOnly? CheckDate { get; init; }
        public string Reason { get; init; } = "";
    }
}
