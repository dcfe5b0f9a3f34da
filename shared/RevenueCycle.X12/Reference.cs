namespace RevenueCycle.X12;

/// <summary>A REF segment: qualifier (REF01) and identifier (REF02).</summary>
public sealed record Reference(string Qualifier, string Value)
{
    internal static Reference Read(in X12Segment reference, StringCache cache) =>
        new(cache.Get(reference.Element(1)) is { Length: > 0 } qualifier ? qualifier : throw reference.Error(1, "a reference qualifier is required"),
            reference.RequireString(2));

    internal void Write(X12Writer x12) => x12.Segment("REF").Element(Qualifier).Element(Value);
}

/// <summary>An AMT segment: qualifier and amount.</summary>
public sealed record QualifiedAmount(string Qualifier, decimal Amount)
{
    internal static QualifiedAmount Read(in X12Segment amount, StringCache cache) =>
        new(cache.Get(amount.Element(1)) is { Length: > 0 } qualifier ? qualifier : throw amount.Error(1, "an amount qualifier is required"),
            amount.RequireDecimal(2));

    internal void Write(X12Writer x12) => x12.Segment("AMT").Element(Qualifier).Element(Amount);
}

/// <summary>A QTY segment: qualifier and quantity.</summary>
public sealed record QualifiedQuantity(string Qualifier, decimal Quantity)
{
    internal static QualifiedQuantity Read(in X12Segment quantity, StringCache cache) =>
        new(cache.Get(quantity.Element(1)) is { Length: > 0 } qualifier ? qualifier : throw quantity.Error(1, "a quantity qualifier is required"),
            quantity.RequireDecimal(2));

    internal void Write(X12Writer x12) => x12.Segment("QTY").Element(Qualifier).Element(Quantity);
}
