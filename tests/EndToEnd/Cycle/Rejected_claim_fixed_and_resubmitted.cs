// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net.Http.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// The 277CA rejects a claim (subscriber not found, A3:33); the registration is fixed and the claim is
/// resubmitted through a correction, which for a rejected claim is a new original (frequency 1).
/// </summary>
public sealed class Rejected_claim_fixed_and_resubmitted(PlatformFixture platform)
{
    [Fact]
    public async Task A_claim_rejected_for_an_unknown_subscriber_is_resubmitted_once_the_payer_knows_the_member_and_paid()
    {
        await using var h = await StartAsync(platform, "Cycle: rejection fixed at the payer");
        var (payer, payerId) = await h.PayerAsync("Summit Health PPO", new { allowedPercent = 80m });
        var memberId = h.NewMemberId();
        await h.MemberAsync(payerId, memberId, Plan(invalid: true));
        var patient = await h.PatientAsync("Mary", "Shelley");
        await h.CoverageAsync(patient, payer, memberId);

        var encounter = await h.VisitAsync(patient, ["J02.0"], Line("99213"));
        var claim = await h.ClaimForEncounterAsync(encounter);
        await h.ClaimInStatusAsync(Id(claim), "rejected");
        Assert.Contains((await h.ClaimsAsync("&status=rejected")), c => Id(c) == Id(claim));

        await h.MemberAsync(payerId, memberId, Plan(deductible: 500m, deductibleMet: 500m, coinsurancePercent: 20m));
        var resubmittedId = Id(await h.CorrectAsync(Id(claim), new { }));
        var resubmitted = await h.ClaimInStatusAsync(resubmittedId, "paid");
        Assert.Equal(1, resubmitted.GetProperty("frequency").GetInt32());
        Assert.Equal(Id(claim).ToString(), Str(resubmitted, "replacesClaimId"));
        await h.ClaimThroughAsync(resubmittedId, "accepted");
        Assert.DoesNotContain("REF*F8*", await h.Client.GetStringAsync($"/api/claims/{resubmittedId}/x12"));
        Assert.Equal("closed", Str(await h.ClaimAsync(Id(claim)), "status"));
        Assert.DoesNotContain((await h.ClaimsAsync("&status=rejected")), c => Id(c) == Id(claim));

        var ledger = await h.LedgerWhenAsync(resubmittedId, l => M(l, "insurancePaid") == 96m, "the resubmitted claim paid");
        Assert.Equal((150m, 30m, 24m, 0m), (M(ledger, "charge"), M(ledger, "adjustments"), M(ledger, "patientResponsibility"), M(ledger, "insuranceBalance")));
        await h.AccountWithBalanceAsync(patient, 24m);

        await Invariants.AssertAsync(h, patient);
    }

    [Fact]
    public async Task A_claim_rejected_for_a_mistyped_member_id_goes_again_with_the_id_corrected_in_registration_and_is_paid()
    {
        await using var h = await StartAsync(platform, "Cycle: rejection fixed in registration");
        var (payer, payerId) = await h.PayerAsync("Summit Health PPO", new { allowedPercent = 80m });
        var mistyped = h.NewMemberId();
        var memberId = h.NewMemberId();
        await h.MemberAsync(payerId, mistyped, Plan(invalid: true));
        await h.MemberAsync(payerId, memberId, Plan(deductible: 500m, deductibleMet: 500m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Grace", "Hopper");
        var coverage = await h.CoverageAsync(patient, payer, mistyped);

        var encounter = await h.VisitAsync(patient, ["J02.0"], Line("99213"));
        var claim = await h.ClaimForEncounterAsync(encounter);
        await h.ClaimInStatusAsync(Id(claim), "rejected");
        Assert.Contains($"*MI*{mistyped}~", await h.Client.GetStringAsync($"/api/claims/{Id(claim)}/x12"));

        // The front desk fixes the member id on the coverage; eligibility now answers for the real member.
        var fixedCoverage = await h.Client.PutAsJsonAsync($"/api/coverages/{coverage}", FrontDesk.Coverage(payer, memberId: memberId));
        Assert.True(fixedCoverage.IsSuccessStatusCode, await fixedCoverage.Content.ReadAsStringAsync());
        Assert.Equal("active", Str(await h.EligibilityAsync(coverage), "status"));
        await Task.Delay(TimeSpan.FromSeconds(3)); // let Claims take the CoverageChanged in, as a biller would not correct in the same second

        var resubmittedId = Id(await h.CorrectAsync(Id(claim), new { }));
        var resubmitted = await h.ClaimInStatusAsync(resubmittedId, "submitted", "accepted", "rejected", "paid");
        var x12 = await h.Client.GetStringAsync($"/api/claims/{resubmittedId}/x12");
        Assert.True(x12.Contains($"*MI*{memberId}~"),
            $"the resubmitted claim should carry the member id corrected in registration ({memberId}), but its 837P has: " +
            string.Join(" ", x12.Split('~').Where(s => s.StartsWith("NM1*IL"))));
        var paid = await h.ClaimInStatusAsync(resubmittedId, "paid");
        Assert.Equal(1, paid.GetProperty("frequency").GetInt32());
        await h.LedgerWhenAsync(resubmittedId, l => M(l, "insurancePaid") == 96m, "the resubmitted claim paid");
        await h.AccountWithBalanceAsync(patient, 24m);

        await Invariants.AssertAsync(h, patient);
    }
}
