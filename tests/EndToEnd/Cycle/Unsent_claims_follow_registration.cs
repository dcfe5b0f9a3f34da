// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// A claim that has not left yet — ready and waiting for the biller's release, not only held — goes out with
/// what registration says at the moment it is sent: the payer of its coverage, the practice profile, and the
/// coverage now at its place in the order of benefits when the front desk reorders the patient's plans.
/// </summary>
public sealed partial class Unsent_claims_follow_registration(PlatformFixture platform)
{
    static async Task ManualReleaseAsync(CycleHarness h) =>
        await h.Expect(await h.Client.PutAsJsonAsync("/api/claims/settings", new { autoSubmit = false }), HttpStatusCode.OK);

    static async Task ReleaseAsync(CycleHarness h, Guid claimId) =>
        Assert.Equal(HttpStatusCode.Accepted, (await h.Client.PostAsync($"/api/claims/{claimId}/submit", null)).StatusCode);

    static object CoverageBody(Guid payer, string memberId, string priority) => FrontDesk.Coverage(payer, priority, memberId);

    [Fact]
    public async Task A_ready_claim_waiting_for_release_takes_the_new_payer_and_the_new_practice_profile()
    {
        await using var h = await StartAsync(platform, "Cycle: ready claim, payer and profile changed before release");
        await ManualReleaseAsync(h);
        var (oldPayer, oldPayerId) = await h.PayerAsync("Summit Health PPO");
        var (newPayer, newPayerId) = await h.PayerAsync("Prairie Medicare Advantage", claimFilingCode: "16");
        var memberId = h.NewMemberId();
        await h.MemberAsync(newPayerId, memberId, Plan(deductible: 500m, deductibleMet: 500m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Barbara", "McClintock");
        var coverage = await h.CoverageAsync(patient, oldPayer, memberId);

        var encounter = await h.VisitAsync(patient, ["J02.0"], Line("99213"));
        var claim = Id(await h.ClaimForEncounterAsync(encounter));
        var ready = await h.ClaimInStatusAsync(claim, "ready");
        Assert.Equal(oldPayerId, Str(ready, "payerId"));

        await h.FrontDesk.SetPracticeAsync(FrontDesk.Practice(taxId: "987654321", zip: "627015678"));
        await h.Expect(await h.Client.PutAsJsonAsync($"/api/coverages/{coverage}", CoverageBody(newPayer, memberId, "primary")), HttpStatusCode.OK);
        var moved = (JsonElement)await Eventually.Get<object>(async () =>
        {
            var c = await h.ClaimAsync(claim);
            return Str(c, "payerId") == newPayerId && History(c).Any(d => d.Contains("Payer changed by registration")) ? c : null;
        }, Patience, "the ready claim to take the new payer");
        Assert.Equal("ready", Str(moved, "status"));
        Assert.Equal("Prairie Medicare Advantage", Str(moved, "payerName"));
        // Still waiting for the biller: nothing was sent while it was re-scrubbed.
        Assert.Equal(0, (await h.Client.GetFromJsonAsync<JsonElement>("/api/claims/batches")).GetProperty("items").GetArrayLength());

        await Eventually.Get<object>(async () => History(await h.ClaimAsync(claim)).Count(d => d.StartsWith("Scrubbed clean.")) >= 3 ? true : null,
            Patience, "the practice profile change to re-scrub the ready claim");
        await ReleaseAsync(h, claim);
        var paid = await h.ClaimInStatusAsync(claim, "paid");
        Assert.Equal(newPayerId, Str(paid, "payerId"));
        var x12 = await h.Client.GetStringAsync($"/api/claims/{claim}/x12");
        Assert.Contains($"*PI*{newPayerId}~", x12);
        Assert.DoesNotContain(oldPayerId, x12);
        Assert.Contains("~REF*EI*987654321~", x12); // 2010AA tax id from the new profile
        Assert.Contains("*IL*627015678~", x12);     // 2010AA N4 with the new ZIP+4
        var batch = Assert.Single((await h.Client.GetFromJsonAsync<JsonElement>("/api/claims/batches")).GetProperty("items").EnumerateArray());
        Assert.Equal(newPayerId, Str(batch, "payerId"));
        await Invariants.AssertAsync(h, patient);
    }

    [Fact]
    public async Task A_claim_waiting_for_release_follows_a_reorder_of_the_patients_plans_and_its_secondary_goes_to_the_old_primary()
    {
        await using var h = await StartAsync(platform, "Cycle: plans reordered before release");
        await ManualReleaseAsync(h);
        var (planA, planAId) = await h.PayerAsync("Summit Health PPO");
        var (planB, planBId) = await h.PayerAsync("Lakeside Employer Plan");
        var memberA = h.NewMemberId();
        var memberB = h.NewMemberId();
        await h.MemberAsync(planAId, memberA, Plan(deductible: 0m, deductibleMet: 0m, coinsurancePercent: 20m));
        await h.MemberAsync(planBId, memberB, Plan(deductible: 0m, deductibleMet: 0m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Chien-Shiung", "Wu");
        var coverageA = await h.CoverageAsync(patient, planA, memberA, "primary");
        var coverageB = await h.CoverageAsync(patient, planB, memberB, "secondary");

        var encounter = await h.VisitAsync(patient, ["J02.0"], Line("99213"));
        var claim = Id(await h.ClaimForEncounterAsync(encounter));
        Assert.Equal(planAId, Str(await h.ClaimInStatusAsync(claim, "ready"), "payerId"));

        // The front desk learns plan B is primary. One priority at a time (registration allows one plan per
        // priority on any day): A steps aside first, and the claim is held, as nothing is primary for the visit.
        await h.Expect(await h.Client.PutAsJsonAsync($"/api/coverages/{coverageA}", CoverageBody(planA, memberA, "tertiary")), HttpStatusCode.OK);
        var held = await h.ClaimInStatusAsync(claim, "held");
        var edit = Assert.Single(held.GetProperty("edits").EnumerateArray());
        Assert.Equal("coverage.priority", Str(edit, "rule"));
        Assert.Contains("registration lists that coverage as tertiary", Str(edit, "message"));

        await h.Expect(await h.Client.PutAsJsonAsync($"/api/coverages/{coverageB}", CoverageBody(planB, memberB, "primary")), HttpStatusCode.OK);
        await h.Expect(await h.Client.PutAsJsonAsync($"/api/coverages/{coverageA}", CoverageBody(planA, memberA, "secondary")), HttpStatusCode.OK);
        var ready = (JsonElement)await Eventually.Get<object>(async () =>
        {
            var c = await h.ClaimAsync(claim);
            return Str(c, "status") == "ready" && Str(c, "payerId") == planBId ? c : null;
        }, Patience, "the claim to bill plan B, now primary");
        Assert.Empty(ready.GetProperty("edits").EnumerateArray());

        await ReleaseAsync(h, claim);
        await h.ClaimInStatusAsync(claim, "paid");
        var x12 = await h.Client.GetStringAsync($"/api/claims/{claim}/x12");
        Assert.Equal($"NM1*PR*2*Lakeside Employer Plan*****PI*{planBId}", PayerName().Match(x12).Value); // 2010BB
        Assert.Contains($"~SBR*S*", x12);                                                              // 2320: A is secondary now
        Assert.Contains($"*PI*{planAId}~", x12);                                                       // 2330B names it

        // After plan B paid, the secondary claim goes to plan A with B's payment on it.
        var secondary = await h.ClaimForEncounterAsync(encounter, "secondary");
        Assert.Equal(planAId, Str(secondary, "payerId"));
        await h.ClaimInStatusAsync(Id(secondary), "ready");
    }

    static List<string> History(JsonElement claim) =>
        claim.GetProperty("history").EnumerateArray().Select(e => Str(e, "detail") ?? "").ToList();

    [GeneratedRegex(@"NM1\*PR\*2\*[^~]*")]
    private static partial Regex PayerName();
}
