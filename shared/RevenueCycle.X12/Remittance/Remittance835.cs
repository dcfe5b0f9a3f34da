namespace RevenueCycle.X12.Remittance;

/// <summary>
/// One 835 health care claim payment/advice (005010X221A1): one payment (BPR) from one payer to one
/// payee, explained claim by claim and line by line.
/// </summary>
public sealed record Remittance835
{
    public required X12Envelope Envelope { get; init; }

    /// <summary>BPR: the money movement itself.</summary>
    public required PaymentInformation Payment { get; init; }

    /// <summary>TRN02: the check or EFT trace number, which the payee matches against the bank deposit.</summary>
    public required string TraceNumber { get; init; }

    /// <summary>TRN03: the payer's identifier, "1" followed by its tax id.</summary>
    public string? PayerIdentifier { get; init; }

    /// <summary>TRN04: the originating company's supplemental code.</summary>
    public string? OriginatingCompanySupplementalCode { get; init; }

    /// <summary>Header REF (EV receiver identification, F2 version).</summary>
    public ValueList<Reference> References { get; init; } = [];

    /// <summary>DTM*405: when the payer produced the remittance.</summary>
    public DateOnly? ProductionDate { get; init; }

    /// <summary>Loop 1000A: N1*PR.</summary>
    public required RemittanceParty Payer { get; init; }

    /// <summary>Loop 1000B: N1*PE.</summary>
    public required RemittanceParty Payee { get; init; }

    /// <summary>Loop 2000: claims grouped under LX header numbers.</summary>
    public ValueList<ClaimGroup> ClaimGroups { get; init; } = [];

    /// <summary>PLB: provider-level adjustments, one per reason:reference and amount pair.</summary>
    public ValueList<ProviderAdjustment> ProviderAdjustments { get; init; } = [];

    /// <summary>Every claim, across the LX groups.</summary>
    public IEnumerable<ClaimPayment> Claims => ClaimGroups.SelectMany(group => group.Claims);
}
