namespace RevenueCycle.X12.Remittance;

/// <summary>
/// The header of one 835 (ST, BPR, TRN, CUR, REF, DTM, loops 1000A and 1000B): what a reader streaming claim by
/// claim (<see cref="Remittance835Reader.ReadNextHeader"/>) knows before the first claim. A whole
/// <see cref="Remittance835"/> is this header with its claims and PLB.
/// </summary>
public record Remittance835Header
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
}

/// <summary>
/// The end of one 835, known at its SE: the provider-level adjustments (PLB) and how many claims (CLP) it had. By the
/// time a reader hands it out, the SE count and the transaction's balancing (X221A1 1.10.2.1: BPR02 = Σ CLP04 − Σ PLB)
/// have been checked.
/// </summary>
public sealed record Remittance835Trailer
{
    /// <summary>PLB: provider-level adjustments, one per reason:reference and amount pair.</summary>
    public ValueList<ProviderAdjustment> ProviderAdjustments { get; init; } = [];

    /// <summary>The number of claims (loop 2100) of the transaction set.</summary>
    public required int ClaimCount { get; init; }
}
