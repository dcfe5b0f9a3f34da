// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// The claim measures a practice watches (GET /api/claims/measures), on three claims of one practice:
/// one paid, one denied for want of prior authorization, one rejected at the front end; the denial's
/// correction is the second pass of the same claim and changes none of the first-pass figures.
/// </summary>
public sealed class Claim_measures(PlatformFixture platform)
{
    // The API leaves out what has no value (a rate of no claims has no percent).
    static (decimal? Percent, int Count, int OutOf, bool? Meets) Rate(JsonElement m, string name)
    {
        var r = m.GetProperty(name);
        return (r.TryGetProperty("percent", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDecimal() : null,
            r.GetProperty("count").GetInt32(), r.GetProperty("outOf").GetInt32(),
            r.TryGetProperty("meetsTarget", out var t) && t.ValueKind is JsonValueKind.True or JsonValueKind.False ? t.GetBoolean() : null);
    }

    [Fact]
    public async Task First_pass_acceptance_denial_rate_and_first_pass_resolution_count_each_original_claim_once()
    {
        await using var h = await StartAsync(platform, "Cycle: measures");
        var (payer, payerId) = await h.PayerAsync("Blue Plains BCBS", new { allowedPercent = 80m, requirePriorAuthorizationFor = new[] { "72100" } });
        var member = h.NewMemberId();
        var unknown = h.NewMemberId();
        await h.MemberAsync(payerId, member, Plan());
        await h.MemberAsync(payerId, unknown, Plan(invalid: true));

        var paid = await h.PatientAsync("Paula", "Paid");
        await h.CoverageAsync(paid, payer, member);
        var denied = await h.PatientAsync("Dennis", "Denied");
        await h.CoverageAsync(denied, payer, member);
        var rejected = await h.PatientAsync("Rita", "Rejected");
        await h.CoverageAsync(rejected, payer, unknown);

        var paidClaim = await h.ClaimForEncounterAsync(await h.VisitAsync(paid, ["J02.0"], Line("99213")));
        var deniedClaim = await h.ClaimForEncounterAsync(await h.VisitAsync(denied, ["M54.50"], Line("72100")));
        var rejectedClaim = await h.ClaimForEncounterAsync(await h.VisitAsync(rejected, ["J02.0"], Line("99213")));
        await h.ClaimInStatusAsync(Id(paidClaim), "paid");
        await h.ClaimInStatusAsync(Id(deniedClaim), "denied");
        await h.ClaimInStatusAsync(Id(rejectedClaim), "rejected");

        // A fourth claim is held by the practice's own edit (the payer rule asks for an authorization), a biller lifts the rule, and it
        // is paid: accepted on its first submission, but not clean (HFMA: a claim a person had to touch is not a clean claim).
        await h.Expect(await h.Client.PutAsJsonAsync($"/api/claims/payer-rules/{payerId}", new { priorAuthorizationRequired = new[] { "93000" } }),
            HttpStatusCode.OK);
        var touched = await h.PatientAsync("Tom", "Touched");
        await h.CoverageAsync(touched, payer, member);
        var touchedClaim = await h.ClaimForEncounterAsync(await h.VisitAsync(touched, ["I48.91"], Line("93000")));
        await h.ClaimInStatusAsync(Id(touchedClaim), "held");
        await h.Expect(await h.Client.PutAsJsonAsync($"/api/claims/payer-rules/{payerId}", new { priorAuthorizationRequired = Array.Empty<string>() }),
            HttpStatusCode.OK);
        await h.ClaimInStatusAsync(Id(touchedClaim), "paid");

        var measures = await h.Client.GetJsonAsync("/api/claims/measures", Patience);
        Assert.Equal(4, measures.GetProperty("claimsSubmitted").GetInt32());
        Assert.Equal(0, measures.GetProperty("awaitingPayerAnswer").GetInt32());
        Assert.Equal(1, measures.GetProperty("awaitingAdjudication").GetInt32()); // the rejected one never reached adjudication
        Assert.Equal((75.0m, 3, 4, false), Rate(measures, "firstPassAcceptance"));
        Assert.Equal((33.3m, 1, 3, false), Rate(measures, "denialRate"));
        Assert.Equal((66.7m, 2, 3, false), Rate(measures, "firstPassResolution"));
        var category = Assert.Single(measures.GetProperty("denialsByCategory").EnumerateArray());
        Assert.Equal(("authorization", 1), (Str(category, "category"), category.GetProperty("claims").GetInt32()));
        Assert.Equal(95m, measures.GetProperty("firstPassAcceptance").GetProperty("targetPercent").GetDecimal());
        // HFMA MAP Keys: clean claims (no edit held them, accepted on first submission) over the claims answered; initial denials over
        // the claims adjudicated, and the denied lines over the lines adjudicated.
        Assert.Equal((50.0m, 2, 4, false), Rate(measures, "cleanClaimRate"));
        Assert.Equal((33.3m, 1, 3, false), Rate(measures, "initialDenialRate"));
        Assert.Equal((33.3m, 1, 3, false), Rate(measures, "initialLineDenialRate"));

        // The dashboard's weekly denial chart: the same first adjudications, all in this week, with the denial's reason.
        var weekly = await h.Client.GetJsonAsync("/api/claims/measures/denials-by-week?weeks=4", Patience);
        var weeks = weekly.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(4, weeks.Count);
        var thisWeek = weeks[^1];
        Assert.Equal(DayOfWeek.Monday, DateOnly.Parse(Str(thisWeek, "weekStart")!).DayOfWeek);
        Assert.Equal((3, 1, 33.3m), (thisWeek.GetProperty("adjudicated").GetInt32(), thisWeek.GetProperty("denied").GetInt32(), thisWeek.GetProperty("ratePercent").GetDecimal()));
        Assert.Equal("authorization", Str(Assert.Single(thisWeek.GetProperty("categories").EnumerateArray()), "category"));
        Assert.All(weeks.SkipLast(1), w => Assert.Equal(0, w.GetProperty("adjudicated").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, (await h.Client.GetAsync("/api/claims/measures/denials-by-week?weeks=0")).StatusCode);

        // Worked: the denial corrected and paid, the rejection resubmitted. Second passes are not new claims.
        var replacement = Id(await h.CorrectAsync(Id(deniedClaim), new { priorAuthorizationNumber = "PA-12345" }));
        await h.ClaimInStatusAsync(replacement, "paid");
        var after = await h.Client.GetJsonAsync("/api/claims/measures", Patience);
        Assert.Equal(4, after.GetProperty("claimsSubmitted").GetInt32());
        Assert.Equal((75.0m, 3, 4, false), Rate(after, "firstPassAcceptance"));
        Assert.Equal((33.3m, 1, 3, false), Rate(after, "denialRate"));
        Assert.Equal((50.0m, 2, 4, false), Rate(after, "cleanClaimRate"));

        // A period without claims has no rates rather than zeros; bad periods are refused by name.
        var empty = await h.Client.GetJsonAsync("/api/claims/measures?from=2020-01-01&to=2020-01-31", Patience);
        Assert.Equal((0, (decimal?)null, (bool?)null), (empty.GetProperty("claimsSubmitted").GetInt32(), Rate(empty, "denialRate").Percent, Rate(empty, "denialRate").Meets));
        var badDate = await h.Client.GetAsync("/api/claims/measures?from=2026-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("\"from\"", await badDate.Content.ReadAsStringAsync());
        var reversed = await h.Client.GetAsync("/api/claims/measures?from=2026-02-01&to=2026-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        var otherPractice = await StartAsync(platform, "Cycle: measures, another practice");
        Assert.Equal(0, (await otherPractice.Client.GetJsonAsync("/api/claims/measures", Patience)).GetProperty("claimsSubmitted").GetInt32());
        await otherPractice.DisposeAsync();
    }
}
