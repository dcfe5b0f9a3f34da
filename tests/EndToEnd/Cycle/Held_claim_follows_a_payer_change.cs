// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// A claim held in the work queue when the front desk learns the patient changed plans: the coverage now names
/// another payer, so the held claim bills that payer (payer id and name, SBR09 claim filing code), is scrubbed
/// again under that payer's rules, and goes to it.
/// </summary>
public sealed partial class Held_claim_follows_a_payer_change(PlatformFixture platform)
{
    [Fact]
    public async Task A_claim_held_for_the_old_payers_rule_takes_the_new_payer_is_scrubbed_for_it_and_paid_by_it()
    {
        await using var h = await StartAsync(platform, "Cycle: held claim, coverage switched to another payer");
        var (oldPayer, oldPayerId) = await h.PayerAsync("Summit Health PPO");
        var (newPayer, newPayerId) = await h.PayerAsync("Prairie Medicare Advantage", claimFilingCode: "16");
        // Only the old payer wants a prior authorization for an office visit.
        await h.Expect(await h.Client.PutAsJsonAsync($"/api/claims/payer-rules/{oldPayerId}", new { priorAuthorizationRequired = new[] { "99213" } }),
            HttpStatusCode.OK);
        var memberId = h.NewMemberId();
        await h.MemberAsync(newPayerId, memberId, Plan(deductible: 500m, deductibleMet: 500m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Rosalind", "Franklin");
        var coverage = await h.CoverageAsync(patient, oldPayer, memberId);

        var encounter = await h.VisitAsync(patient, ["J02.0"], Line("99213"));
        var claim = await h.ClaimForEncounterAsync(encounter);
        var held = await h.ClaimInStatusAsync(Id(claim), "held");
        Assert.Equal(oldPayerId, Str(held, "payerId"));
        Assert.Contains(held.GetProperty("edits").EnumerateArray(), e => Str(e, "rule") == "payer.prior-authorization");

        // Same coverage, another payer (and filing code): Registration publishes CoverageChanged.
        await h.Expect(await h.Client.PutAsJsonAsync($"/api/coverages/{coverage}", FrontDesk.Coverage(newPayer, memberId: memberId)), HttpStatusCode.OK);

        var paid = await h.ClaimInStatusAsync(Id(claim), "paid");
        Assert.Equal(newPayerId, Str(paid, "payerId"));
        Assert.Equal("Prairie Medicare Advantage", Str(paid, "payerName"));
        Assert.Empty(paid.GetProperty("edits").EnumerateArray());
        Assert.Contains(paid.GetProperty("history").EnumerateArray(),
            e => Str(e, "detail") is { } d && d.Contains("Payer changed by registration") && d.Contains(oldPayerId) && d.Contains(newPayerId));
        var x12 = await h.Client.GetStringAsync($"/api/claims/{Id(claim)}/x12");
        Assert.Contains($"*PI*{newPayerId}~", x12); // 2010BB NM1*PR
        Assert.DoesNotContain(oldPayerId, x12);
        Assert.Equal("16", Sbr09().Match(x12).Groups[1].Value);
        var batch = Assert.Single((await h.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/claims/batches")).GetProperty("items").EnumerateArray());
        Assert.Equal(newPayerId, Str(batch, "payerId"));

        // The new payer adjudicated it: 80% of 150 allowed, deductible met, 20% coinsurance.
        var ledger = await h.LedgerWhenAsync(Id(claim), l => M(l, "insurancePaid") == 96m, "the claim paid by the new payer");
        Assert.Equal((150m, 30m, 24m, 0m), (M(ledger, "charge"), M(ledger, "adjustments"), M(ledger, "patientResponsibility"), M(ledger, "insuranceBalance")));
        await Invariants.AssertAsync(h, patient);
    }

    [GeneratedRegex(@"~SBR\*P\*[^~]*\*([^*~]*)~")]
    private static partial Regex Sbr09();
}
