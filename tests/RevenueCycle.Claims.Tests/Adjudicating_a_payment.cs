using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Denials;
using RevenueCycle.Contracts.Payments;

namespace RevenueCycle.Claims.Tests;

public class Adjudicating_a_payment
{
    static ClaimPaymentPosted Posted(string status, decimal paid, decimal balance, params PostedAdjustment[] adjustments) =>
        new(Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, "RC1", null, status, "ACME01", "Acme", new DateOnly(2025, 6, 20), null, 100m, paid,
            adjustments, new PatientResponsibility(0, 0, 0, 0, 0), balance, false, [], [], DateTimeOffset.UtcNow);

    [Fact]
    public void CLP02_4_is_a_denial_with_its_category() =>
        Assert.Equal((ClaimStatus.Denied, "authorization"), Outcome(Posted("4", 0, 0, new PostedAdjustment("CO", "197", 100m, null))));

    [Fact]
    public void Nothing_paid_with_a_denial_reason_is_a_denial() =>
        Assert.Equal((ClaimStatus.Denied, "eligibility"), Outcome(Posted("1", 0, 0, new PostedAdjustment("CO", "27", 100m, null))));

    [Fact]
    public void A_payment_with_only_the_contractual_reduction_is_paid() =>
        Assert.Equal((ClaimStatus.Paid, null), Outcome(Posted("1", 80, 0, new PostedAdjustment("CO", "45", 20m, null))));

    [Fact]
    public void Nothing_paid_because_of_the_deductible_is_paid_not_denied() =>
        Assert.Equal((ClaimStatus.Paid, null), Outcome(Posted("1", 0, 0, new PostedAdjustment("PR", "1", 100m, null))));

    [Fact]
    public void A_payment_leaving_an_insurance_balance_is_partial() =>
        Assert.Equal((ClaimStatus.PartiallyPaid, null), Outcome(Posted("1", 50, 50)));

    // X12 CARC 24 "Charges are covered under a capitation agreement/managed care plan": the payer paid by capitation, nothing is denied.
    [Fact]
    public void Capitation_CO_24_with_nothing_paid_is_paid_not_denied() =>
        Assert.Equal((ClaimStatus.Paid, null), Outcome(Posted("1", 0, 0, new PostedAdjustment("CO", "24", 100m, 1))));

    // MOA03-07 claim-level remarks (e.g. MA130: "unprocessable, no appeal rights") say how the denial is worked: kept with it.
    [Fact]
    public void A_denial_keeps_the_claim_level_MOA_remarks() =>
        Assert.Equal(["MA130", "N290"], Adjudication.Decide(Posted("4", 0, 100m, new PostedAdjustment("CO", "16", 100m, null)) with
            { ClaimRemarks = ["MA130"], Rarcs = ["N290"] }).Denial!.Remarks);

    [Theory]
    [InlineData("27", "eligibility"), InlineData("197", "authorization"), InlineData("16", "coding"), InlineData("97", "coding"),
     InlineData("50", "medical-necessity"), InlineData("29", "timely-filing"), InlineData("18", "duplicate"), InlineData("96", "other")]
    public void Denials_are_categorised_by_CARC(string carc, string category) => Assert.Equal(category, DenialCategories.For(carc));

    static (string, string?) Outcome(ClaimPaymentPosted p)
    {
        var (status, denial) = Adjudication.Decide(p);
        return (status, denial?.Category);
    }
}
