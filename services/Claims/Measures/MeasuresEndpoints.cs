using System.Text.Json;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Denials;
using RevenueCycle.Contracts.Payments;
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
/// <remarks>
/// CleanClaimRate (HFMA MAP Key "clean claim rate"): claims that passed the edits with no manual intervention (never held by the
/// scrubber before they were first sent) and that the payer took into adjudication on that first submission, over the claims the
/// payer has answered. InitialDenialRate (HFMA MAP Key "initial denial rate"): claims denied in whole or in part on their first
/// adjudication over the claims adjudicated; InitialLineDenialRate the same for service lines (a line the payer neither paid nor
/// adjusted with a denial CARC) over the lines adjudicated.
/// </remarks>
public sealed record ClaimMeasures(
    DateOnly From, DateOnly To, int ClaimsSubmitted, int AwaitingPayerAnswer, int AwaitingAdjudication,
    Rate FirstPassAcceptance, Rate DenialRate, Rate FirstPassResolution, IReadOnlyList<DenialCategoryCount> DenialsByCategory,
    Rate CleanClaimRate, Rate InitialDenialRate, Rate InitialLineDenialRate);

public static class MeasuresEndpoints
{
    const int MaxDays = 731;

    public static RouteGroupBuilder MapMeasures(this RouteGroupBuilder group)
    {
        group.MapGet("/", Get).WithDescription(
            "Claim measures for the original claims first submitted between from and to (default the last 30 days). " +
            "firstPassAcceptance = claims taken into adjudication on first submission / claims answered (>= 95%). " +
            "cleanClaimRate = claims never held by the scrubber before their first submission and taken into adjudication on it / claims answered " +
            "(HFMA MAP Key; >= 95%, best 98%). denialRate = claims whose first adjudication denied them / claims adjudicated (< 5%). " +
            "initialDenialRate = claims denied in whole or in part on first adjudication / claims adjudicated (< 5%); initialLineDenialRate = lines " +
            "denied on first adjudication (adjusted with a denial CARC; CO-24 capitation and other contractual CARCs are not denials) / lines adjudicated. firstPassResolution = claims paid on first adjudication without rework / claims adjudicated (>= 90%).");
        group.MapGet("/denials-by-week", DenialsByWeek).WithDescription(
            "The denial rate week by week, for the last `weeks` weeks (default 12, at most 104; weeks start on Monday, UTC), with the reasons: " +
            "each original claim counts once, in the week of its first adjudication (paid, partially paid or denied); rate = claims denied on it / " +
            "claims adjudicated that week; categories are the denied claims' CARC categories. Weeks with no adjudication have no rate.");
        return group;
    }

    public sealed record WeekOfDenials(DateOnly WeekStart, int Adjudicated, int Denied, decimal? RatePercent, IReadOnlyList<DenialCategoryCount> Categories);
    public sealed record DenialsByWeekResponse(int Weeks, decimal TargetPercent, IReadOnlyList<WeekOfDenials> Items);

    const int MaxWeeks = 104;

