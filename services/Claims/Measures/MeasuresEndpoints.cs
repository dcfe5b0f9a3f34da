using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Claims.Measures;

/// <summary>A rate with what it is a share of, and the industry target it is watched against.</summary>
public sealed record Rate(decimal? Percent, int Count, int OutOf, decimal TargetPercent, string Target, bool? MeetsTarget);

public sealed record DenialCategoryCount(string Category, int Claims);

/// <summary>
/// The claim measures a practice watches, for the claims first sent in a period (originals only: a
/// correction or resubmission is the second pass of the claim it replaces, not a claim of its own).
/// </summary>
public sealed record ClaimMeasures(
    DateOnly From, DateOnly To, int ClaimsSubmitted, int AwaitingPayerAnswer, int AwaitingAdjudication,
    Rate FirstPassAcceptance, Rate DenialRate, Rate FirstPassResolution, IReadOnlyList<DenialCategoryCount> DenialsByCategory);

public static class MeasuresEndpoints
{
    const int MaxDays = 731;

    public static RouteGroupBuilder MapMeasures(this RouteGroupBuilder group)
    {
        group.MapGet("/", Get);
        return group;
    }

    sealed record Counts
    {
        public int Submitted { get; init; }
        public int AcceptedFirstPass { get; init; }
        public int Answered { get; init; }
        public int Adjudicated { get; init; }
        public int Denied { get; init; }
        public int PaidFirstPass { get; init; }
    }

    sealed record CategoryRow
    {
        public string Category { get; init; } = "";
        public int Claims { get; init; }
    }

    // For each original claim first submitted in the period: the payer's first answer after that submission
    // (accepted, or rejected by the 277CA, or sent back to held by a 999 rejection, or already adjudicated), and
    // its first adjudication (paid, partially paid or denied). Statuses come from the claim's history.
    const string Cohort =
        """
        WITH firsts AS (
            SELECT c.id, c.denial, min(h.id) FILTER (WHERE h.status = 'submitted') AS submitted_at_id,
                   min(h.at) FILTER (WHERE h.status = 'submitted') AS submitted_at
            FROM claims c JOIN claim_history h ON h.claim_id = c.id
            WHERE c.tenant_id = @Tenant AND c.frequency = 1 AND c.replaces_claim_id IS NULL
            GROUP BY c.id
        ), cohort AS (
            SELECT f.id, f.denial,
                (SELECT h.status FROM claim_history h WHERE h.claim_id = f.id AND h.id > f.submitted_at_id
                   AND h.status IN ('accepted', 'rejected', 'held', 'paid', 'partially-paid', 'denied') ORDER BY h.id LIMIT 1) AS first_answer,
                (SELECT h.status FROM claim_history h WHERE h.claim_id = f.id
                   AND h.status IN ('paid', 'partially-paid', 'denied') ORDER BY h.id LIMIT 1) AS first_adjudication
            FROM firsts f
            WHERE f.submitted_at >= @From AND f.submitted_at < @Until
        )
        """;

    static async Task<Results<Ok<ClaimMeasures>, ValidationProblem>> Get(ClaimsPrincipal user, NpgsqlDataSource db, string? from, string? to)
    {
        var v = new Validation();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var end = today;
        var start = today.AddDays(-29);
        v.Check(to is null || DateOnly.TryParseExact(to, "yyyy-MM-dd", out end), "to", "must be a date (yyyy-MM-dd).");
        if (to is null) end = today;
        v.Check(from is null || DateOnly.TryParseExact(from, "yyyy-MM-dd", out start), "from", "must be a date (yyyy-MM-dd).");
        if (from is null) start = end.AddDays(-29);
        if (v.IsValid)
        {
            v.Check(start <= end, "from", "must not be after 'to'.");
            v.Check(end.DayNumber - start.DayNumber < MaxDays, "from", $"the period may span at most {MaxDays} days.");
        }
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        var args = new
        {
            Tenant = tenant,
            From = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            Until = new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };
        await using var connection = await db.OpenConnectionAsync();
        var counts = await connection.QuerySingleAsync<Counts>(Cohort +
            """

            SELECT count(*)::int AS submitted,
                   count(*) FILTER (WHERE first_answer IN ('accepted', 'paid', 'partially-paid', 'denied'))::int AS accepted_first_pass,
                   count(first_answer)::int AS answered,
                   count(first_adjudication)::int AS adjudicated,
                   count(*) FILTER (WHERE first_adjudication = 'denied')::int AS denied,
                   count(*) FILTER (WHERE first_adjudication IN ('paid', 'partially-paid') AND first_answer IN ('accepted', 'paid', 'partially-paid'))::int AS paid_first_pass
            FROM cohort
            """, args);
        var categories = (await connection.QueryAsync<CategoryRow>(Cohort +
            """

            SELECT coalesce(denial->>'category', 'other') AS category, count(*)::int AS claims
            FROM cohort WHERE first_adjudication = 'denied'
            GROUP BY 1 ORDER BY 2 DESC, 1
            """, args)).Select(r => new DenialCategoryCount(r.Category, r.Claims)).ToList();

        return TypedResults.Ok(new ClaimMeasures(start, end, counts.Submitted, counts.Submitted - counts.Answered, counts.Submitted - counts.Adjudicated,
            AtLeast(counts.AcceptedFirstPass, counts.Answered, 95m),
            AtMost(counts.Denied, counts.Adjudicated, 5m),
            AtLeast(counts.PaidFirstPass, counts.Adjudicated, 90m),
            categories));
    }

    // The rates are of the claims the payer has answered (resp. adjudicated): a claim still waiting counts in neither part.
    static Rate AtLeast(int count, int outOf, decimal target) => Of(count, outOf, target, $">= {target}%", p => p >= target);

    static Rate AtMost(int count, int outOf, decimal target) => Of(count, outOf, target, $"< {target}%", p => p < target);

    static Rate Of(int count, int outOf, decimal target, string text, Func<decimal, bool> meets)
    {
        decimal? percent = outOf == 0 ? null : Math.Round(100m * count / outOf, 1, MidpointRounding.AwayFromZero);
        return new Rate(percent, count, outOf, target, text, percent is { } p ? meets(p) : null);
    }
}
