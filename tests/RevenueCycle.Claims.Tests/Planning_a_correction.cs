using RevenueCycle.Claims.Corrections;

namespace RevenueCycle.Claims.Tests;

public class Planning_a_correction
{
    // X222A1 2300 CLM05-3 7 with REF*F8 replaces the payer's claim: it needs the payer's claim control number.
    [Fact]
    public void A_denied_claim_with_a_payer_claim_number_is_replaced_with_frequency_7() =>
        Assert.True(CorrectionPlan.For("denied", "ICN-1", CorrectionPolicy.Replacement, []).Replaces);

    // A claim in adjudication without the payer's number cannot be replaced, and a new original would be a duplicate (CARC 18).
    [Fact]
    public void A_claim_in_adjudication_without_a_payer_claim_number_is_not_resent_as_a_new_original()
    {
        var plan = CorrectionPlan.For("accepted", null, CorrectionPolicy.Replacement, []);
        Assert.False(plan.Replaces);
        Assert.Contains("duplicate", plan.Refusal);
    }

    // X214: a claim rejected by the payer's front end never entered adjudication; there is nothing to replace.
    [Fact]
    public void A_rejected_claim_goes_again_as_a_new_original() =>
        Assert.Equal((false, (string?)null), (CorrectionPlan.For("rejected", "ICN-1", CorrectionPolicy.Replacement, []) is var p ? (p.Replaces, p.Refusal) : default));

    // CMS RARC MA130: unprocessable, no appeal rights, "submit a new claim" — Medicare Part B does not take a replacement for it.
    [Fact]
    public void An_unprocessable_claim_MA130_is_sent_as_a_new_claim_even_to_a_payer_taking_replacements() =>
        Assert.False(CorrectionPlan.For("denied", "ICN-1", CorrectionPolicy.Replacement, ["MA130"]).Replaces);

    [Fact]
    public void A_payer_whose_policy_is_new_claims_gets_a_new_original() =>
        Assert.False(CorrectionPlan.For("paid", "ICN-1", CorrectionPolicy.NewClaim, []).Replaces);
}
