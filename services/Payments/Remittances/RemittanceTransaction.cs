using RevenueCycle.X12.Remittance;

namespace RevenueCycle.Payments.Remittances;

/// <summary>
/// One 835 transaction set in the order posting reads it, which is the order a streaming reader gives it: the header (BPR, TRN,
/// the N1 loops: <see cref="Header"/>, its claims and PLB left empty), then the claims one at a time, then the provider-level
/// adjustments (PLB), read only after the last claim. Posting never needs the whole set in memory at once.
/// </summary>
public sealed record RemittanceTransaction(Remittance835 Header, IEnumerable<ClaimPayment> Claims, Func<IReadOnlyList<ProviderAdjustment>> ProviderAdjustments)
{
    /// <summary>A transaction set the reader has read whole.</summary>
    public static RemittanceTransaction Of(Remittance835 remittance) =>
        new(remittance with { ClaimGroups = [], ProviderAdjustments = [] }, remittance.Claims, () => [.. remittance.ProviderAdjustments]);
}
