using RevenueCycle.X12.Remittance;

namespace RevenueCycle.Payments.Remittances;

/// <summary>
/// One 835 transaction set in the order posting reads it, which is the order a streaming reader gives it: the header (BPR, TRN,
/// the N1 loops: <see cref="Header"/>), then the claims one at a time, then the provider-level
/// adjustments (PLB), read only after the last claim. Posting never needs the whole set in memory at once.
/// </summary>
public sealed record RemittanceTransaction(Remittance835Header Header, IEnumerable<ClaimPayment> Claims, Func<IReadOnlyList<ProviderAdjustment>> ProviderAdjustments)
{
    /// <summary>
    /// The transaction set whose header the reader has just read (<see cref="Remittance835Reader.ReadNextHeader"/>): its claims are read
    /// as posting asks for them, and its PLB once they are all read — memory holds a chunk of claims, never the set.
    /// </summary>
    public static RemittanceTransaction Streamed(Remittance835Header header, Remittance835Reader reader) =>
        new(header, ClaimsOf(reader), () => reader.Trailer is { } trailer
            ? [.. trailer.ProviderAdjustments]
            : throw new InvalidOperationException("The PLB of a transaction set is known only once all its claims are read."));

    static IEnumerable<ClaimPayment> ClaimsOf(Remittance835Reader reader)
    {
        while (reader.ReadNextClaim() is { } claim)
            yield return claim;
    }
}
