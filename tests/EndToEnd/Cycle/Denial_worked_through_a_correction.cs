// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net.Http.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>A payer denies a lumbar X-ray for want of prior authorization; the claim is corrected with the authorization number and paid.</summary>
public sealed class Denial_worked_through_a_correction(PlatformFixture platform)
{
    [Fact]
    public async Task A_claim_denied_for_missing_prior_authorization_is_corrected_and_paid()
    {
        await using var h = await StartAsync(platform, "Cycle: denial");
        var (payer, payerId) = await h.PayerAsync("Blue Plains BCBS", new { allowedPercent = 80m, requirePriorAuthorizationFor = new[] { "72100" } });
        var memberId = h.NewMemberId();
        await h.MemberAsync(payerId, memberId, Plan(deductible: 1000m, deductibleMet: 1000m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Henry", "Ford");
        var coverage = await h.CoverageAsync(patient, payer, memberId);
        Assert.Equal("active", Str(await h.EligibilityAsync(coverage), "status"));

        var encounter = await h.VisitAsync(patient, ["M54.50"], Line("72100"));
        var claim = await h.ClaimForEncounterAsync(encounter);
        var denied = await h.ClaimInStatusAsync(Id(claim), "denied");
        Assert.Equal("197", Str(denied.GetProperty("denial"), "carc"));
        var queue = await h.Client.GetJsonAsync("/api/claims/denials", Patience);
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), c => Id(c) == Id(claim));
        // The denial stays in AR while it is worked (it is not written off at posting).
        var deniedLedger = await h.LedgerWhenAsync(Id(claim), l => M(l, "denied") == 100m, "the denial posted");
        Assert.Equal((0m, 0m, 0m, 100m), (M(deniedLedger, "insurancePaid"), M(deniedLedger, "adjustments"), M(deniedLedger, "patientResponsibility"),
            M(deniedLedger, "insuranceBalance")));
        Assert.Contains(deniedLedger.GetProperty("entries").EnumerateArray(), e => Str(e, "group") == "CO" && Str(e, "carc") == "197");

        var authorization = "PA-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var replacementId = Id(await h.CorrectAsync(Id(claim), new { priorAuthorizationNumber = authorization }));
        var replacement = await h.ClaimInStatusAsync(replacementId, "paid");
        Assert.Equal(7, replacement.GetProperty("frequency").GetInt32());
        Assert.Equal(Id(claim).ToString(), Str(replacement, "replacesClaimId"));
        Assert.Equal(authorization, Str(replacement, "priorAuthorizationNumber"));
        var x12 = await h.Client.GetStringAsync($"/api/claims/{replacementId}/x12");
        Assert.Contains($"REF*G1*{authorization}~", x12);
        Assert.Contains($"REF*F8*{Str(denied, "payerClaimNumber")}~", x12);
        Assert.Contains(":B:7*", x12);
        Assert.Equal("closed", Str(await h.ClaimAsync(Id(claim)), "status"));
        Assert.DoesNotContain((await h.Client.GetJsonAsync("/api/claims/denials", Patience)).GetProperty("items").EnumerateArray(), c => Id(c) == Id(claim));

        // $100 charged, 80% allowed = $80, 20% coinsurance $16, $64 paid.
        var ledger = await h.LedgerWhenAsync(replacementId, l => M(l, "insurancePaid") == 64m, "the replacement paid");
        Assert.Equal((100m, 64m, 20m, 16m, 0m),
            (M(ledger, "charge"), M(ledger, "insurancePaid"), M(ledger, "adjustments"), M(ledger, "patientResponsibility"), M(ledger, "insuranceBalance")));
        await h.AccountWithBalanceAsync(patient, 16m);

        await Invariants.AssertAsync(h, patient);
    }

