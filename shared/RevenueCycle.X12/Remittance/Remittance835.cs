namespace RevenueCycle.X12.Remittance;

/// <summary>
/// One 835 health care claim payment/advice (005010X221A1): one payment (BPR) from one payer to one
/// payee, explained claim by claim and line by line.
/// </summary>
public sealed record Remittance835 : Remittance835Header
{
    public Remittance835() { }

    /// <summary>A whole transaction set: the header a streaming read gave, with the claims and PLB read after it.</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public Remittance835(Remittance835Header header) : base(header) { }

    /// <summary>Loop 2000: claims grouped under LX header numbers.</summary>
    public ValueList<ClaimGroup> ClaimGroups { get; init; } = [];

    /// <summary>PLB: provider-level adjustments, one per reason:reference and amount pair.</summary>
    public ValueList<ProviderAdjustment> ProviderAdjustments { get; init; } = [];

    /// <summary>Every claim, across the LX groups.</summary>
    public IEnumerable<ClaimPayment> Claims => ClaimGroups.SelectMany(group => group.Claims);
}
