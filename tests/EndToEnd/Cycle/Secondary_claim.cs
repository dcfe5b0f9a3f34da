// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>Primary and secondary coverage: the primary leaves coinsurance, the platform bills the secondary, the patient owes what the secondary leaves.</summary>
public sealed class Secondary_claim(PlatformFixture platform)
{
    [Fact]
    public async Task The_primarys_coinsurance_goes_to_the_secondary_and_the_patient_owes_only_what_it_leaves()
    {
        await using var h = await StartAsync(platform, "Cycle: secondary");
        var (primaryPayer, primaryPayerId) = await h.PayerAsync("Medicare Part B", new { allowedPercent = 80m }, "MB");
        var (secondaryPayer, secondaryPayerId) = await h.PayerAsync("Medigap Supplement", new { allowedPercent = 80m }, "CI");
        var primaryMember = h.NewMemberId();
        var secondaryMember = h.NewMemberId();
        await h.MemberAsync(primaryPayerId, primaryMember, Plan(deductible: 240m, deductibleMet: 240m, coinsurancePercent: 20m));
        await h.MemberAsync(secondaryPayerId, secondaryMember, Plan(deductible: 0m, deductibleMet: 0m, coinsurancePercent: 25m));
        var patient = await h.PatientAsync("Walter", "Brennan");
        await h.CoverageAsync(patient, primaryPayer, primaryMember);
        await h.CoverageAsync(patient, secondaryPayer, secondaryMember, "secondary");

        var encounter = await h.VisitAsync(patient, ["E11.9"], Line("99213"));
        var primary = await h.ClaimForEncounterAsync(encounter);
        await h.ClaimInStatusAsync(Id(primary), "paid");
        // $150: 80% allowed = $120, CO-45 $30, 20% coinsurance $24 left, $96 paid.
        var primaryLedger = await h.LedgerWhenAsync(Id(primary), l => M(l, "insurancePaid") == 96m, "the primary's payment posted");
        Assert.Equal((30m, 24m, 0m), (M(primaryLedger, "adjustments"), M(primaryLedger, "patientResponsibility"), M(primaryLedger, "insuranceBalance")));

        var secondary = await h.ClaimForEncounterAsync(encounter, "secondary");
        Assert.Equal(secondaryPayerId, Str(secondary, "payerId"));
        await h.ClaimInStatusAsync(Id(secondary), "paid");
        var x12 = await h.Client.GetStringAsync($"/api/claims/{Id(secondary)}/x12");
        Assert.Contains("SBR*S*", x12);
        Assert.Contains("AMT*D*96~", x12);
        // The secondary considers the $24 the primary left: 25% coinsurance $6 for the patient, $18 paid, the rest CO-23.
        var secondaryLedger = await h.LedgerWhenAsync(Id(secondary), l => M(l, "insurancePaid") == 18m, "the secondary's payment posted");
        Assert.Equal((150m, 18m, 126m, 6m, 0m), (M(secondaryLedger, "charge"), M(secondaryLedger, "insurancePaid"), M(secondaryLedger, "adjustments"),
            M(secondaryLedger, "patientResponsibility"), M(secondaryLedger, "insuranceBalance")));

        var account = await h.AccountWithBalanceAsync(patient, 6m);
        Assert.Equal(0m, account.GetProperty("entries").EnumerateArray().Where(e => Str(e, "claimId") == Id(primary).ToString()).Sum(e => M(e, "amount")));

        await Invariants.AssertAsync(h, patient);
    }
}