    static async Task<Results<Ok<DenialsByWeekResponse>, ValidationProblem>> DenialsByWeek(ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, int? weeks)
    {
        var v = new Validation();
        var count = weeks ?? 12;
        v.Check(count is >= 1 and <= MaxWeeks, "weeks", $"must be from 1 to {MaxWeeks}.");
        if (!v.IsValid) return v.Problem();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var thisWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var first = thisWeek.AddDays(-7 * (count - 1));
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<(DateTime Week, string Status, string? Category)>(
            """
            SELECT date_trunc('week', a.at AT TIME ZONE 'UTC') AS week, a.status, c.denial->>'category' AS category
            FROM claims c
            CROSS JOIN LATERAL (
                SELECT h.status, h.at FROM claim_history h
                WHERE h.claim_id = c.id AND h.status IN ('paid', 'partially-paid', 'denied') ORDER BY h.id LIMIT 1) a
            WHERE c.tenant_id = @Tenant AND c.frequency = 1 AND c.replaces_claim_id IS NULL AND a.at >= @From
            """, new { Tenant = user.TenantId(), From = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) })).ToList();
        var items = Enumerable.Range(0, count).Select(i =>
        {
            var week = first.AddDays(7 * i);
            var inWeek = rows.Where(r => DateOnly.FromDateTime(r.Week) == week).ToList();
            var denied = inWeek.Where(r => r.Status == ClaimStatus.Denied).ToList();
            return new WeekOfDenials(week, inWeek.Count, denied.Count,
                inWeek.Count == 0 ? null : Math.Round(100m * denied.Count / inWeek.Count, 1, MidpointRounding.AwayFromZero),
                denied.GroupBy(r => r.Category ?? DenialCategories.Other).Select(g => new DenialCategoryCount(g.Key, g.Count()))
                    .OrderByDescending(c => c.Claims).ThenBy(c => c.Category, StringComparer.Ordinal).ToList());
        }).ToList();
        return TypedResults.Ok(new DenialsByWeekResponse(count, 5m, items));
    }

    sealed record CohortClaim
    {
        public string? FirstAnswer { get; init; }
        public string? FirstAdjudication { get; init; }
        public string? DenialCategory { get; init; }
        public bool HeldBeforeSubmission { get; init; }
        public string? FirstPosting { get; init; }
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
            f.denial->>'category' AS denial_category,
            EXISTS (SELECT 1 FROM claim_history h WHERE h.claim_id = f.id AND h.status = 'held' AND h.id < f.submitted_at_id) AS held_before_submission,
            (SELECT p.posting::text FROM claim_payments p WHERE p.claim_id = f.id AND NOT (p.posting->>'isReversal')::boolean
               ORDER BY p.posted_at, p.posting_id LIMIT 1) AS first_posting
        FROM firsts f
        WHERE f.submitted_at >= @From AND f.submitted_at < @Until
        """;

    static bool TakenIntoAdjudication(string? status) => status is ClaimStatus.Accepted or ClaimStatus.Paid or ClaimStatus.PartiallyPaid or ClaimStatus.Denied;

    static bool Paid(string? status) => status is ClaimStatus.Paid or ClaimStatus.PartiallyPaid;


    static async Task<Results<Ok<ClaimMeasures>, ValidationProblem>> Get(ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, string? from, string? to)
    {
        var v = new Validation();
        var end = v.Date(to, "to") ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = v.Date(from, "from") ?? end.AddDays(-29);
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

        var firstPostings = cohort.Select(c => c.FirstPosting is null ? null : JsonSerializer.Deserialize<ClaimPaymentPosted>(c.FirstPosting, ClaimData.Json)).ToList();
        var deniedLines = firstPostings.Sum(p => p?.Lines.Count(l => Adjudication.LineDenied(p, l)) ?? 0);
        var linesAdjudicated = firstPostings.Sum(p => p?.Lines.Count ?? 0);
        var deniedInPart = cohort.Where((c, i) => c.FirstAdjudication == ClaimStatus.Denied || firstPostings[i] is { } p && p.Lines.Any(l => Adjudication.LineDenied(p, l))).Count();

        return TypedResults.Ok(new ClaimMeasures(start, end, cohort.Count, cohort.Count - answered, cohort.Count - adjudicated,
            AtLeast(cohort.Count(c => TakenIntoAdjudication(c.FirstAnswer)), answered, 95m),
            AtMost(denied.Count, adjudicated, 5m),
            AtLeast(cohort.Count(c => Paid(c.FirstAdjudication) && (c.FirstAnswer == ClaimStatus.Accepted || Paid(c.FirstAnswer))), adjudicated, 90m),
            categories,
            AtLeast(cohort.Count(c => !c.HeldBeforeSubmission && TakenIntoAdjudication(c.FirstAnswer)), answered, 95m),
            AtMost(deniedInPart, adjudicated, 5m),
            AtMost(deniedLines, linesAdjudicated, 5m)));
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
