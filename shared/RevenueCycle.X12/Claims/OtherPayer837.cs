namespace RevenueCycle.X12.Claims;

/// <summary>
/// Loops 2320 (other subscriber information), 2330A (other subscriber) and 2330B (other payer): what a
/// payer that adjudicated the claim before decided, so the next payer can coordinate benefits.
/// </summary>
public sealed record OtherPayer837
{
    /// <summary>SBR01 of the other payer.</summary>
    public required PayerResponsibility Responsibility { get; init; }

    /// <summary>SBR02: the patient's relationship to the other subscriber (18 self, 01 spouse, 19 child, ...).</summary>
    public string RelationshipCode { get; init; } = "18";

    public string? GroupNumber { get; init; }

    /// <summary>SBR09.</summary>
    public required string ClaimFilingCode { get; init; }

    /// <summary>Claim-level CAS from the other payer's remittance.</summary>
    public ValueList<Adjustment> Adjustments { get; init; } = [];

    /// <summary>AMT*D: what the other payer paid on the claim.</summary>
    public decimal? PaidAmount { get; init; }

    /// <summary>
    /// AMT*EAF: what the patient still owes after this payer's adjudication (remaining patient liability); X222A1 2320
    /// requires it when the payer in 2330B has adjudicated the claim. Read from the 837; <see cref="Claim837Writer"/> does not write it yet.
    /// </summary>
    public decimal? RemainingPatientLiability { get; init; }

    /// <summary>2330A NM1*IL.</summary>
    public required PersonName SubscriberName { get; init; }

    public required string SubscriberMemberId { get; init; }

    /// <summary>2330B NM1*PR.</summary>
    public required string PayerName { get; init; }

    /// <summary>2330B NM109 (PI); line adjudications (SVD01) refer to it.</summary>
    public required string PayerId { get; init; }
}
