namespace RevenueCycle.X12.ClaimStatus;

/// <summary>HL codes of the 276 and the 277 (X212 2000A..2000E), and the check that each level sits under the one the guide puts it under.</summary>
internal sealed class ClaimStatusHierarchy
{
    public const string InformationSource = "20";
    public const string InformationReceiver = "21";
    public const string ServiceProvider = "19";
    public const string Subscriber = "22";
    public const string Dependent = "23";

    private readonly Dictionary<int, string> _levels = [];

    public string? Current { get; private set; }

    public string Start(in X12Segment hl)
    {
        var id = hl.RequireInt(1);
        if (id != _levels.Count + 1)
            throw hl.Error(1, $"HL ids must count up from 1: expected {_levels.Count + 1}, found {id}");
        var level = hl.Element(3) switch
        {
            InformationSource => InformationSource,
            InformationReceiver => InformationReceiver,
            ServiceProvider => ServiceProvider,
            Subscriber => Subscriber,
            Dependent => Dependent,
            var other => throw hl.Error(3, $"'{other}' is not a claim status level (20, 21, 19, 22, 23)"),
        };
        var expectedParent = level switch
        {
            InformationSource => null,
            InformationReceiver => InformationSource,
            ServiceProvider => InformationReceiver,
            Subscriber => ServiceProvider,
            _ => Subscriber,
        };
        var parent = hl.GetInt(2);
        if (expectedParent is null ? parent is not null : parent is null || !_levels.TryGetValue(parent.Value, out var actual) || actual != expectedParent)
            throw hl.Error(2, expectedParent is null ? "the information source level has no parent" : $"a level {level} must have a level {expectedParent} HL as its parent");
        _levels[id] = level;
        Current = level;
        return level;
    }
}

/// <summary>DTP*472 with D8 (one day) or RD8 (CCYYMMDD-CCYYMMDD).</summary>
internal static class ServiceDates
{
    public static (DateOnly From, DateOnly To) Read(in X12Segment dtp)
    {
        var value = dtp.Element(3);
        switch (dtp.Element(2))
        {
            case "D8":
                if (value.Length == 8 && X12Text.TryParseDate(value, out var day))
                    return (day, day);
                break;
            case "RD8":
                if (value.Length == 17 && value[8] == '-' && X12Text.TryParseDate(value[..8], out var from) && X12Text.TryParseDate(value[9..], out var to) && to >= from)
                    return (from, to);
                break;
            default:
                throw dtp.Error(2, $"'{dtp.Element(2)}' is not a date format of DTP*472 (D8, RD8)");
        }
        throw dtp.Error(3, $"'{value}' is not a {dtp.Element(2)} date");
    }

    /// <summary>RD8 always when <paramref name="alwaysRange"/> (the 276's 2200D asks for a range), else D8 for one day.</summary>
    public static void Write(X12Writer x12, DateOnly? from, DateOnly? to, bool alwaysRange)
    {
        if (from is not { } start)
            return;
        var end = to ?? start;
        if (end != start || alwaysRange)
            x12.Segment("DTP").Element("472").Element("RD8").Element($"{X12Text.FormatDate(start)}-{X12Text.FormatDate(end)}");
        else
            x12.Segment("DTP").Element("472").Element("D8").Element(start);
    }
}
