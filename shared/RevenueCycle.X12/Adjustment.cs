namespace RevenueCycle.X12;

/// <summary>
/// One reason/amount/quantity triplet of a CAS segment, with its group. A CAS carries up to six
/// triplets of one group; the model keeps one record per triplet, which is what posting needs.
/// </summary>
public sealed record Adjustment(AdjustmentGroup Group, string ReasonCode, decimal Amount, decimal? Quantity = null)
{
    public const int MaxTripletsPerSegment = 6; // CAS02..CAS19

    // The quantity (CAS04, CAS07, ...) is nearly always absent. As a decimal? it took 24 of the record's 72 bytes, on
    // every one of the hundreds of thousands of adjustments of a large 835; as a boxed decimal it takes a reference
    // (56 bytes in all), and an adjustment that has one pays for its box. Records compare their fields with
    // EqualityComparer<object>, which compares boxed decimals by value: equality and hashing are as they were.
    private readonly object? _quantity = Quantity;

    /// <summary>CAS04 (and CAS07, ...): the units adjusted, when the payer sends them.</summary>
    public decimal? Quantity
    {
        get => (decimal?)_quantity;
        init => _quantity = value;
    }

    /// <summary>Reads every triplet of a CAS into <paramref name="into"/> and returns their total in cents (<see cref="Cents"/>).</summary>
    internal static long ReadCas(in X12Segment cas, ScratchList<Adjustment> into, StringCache cache)
    {
        if (!AdjustmentGroupCodes.TryParse(cas.Element(1), out var group))
            throw cas.NotA(1, "a claim adjustment group (CO, PR, OA, PI, CR)");
        var total = 0L;
        var any = false;
        // Trailing empty elements are dropped in X12, so the triplets end with the segment's last element.
        for (var i = 0; i < MaxTripletsPerSegment && 2 + i * 3 <= cas.ElementCount; i++)
        {
            var reasonElement = 2 + i * 3;
            var reason = cas.Element(reasonElement);
            if (reason.IsEmpty)
            {
                if (cas.HasElement(reasonElement + 1))
                    throw cas.Error(reasonElement + 1, "an adjustment amount without its reason code");
                continue;
            }
            var amount = cas.RequireDecimal(reasonElement + 1, out var cents);
            into.Add(new Adjustment(group, cache.Get(reason), amount, cas.GetDecimal(reasonElement + 2)));
            total = Cents.Add(total, cents);
            any = true;
        }
        if (!any)
            throw cas.Error(2, "a CAS needs at least one reason code and amount");
        return total;
    }

    /// <summary>Writes the adjustments as CAS segments: consecutive triplets of one group share a segment, six at most.</summary>
    internal static void WriteCas(X12Writer x12, ReadOnlySpan<Adjustment> adjustments)
    {
        var i = 0;
        while (i < adjustments.Length)
        {
            var group = adjustments[i].Group;
            x12.Segment("CAS").Element(group.ToCode());
            var inSegment = 0;
            while (i < adjustments.Length && adjustments[i].Group == group && inSegment < MaxTripletsPerSegment)
            {
                var adjustment = adjustments[i];
                x12.Element(adjustment.ReasonCode).Element(adjustment.Amount).Element(adjustment.Quantity);
                i++;
                inSegment++;
            }
        }
    }

    internal static decimal Total(ReadOnlySpan<Adjustment> adjustments)
    {
        var total = 0m;
        foreach (var adjustment in adjustments)
            total += adjustment.Amount;
        return total;
    }
}
