namespace RevenueCycle.X12.Eligibility;

/// <summary>Checks the HL structure of a 270/271: 20 source, 21 receiver under it, 22 subscriber under the receiver, 23 dependent under a subscriber.</summary>
internal sealed class EligibilityHierarchy
{
    private readonly Dictionary<int, string> _levels = [];

    public string? Current { get; private set; }

    public string Start(in X12Segment hl)
    {
        var id = hl.RequireInt(1);
        if (id != _levels.Count + 1)
            throw hl.Error(1, $"HL ids must count up from 1: expected {_levels.Count + 1}, found {id}");
        var level = hl.Element(3) switch
        {
            "20" => EligibilityLevels.InformationSource,
            "21" => EligibilityLevels.InformationReceiver,
            "22" => EligibilityLevels.Subscriber,
            "23" => EligibilityLevels.Dependent,
            var other => throw hl.Error(3, $"'{other}' is not an eligibility level (20, 21, 22, 23)"),
        };
        var expectedParent = level switch
        {
            EligibilityLevels.InformationSource => null,
            EligibilityLevels.InformationReceiver => EligibilityLevels.InformationSource,
            EligibilityLevels.Subscriber => EligibilityLevels.InformationReceiver,
            _ => EligibilityLevels.Subscriber,
        };
        var parent = hl.GetInt(2);
        if (expectedParent is null ? parent is not null : parent is null || !_levels.TryGetValue(parent.Value, out var actual) || actual != expectedParent)
            throw hl.Error(2, expectedParent is null ? "the information source level has no parent" : $"a level {level} must have a level {expectedParent} HL as its parent");
        _levels[id] = level;
        Current = level;
        return level;
    }
}
