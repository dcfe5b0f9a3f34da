using RevenueCycle.Payments.Ledger;
using RevenueCycle.Payments.Posting;

namespace RevenueCycle.Payments.Tests;

public class Posting_arithmetic
{
    static readonly RemittanceClaim Paid = new("PCN1", 1, 250m, 133.53m, 30m, "PAYER1", [],
    [
        new RemittanceLine("99214", ["25"], null, null, 180m, 112.4m, null, [new CasAdjustment("CO", "45", 47.6m), new CasAdjustment("PR", "2", 20m)], ["N130"]),
        new RemittanceLine("80053", [], null, null, 70m, 21.13m, null, [new CasAdjustment("CO", "45", 38.87m), new CasAdjustment("PR", "1", 10m)], []),
    ]);

    static LedgerTotals WithCharge(decimal charge, IEnumerable<LedgerDraft> entries) =>
        LedgerTotals.Of(entries.Select(e => (e.Bucket, e.Amount)).Append((Bucket.Charge, charge)));

    [Fact]
    public void A_paid_claim_leaves_no_insurance_balance_and_charge_equals_the_sum_of_the_buckets()
    {
        var entries = PostingRules.Entries(Paid, [1, 2]);
        var totals = WithCharge(250m, entries);

        Assert.Equal(133.53m, totals.InsurancePaid);
        Assert.Equal(86.47m, totals.Adjustments);
        Assert.Equal(30m, totals.PatientResponsibility);
        Assert.Equal(0m, totals.InsuranceBalance);
        Assert.Equal(totals.Charge, totals.InsurancePaid + totals.Adjustments + totals.PatientResponsibility + totals.InsuranceBalance);
        Assert.All(entries, e => Assert.NotNull(e.LineNumber));
    }

    [Fact]
    public void Patient_responsibility_is_split_by_CARC()
    {
        var share = PostingRules.PatientShare([.. PostingRules.Entries(Paid, [1, 2]),
            new LedgerDraft(null, EntryKind.TransferToPatient, Bucket.PatientResponsibility, "PR", "3", 15m, ""),
            new LedgerDraft(null, EntryKind.TransferToPatient, Bucket.PatientResponsibility, "PR", "96", 5m, "")]);

        Assert.Equal(new RevenueCycle.Contracts.Payments.PatientResponsibility(10m, 20m, 15m, 5m, 0m), share);
    }

    [Theory]
    [InlineData("1", PostingRules.ShareKind.Deductible)]
    [InlineData("66", PostingRules.ShareKind.Deductible)]
    [InlineData("2", PostingRules.ShareKind.Coinsurance)]
    [InlineData("3", PostingRules.ShareKind.Copay)]
    [InlineData("241", PostingRules.ShareKind.Copay)]
    [InlineData("96", PostingRules.ShareKind.NonCovered)]
    [InlineData("204", PostingRules.ShareKind.NonCovered)]
    [InlineData("27", PostingRules.ShareKind.NonCovered)]
    [InlineData("119", PostingRules.ShareKind.NonCovered)]
    [InlineData("100", PostingRules.ShareKind.Other)]
    [InlineData("187", PostingRules.ShareKind.Other)]
    [InlineData("B9", PostingRules.ShareKind.Other)]
    public void Each_patient_responsibility_reason_falls_in_one_kind(string carc, PostingRules.ShareKind kind) =>
        Assert.Equal(kind, PostingRules.KindOf(carc));

    [Fact]
    public void A_payment_the_payer_made_to_the_patient_is_owed_as_other_and_named_in_the_ledger()
    {
        var toPatient = new RemittanceClaim("PCN4", 1, 100m, 0m, 80m, null, [],
            [new RemittanceLine("99213", [], null, null, 100m, 0m, null, [new CasAdjustment("CO", "45", 20m), new CasAdjustment("PR", "100", 80m)], [])]);
        var entries = PostingRules.Entries(toPatient, [1]);

        Assert.Equal(new RevenueCycle.Contracts.Payments.PatientResponsibility(0m, 0m, 0m, 0m, 80m), PostingRules.PatientShare(entries));
        Assert.Contains(entries, e => e.Description == "Transfer to patient: the payer paid the patient (PR-100)");
        Assert.Equal(0m, WithCharge(100m, entries).InsuranceBalance);
    }

    [Fact]
    public void A_denial_stays_in_the_insurance_balance_as_denied_until_it_is_worked()
    {
        // CO-50 (not medically necessary) is a denial to appeal or write off, not a contractual allowance: it stays in AR.
        var denied = new RemittanceClaim("PCN2", ClaimStatus.Denied, 100m, 0m, 0m, null, [new CasAdjustment("CO", "50", 100m)], []);
        var totals = WithCharge(100m, PostingRules.Entries(denied, []));
        Assert.Equal((0m, 0m, 100m, 100m), (totals.InsurancePaid, totals.Adjustments, totals.InsuranceBalance, totals.DeniedOpen));
    }

    [Fact]
    public void Capitation_CO_24_is_a_contractual_adjustment_not_a_denial()
    {
        // CARC 24: "Charges are covered under a capitation agreement/managed care plan" — the payer paid by capitation.
        var capitated = new RemittanceClaim("PCN5", 1, 100m, 0m, 0m, null, [], [new RemittanceLine("99213", [], null, null, 100m, 0m, null, [new CasAdjustment("CO", "24", 100m)], [])]);
        var totals = WithCharge(100m, PostingRules.Entries(capitated, [1]));
        Assert.Equal((100m, 0m, 0m), (totals.Adjustments, totals.InsuranceBalance, totals.DeniedOpen));
    }

    [Fact]
    public void A_reversal_takes_back_every_entry_of_the_earlier_posting()
    {
        var posted = PostingRules.Entries(Paid, [1, 2]);
        var reversed = PostingRules.Reverse(posted);
        var totals = WithCharge(250m, [.. posted, .. reversed]);

        Assert.All(reversed, e => Assert.Equal(EntryKind.Reversal, e.Kind));
        Assert.Equal((0m, 0m, 0m, 250m), (totals.InsurancePaid, totals.Adjustments, totals.PatientResponsibility, totals.InsuranceBalance));
    }

    [Fact]
    public void A_payment_the_lines_do_not_explain_posts_at_claim_level()
    {
        var claimOnly = new RemittanceClaim("PCN3", 1, 100m, 80m, 0m, null, [new CasAdjustment("CO", "45", 20m)], []);
        var entries = PostingRules.Entries(claimOnly, []);
        Assert.All(entries, e => Assert.Null(e.LineNumber));
        Assert.Equal(0m, WithCharge(100m, entries).InsuranceBalance);
    }
}
