using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Payments.Ledger;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Payments.Aging;

/// <summary>Insurance balances by age in days (from the date of service, or from submission): 0–30, 31–60, 61–90, 91–120, over 120.</summary>
public sealed record AgingBuckets(decimal Days0To30, decimal Days31To60, decimal Days61To90, decimal Days91To120, decimal Over120)
{
    public decimal Total => Days0To30 + Days31To60 + Days61To90 + Days91To120 + Over120;

    public static AgingBuckets Of(IEnumerable<(int Days, decimal Balance)> claims)
    {
        decimal a = 0, b = 0, c = 0, d = 0, e = 0;
        foreach (var (days, balance) in claims)
        {
            switch (days)
            {
                case <= 30: a += balance; break;
                case <= 60: b += balance; break;
                case <= 90: c += balance; break;
                case <= 120: d += balance; break;
                default: e += balance; break;
            }
        }
        return new AgingBuckets(a, b, c, d, e);
    }
}

public sealed record PayerAging(string PayerId, string PayerName, int ClaimCount, AgingBuckets Buckets, decimal Total);

public sealed record ArAging(DateOnly AsOf, string Basis, IReadOnlyList<PayerAging> Payers, AgingBuckets Totals, decimal Total);

public static class AgingBasis
{
    /// <summary>Age from the date of service: the industry's AR aging (HFMA MAP Keys "aged A/R as a percentage of billed A/R" age from discharge/service).</summary>
    public const string DateOfService = "date-of-service";
    public const string Submission = "submission";
}

public static class AgingEndpoints
{
    public static RouteGroupBuilder MapArAging(this RouteGroupBuilder group)
    {
        group.MapGet("/ar-aging", Get).WithDescription(
            "Insurance AR at the end of asOf (default today), by payer and age bucket (0-30, 31-60, 61-90, 91-120, over 120 days). Each claim's " +
            "insurance balance = charge - insurance paid - adjustments - patient responsibility (denials still being worked stay in it; a credit " +
            "owed back to a payer counts negative). A replaced claim counts once, through its replacement; a secondary claim counts only what the " +
            "earlier payers left. basis=date-of-service (default) ages from the date of service, basis=submission from the claim's submission.");
        return group;
    }

    sealed record ClaimBalance
    {
        public string PayerId { get; init; } = "";
        public string PayerName { get; init; } = "";
        public DateTimeOffset SubmittedAt { get; init; }
        public DateOnly DateOfService { get; init; }
        public decimal Balance { get; init; }
    }

    static async Task<Results<Ok<ArAging>, ValidationProblem>> Get(ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, DateOnly? asOf, string? basis)
    {
        var v = new RevenueCycle.ServiceDefaults.Http.Validation();
        v.Check(basis is null or AgingBasis.DateOfService or AgingBasis.Submission, "basis", "is date-of-service or submission.");
        if (!v.IsValid) return v.Problem();
        await using var connection = await db.OpenSnapshotAsync();
        return TypedResults.Ok(await LoadAsync(connection, user.TenantId(), asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), basis ?? AgingBasis.DateOfService));
    }

    /// <summary>The insurance balances at the end of <paramref name="day"/>, by payer and age.</summary>
    public static async Task<ArAging> LoadAsync(NpgsqlConnection connection, Guid tenant, DateOnly day, string basis = AgingBasis.DateOfService)
    {
        // A superseded claim's balance lives on with its replacement; entries after asOf are not yet history.
        var rows = await connection.QueryAsync<ClaimBalance>(
            $"""
            SELECT c.payer_id, c.payer_name, c.submitted_at, c.date_of_service, sum({LedgerTotals.BalanceEffectSql}) AS balance
            FROM claims c JOIN ledger_entries l ON l.tenant_id = c.tenant_id AND l.claim_id = c.claim_id
            WHERE c.tenant_id = @Tenant AND c.superseded_by IS NULL AND c.submitted_at < @End AND l.created_at < @End
            GROUP BY c.claim_id, c.payer_id, c.payer_name, c.submitted_at, c.date_of_service
            HAVING sum({LedgerTotals.BalanceEffectSql}) <> 0
            """, new { Tenant = tenant, End = EndOf(day) });
        var payers = rows.GroupBy(r => (r.PayerId, r.PayerName))
            .Select(g =>
            {
                var buckets = AgingBuckets.Of(g.Select(r => (day.DayNumber - (basis == AgingBasis.Submission
                    ? DateOnly.FromDateTime(r.SubmittedAt.UtcDateTime) : r.DateOfService).DayNumber, r.Balance)));
                return new PayerAging(g.Key.PayerId, g.Key.PayerName, g.Count(), buckets, buckets.Total);
            })
            .OrderBy(p => p.PayerName).ToList();
        var totals = new AgingBuckets(payers.Sum(p => p.Buckets.Days0To30), payers.Sum(p => p.Buckets.Days31To60), payers.Sum(p => p.Buckets.Days61To90),
            payers.Sum(p => p.Buckets.Days91To120), payers.Sum(p => p.Buckets.Over120));
        return new ArAging(day, basis, payers, totals, totals.Total);
    }

    public static DateTimeOffset EndOf(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
