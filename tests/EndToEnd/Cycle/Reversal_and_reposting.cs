// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// A paid claim corrected after the fact (a coding audit finds the visit was a 99214): the payer's 835
/// reverses the first payment (CLP02 22) and pays the replacement; both are posted, and the patient's
/// account takes back the first coinsurance and bills the new one.
/// </summary>
public sealed class Reversal_and_reposting(PlatformFixture platform)
{
    [Fact]
    public async Task A_paid_claim_corrected_is_reversed_in_the_835_and_the_replacement_posted()
    {
        await using var h = await StartAsync(platform, "Cycle: reversal");
        var (payer, payerId) = await h.PayerAsync("Summit Health PPO", new { allowedPercent = 80m });
        var memberId = h.NewMemberId();
        await h.MemberAsync(payerId, memberId, Plan(deductible: 500m, deductibleMet: 500m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Alan", "Turing");
        await h.CoverageAsync(patient, payer, memberId);

        var encounter = await h.VisitAsync(patient, ["E11.9"], Line("99213"));
        var original = await h.ClaimForEncounterAsync(encounter);
        var paid = await h.ClaimInStatusAsync(Id(original), "paid");
        await h.LedgerWhenAsync(Id(original), l => M(l, "insurancePaid") == 96m, "the first payment posted");
        await h.AccountWithBalanceAsync(patient, 24m);

        var replacementId = Id(await h.CorrectAsync(Id(original), new
        {
            procedures = new[] { new { code = "99214", modifiers = Array.Empty<string>(), units = 1m, diagnosisPointers = new[] { 1 } } },
        }));
        var replacement = await h.ClaimInStatusAsync(replacementId, "paid");
        Assert.Equal(7, replacement.GetProperty("frequency").GetInt32());
        Assert.Equal(200m, M(replacement, "totalCharge"));
        Assert.Contains($"REF*F8*{Str(paid, "payerClaimNumber")}~", await h.Client.GetStringAsync($"/api/claims/{replacementId}/x12"));

        // The reversal takes back all of the first posting: nothing paid, adjusted or owed is left on the original.
        var first = await h.LedgerWhenAsync(Id(original), l => M(l, "insurancePaid") == 0m, "the reversal posted");
        Assert.Equal((150m, 0m, 0m, 0m), (M(first, "charge"), M(first, "insurancePaid"), M(first, "adjustments"), M(first, "patientResponsibility")));
        var reversals = first.GetProperty("entries").EnumerateArray().Where(e => Str(e, "kind") == "reversal").ToList();
        Assert.Contains(reversals, e => Str(e, "bucket") == "insurance-paid" && M(e, "amount") == -96m);
        Assert.Contains(reversals, e => Str(e, "bucket") == "patient-responsibility" && M(e, "amount") == -24m);

        // The replacement: $200, 80% allowed = $160, CO-45 $40, 20% coinsurance $32, $128 paid.
        var second = await h.LedgerWhenAsync(replacementId, l => M(l, "insurancePaid") == 128m, "the replacement posted");
        Assert.Equal((200m, 128m, 40m, 32m, 0m),
            (M(second, "charge"), M(second, "insurancePaid"), M(second, "adjustments"), M(second, "patientResponsibility"), M(second, "insuranceBalance")));

        var account = await h.AccountWithBalanceAsync(patient, 32m);
        var entries = account.GetProperty("entries").EnumerateArray().ToList();
        var forOriginal = entries.Where(e => Str(e, "claimId") == Id(original).ToString()).ToList();
        Assert.Contains(forOriginal, e => M(e, "amount") == 24m);
        Assert.Contains(forOriginal, e => M(e, "amount") == -24m);
        Assert.Equal(0m, forOriginal.Sum(e => M(e, "amount")));
        Assert.Equal(32m, entries.Where(e => Str(e, "claimId") == replacementId.ToString()).Sum(e => M(e, "amount")));

        await Invariants.AssertAsync(h, patient);
    }
}
