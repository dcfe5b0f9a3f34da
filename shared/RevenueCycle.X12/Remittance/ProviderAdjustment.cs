namespace RevenueCycle.X12.Remittance;

/// <summary>
/// One adjustment of a PLB: money taken from or added to the payment outside any claim (an overpayment
/// recovery, interest, a levy). A positive amount reduces the payment.
/// </summary>
public sealed record ProviderAdjustment
{
    public const int MaxAdjustmentsPerSegment = 6; // PLB03..PLB14

    /// <summary>PLB01: the provider (NPI or tax id).</summary>
    public required string ProviderIdentifier { get; init; }

    /// <summary>PLB02: the last day of the provider's fiscal year.</summary>
    public required DateOnly FiscalPeriodDate { get; init; }

    /// <summary>PLB03-1: WO overpayment recovery, L6 interest, FB forwarding balance, 72 authorized return, ...</summary>
    public required string ReasonCode { get; init; }

    /// <summary>PLB03-2: e.g. the patient control number and payer claim number of a recovered claim.</summary>
    public string? Reference { get; init; }

    /// <summary>PLB04.</summary>
    public required decimal Amount { get; init; }
}