    // Writing a claim off must take its balance out of AR with the reason on the ledger, not only close the claim.
    [Fact]
    public async Task A_denied_claim_written_off_leaves_AR_with_its_reason_on_the_ledger()
    {
        await using var h = await StartAsync(platform, "Cycle: write-off");
        var (payer, payerId) = await h.PayerAsync("Prairie Mutual", new { allowedPercent = 80m, requirePriorAuthorizationFor = new[] { "72100" } });
        var memberId = h.NewMemberId();
        await h.MemberAsync(payerId, memberId, Plan(deductible: 1000m, deductibleMet: 1000m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Ida", "Tarbell");
        await h.CoverageAsync(patient, payer, memberId);
        var claim = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["M54.50"], Line("72100")));
        await h.ClaimInStatusAsync(Id(claim), "denied");
        await h.LedgerWhenAsync(Id(claim), l => M(l, "denied") == 100m, "the denial posted");
        Assert.Equal(100m, M(await h.Client.GetJsonAsync("/api/payments/ar-aging", Patience), "total"));

        await h.PostAsync($"/api/claims/{Id(claim)}/write-off", new { reason = "Authorization cannot be obtained retroactively" });

        var ledger = await h.LedgerWhenAsync(Id(claim), l => M(l, "insuranceBalance") == 0m, "the write-off posted");
        var writeOff = Assert.Single(ledger.GetProperty("entries").EnumerateArray(), e => Str(e, "kind") == "write-off");
        Assert.Equal(100m, M(writeOff, "amount"));
        Assert.Contains("Authorization cannot be obtained retroactively", Str(writeOff, "description"));
        Assert.Equal((100m, 0m), (M(ledger, "adjustments"), M(ledger, "denied")));
        Assert.Equal(0m, M(await h.Client.GetJsonAsync("/api/payments/ar-aging", Patience), "total"));
        Assert.Equal("closed", Str(await h.ClaimAsync(Id(claim)), "status"));
        await Invariants.AssertAsync(h, patient);
    }

    // Payers differ on corrected claims: some take a replacement (frequency 7), others want a new original; the policy is the payer's.
    [Fact]
    public async Task A_payer_that_takes_corrections_as_new_claims_gets_a_new_original_and_GET_payer_rules_says_so()
    {
        await using var h = await StartAsync(platform, "Cycle: correction policy");
        var (payer, payerId) = await h.PayerAsync("Lakeshore Medicaid", new { allowedPercent = 80m, requirePriorAuthorizationFor = new[] { "72100" } }, "MC");
        await h.Expect(await h.Client.PutAsJsonAsync($"/api/claims/payer-rules/{payerId}", new { correctionPolicy = "new-claim" }), System.Net.HttpStatusCode.OK);
        Assert.Equal("new-claim", Str(await h.Client.GetJsonAsync($"/api/claims/payer-rules/{payerId}", Patience), "correctionPolicy"));
        var bad = await h.Client.PutAsJsonAsync($"/api/claims/payer-rules/{payerId}", new { correctionPolicy = "sometimes" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("correctionPolicy", await bad.Content.ReadAsStringAsync());

        var memberId = h.NewMemberId();
        await h.MemberAsync(payerId, memberId, Plan(deductible: 1000m, deductibleMet: 1000m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Nellie", "Bly");
        await h.CoverageAsync(patient, payer, memberId);
        var claim = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["M54.50"], Line("72100")));
        await h.ClaimInStatusAsync(Id(claim), "denied");

        var correctedId = Id(await h.CorrectAsync(Id(claim), new { priorAuthorizationNumber = "PA-4242" }));
        var corrected = await h.ClaimInStatusAsync(correctedId, "paid");
        Assert.Equal(1, corrected.GetProperty("frequency").GetInt32());
        Assert.Contains("its correction policy", Str(corrected.GetProperty("history")[0], "detail"));
        var x12 = await h.Client.GetStringAsync($"/api/claims/{correctedId}/x12");
        Assert.DoesNotContain("REF*F8*", x12);
        await Invariants.AssertAsync(h, patient);
    }
}
