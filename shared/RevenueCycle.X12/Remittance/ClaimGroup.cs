namespace RevenueCycle.X12.Remittance;

/// <summary>Loop 2000: an LX header number, its optional TS3 provider summary and the claims under it.</summary>
public sealed record ClaimGroup
{
    /// <summary>LX01; null when the payer sent claims without an LX.</summary>
    public int? AssignedNumber { get; init; }

    public ProviderSummary? ProviderSummary { get; init; }

    public ValueList<ClaimPayment> Claims { get; init; } = [];
}

/// <summary>TS3: the provider's totals for the group's claims (institutional remittances).</summary>
public sealed record ProviderSummary
{
    public required string ProviderIdentifier { get; init; }
    public required string FacilityTypeCode { get; init; }
    public required DateOnly FiscalPeriodEndDate { get; init; }
    public required decimal TotalClaimCount { get; init; }
    public required decimal TotalClaimChargeAmount { get; init; }
}
