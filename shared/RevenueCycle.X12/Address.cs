namespace RevenueCycle.X12;

/// <summary>An N3/N4 pair: street lines, then city, state and postal code.</summary>
public sealed record Address
{
    public required string Line1 { get; init; }
    public string? Line2 { get; init; }
    public required string City { get; init; }

    /// <summary>N402, two letters for US and Canadian addresses.</summary>
    public string? State { get; init; }

    /// <summary>N403: 837P billing provider addresses need all nine ZIP digits (2010AA N403).</summary>
    public string? PostalCode { get; init; }

    /// <summary>N404, only for addresses outside the United States.</summary>
    public string? CountryCode { get; init; }

    internal static Address FromN3(in X12Segment n3) => new()
    {
        Line1 = n3.RequireString(1),
        Line2 = n3.GetString(2),
        City = "",
    };

    internal Address WithN4(in X12Segment n4) => this with
    {
        City = n4.RequireString(1),
        State = n4.GetString(2),
        PostalCode = n4.GetString(3),
        CountryCode = n4.GetString(4),
    };

    internal static Address FromN4Only(in X12Segment n4) => new Address { Line1 = "", City = "" }.WithN4(n4);

    internal void Write(X12Writer x12)
    {
        x12.Segment("N3").Element(Line1).Element(Line2);
        x12.Segment("N4").Element(City).Element(State).Element(PostalCode).Element(CountryCode);
    }
}
