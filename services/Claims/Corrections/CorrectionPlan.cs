namespace RevenueCycle.Claims.Corrections;

/// <summary>How a payer wants corrected claims: a replacement (CLM05-3 7 with REF*F8) or a new original claim.</summary>
public static class CorrectionPolicy
{
    public const string Replacement = "replacement";
    public const string NewClaim = "new-claim";
    public static readonly string[] All = [Replacement, NewClaim];
}

/// <summary>What a correction of a claim becomes, or why it cannot be made now.</summary>
public sealed record CorrectionPlan(bool Replaces, string? Refusal, string Why)
{
    // CMS RARC MA130: "Your claim contains incomplete and/or invalid information, and no appeal rights are afforded because the claim is
    // unprocessable. Please submit a new claim with the complete/correct information." An unprocessable claim is never replaced.
    public const string UnprocessableRemark = "MA130";

    public static CorrectionPlan For(string status, string? payerClaimNumber, string policy, IReadOnlyList<string> denialRemarks)
    {
        if (status == Building.ClaimStatus.Accepted && payerClaimNumber is null)
            return new(false, "The payer has the claim in adjudication (277CA A2) but has not given its claim number yet: a corrected claim now would " +
                "reach it as a second original and be denied as a duplicate (CARC 18). Correct it once its claim number arrives (a later 277CA or the 835).", "");
        if (status == Building.ClaimStatus.Rejected)
            return new(false, null, "the payer rejected it at the front end, so it never entered adjudication: the fix goes as a new original");
        if (payerClaimNumber is null)
            return new(false, null, "the payer gave no claim number to replace: the fix goes as a new original");
        if (denialRemarks.Contains(UnprocessableRemark, StringComparer.OrdinalIgnoreCase))
            return new(false, null, "the payer returned it as unprocessable (MA130), which has no appeal rights and must be sent as a new claim");
        if (policy == CorrectionPolicy.NewClaim)
            return new(false, null, "this payer takes corrections as new claims (its correction policy)");
        return new(true, null, $"replacement (frequency 7) of payer claim number {payerClaimNumber}");
    }
}
