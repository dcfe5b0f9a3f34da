using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Denials;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

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

    sealed record CohortClaim
    {
        public string? FirstAnswer { get; init; }
        public string? FirstAdjudication { get; init; }
        public string? DenialCategory { get; init; }
    }

    // For each original claim first submitted in the period: the payer's first answer after that submission
    // (accepted, or rejected by the 277CA, or sent back to held by a 999 rejection, or already adjudicated), and
    // its first adjudication (paid, partially paid or denied). Statuses come from the claim's history.
    const string Cohort =
        """
        WITH firsts AS (
            SELECT c.id, c.denial, min(h.id) AS submitted_at_id, min(h.at) AS submitted_at
            FROM claims c JOIN claim_history h ON h.claim_id = c.id AND h.status = 'submitted'
            WHERE c.tenant_id = @Tenant AND c.frequency = 1 AND c.replaces_claim_id IS NULL
            GROUP BY c.id
        )
        SELECT
            (SELECT h.status FROM claim_history h WHERE h.claim_id = f.id AND h.id > f.submitted_at_id
               AND h.status IN ('accepted', 'rejected', 'held', 'paid', 'partially-paid', 'denied') ORDER BY h.id LIMIT 1) AS first_answer,
            (SELECT h.status FROM claim_history h WHERE h.claim_id = f.id
               AND h.status IN ('paid', 'partially-paid', 'denied') ORDER BY h.id LIMIT 1) AS first_adjudication,
            f.denial->>'category' AS denial_category
        FROM firsts f
        WHERE f.submitted_at >= @From AND f.submitted_at < @Until
        """;

    static bool TakenIntoAdjudication(string? status) => status is ClaimStatus.Accepted or ClaimStatus.Paid or ClaimStatus.PartiallyPaid or ClaimStatus.Denied;

    static bool Paid(string? status) => status is ClaimStatus.Paid or ClaimStatus.PartiallyPaid;

    static async Task<Results<Ok<ClaimMeasures>, ValidationProblem>> Get(ClaimsPrincipal user, NpgsqlDataSource db, string? from, string? to)
    {
        var v = new Validation();
        var end = ParseDate(v, to, "to") ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var start = ParseDate(v, from, "from") ?? end.AddDays(-29);
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
        await using var connection = await db.OpenSnapshotAsync();
        var cohort = (await connection.QueryAsync<CohortClaim>(Cohort, args)).ToList();
        var answered = cohort.Count(c => c.FirstAnswer is not null);
        var adjudicated = cohort.Count(c => c.FirstAdjudication is not null);
        var denied = cohort.Where(c => c.FirstAdjudication == ClaimStatus.Denied).ToList();
        var categories = denied.GroupBy(c => c.DenialCategory ?? DenialCategories.Other)
            .Select(g => new DenialCategoryCount(g.Key, g.Count())).OrderByDescending(c => c.Claims).ThenBy(c => c.Category, StringComparer.Ordinal).ToList();

        return TypedResults.Ok(new ClaimMeasures(start, end, cohort.Count, cohort.Count - answered, cohort.Count - adjudicated,
            AtLeast(cohort.Count(c => TakenIntoAdjudication(c.FirstAnswer)), answered, 95m),
            AtMost(denied.Count, adjudicated, 5m),
            AtLeast(cohort.Count(c => Paid(c.FirstAdjudication) && (c.FirstAnswer == ClaimStatus.Accepted || Paid(c.FirstAnswer))), adjudicated, 90m),
            categories));
    }

    static DateOnly? ParseDate(Validation v, string? text, string field)
    {
        if (text is null) return null;
        var parsed = DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day);
        v.Check(parsed, field, "must be a date (yyyy-MM-dd).");
        return parsed ? day : null;
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
