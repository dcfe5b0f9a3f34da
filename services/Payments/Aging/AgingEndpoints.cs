using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Payments.Aging;

/// <summary>Insurance balances by days since submission: 0–30, 31–60, 61–90, 91–120, over 120.</summary>
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

public sealed record ArAging(DateOnly AsOf, IReadOnlyList<PayerAging> Payers, AgingBuckets Totals, decimal Total);

public static class AgingEndpoints
{
    public static RouteGroupBuilder MapArAging(this RouteGroupBuilder group)
    {
        group.MapGet("/ar-aging", Get);
        return group;
    }

    sealed record ClaimBalance
    {
        public string PayerId { get; init; } = "";
        public string PayerName { get; init; } = "";
        public DateTimeOffset SubmittedAt { get; init; }
        public decimal Balance { get; init; }
    }

    static async Task<Ok<ArAging>> Get(ClaimsPrincipal user, NpgsqlDataSource db, DateOnly? asOf)
    {
        await using var connection = await db.OpenSnapshotAsync();
        return TypedResults.Ok(await LoadAsync(connection, user.TenantId(), asOf ?? DateOnly.FromDateTime(DateTime.UtcNow)));
    }

    /// <summary>The insurance balances at the end of <paramref name="day"/>, by payer and age since submission.</summary>
    public static async Task<ArAging> LoadAsync(NpgsqlConnection connection, Guid tenant, DateOnly day)
    {
        // A superseded claim's balance lives on with its replacement; entries after asOf are not yet history.
        var rows = await connection.QueryAsync<ClaimBalance>(
            """
            SELECT c.payer_id, c.payer_name, c.submitted_at,
                   sum(CASE WHEN l.bucket = 'charge' THEN l.amount ELSE -l.amount END) AS balance
            FROM claims c JOIN ledger_entries l ON l.tenant_id = c.tenant_id AND l.claim_id = c.claim_id
            WHERE c.tenant_id = @Tenant AND c.superseded_by IS NULL AND c.submitted_at < @End AND l.created_at < @End
            GROUP BY c.claim_id, c.payer_id, c.payer_name, c.submitted_at
            HAVING sum(CASE WHEN l.bucket = 'charge' THEN l.amount ELSE -l.amount END) <> 0
            """, new { Tenant = tenant, End = EndOf(day) });
        var payers = rows.GroupBy(r => (r.PayerId, r.PayerName))
            .Select(g =>
            {
                var buckets = AgingBuckets.Of(g.Select(r => (day.DayNumber - DateOnly.FromDateTime(r.SubmittedAt.UtcDateTime).DayNumber, r.Balance)));
                return new PayerAging(g.Key.PayerId, g.Key.PayerName, g.Count(), buckets, buckets.Total);
            })
            .OrderBy(p => p.PayerName).ToList();
        var totals = new AgingBuckets(payers.Sum(p => p.Buckets.Days0To30), payers.Sum(p => p.Buckets.Days31To60), payers.Sum(p => p.Buckets.Days61To90),
            payers.Sum(p => p.Buckets.Days91To120), payers.Sum(p => p.Buckets.Over120));
        return new ArAging(day, payers, totals, totals.Total);
    }

    public static DateTimeOffset EndOf(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
