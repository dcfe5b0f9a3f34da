namespace RevenueCycle.X12;

/// <summary>A PER segment: contact function (IC information, BL technical, CX claims), name and up to three numbers.</summary>
public sealed record Contact
{
    private const int MaxCommunicationNumbers = 3; // PER03..PER08

    public required string FunctionCode { get; init; }
    public string? Name { get; init; }

    /// <summary>Qualifier (TE telephone, EM email, FX fax, UR web address, EX extension) and number.</summary>
    public ValueList<CommunicationNumber> Numbers { get; init; } = [];

    internal static Contact Read(in X12Segment per)
    {
        List<CommunicationNumber>? numbers = null;
        for (var i = 0; i < MaxCommunicationNumbers; i++)
        {
            var qualifier = per.GetString(3 + i * 2);
            if (qualifier is not null)
                (numbers ??= []).Add(new CommunicationNumber(qualifier, per.RequireString(4 + i * 2)));
        }
        return new Contact { FunctionCode = per.RequireString(1), Name = per.GetString(2), Numbers = ValueList.Freeze(numbers) };
    }

    internal void Write(X12Writer x12)
    {
        if (Numbers.Count > MaxCommunicationNumbers)
            throw new ArgumentException($"A PER carries at most {MaxCommunicationNumbers} communication numbers.");
        x12.Segment("PER").Element(FunctionCode).Element(Name);
        foreach (var number in Numbers)
            x12.Element(number.Qualifier).Element(number.Number);
    }
}

public sealed record CommunicationNumber(string Qualifier, string Number)
{
    public const string Telephone = "TE";
    public const string Email = "EM";
}
