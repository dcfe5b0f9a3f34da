namespace RevenueCycle.X12;

/// <summary>
/// Hands out one string per distinct short value (reason codes, qualifiers, procedure codes, modifiers),
/// so reading a million CAS segments allocates the string "45" once, not a million times.
/// Longer values (names, claim numbers) are nearly always distinct and are not cached.
/// </summary>
internal sealed class StringCache
{
    private const int MaxCachedLength = 8;
    private const int MaxEntries = 16 * 1024; // bounded: a hostile file cannot grow it without limit

    private const int RecentSlots = 256;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    // A direct-mapped front for the dictionary: most lookups are for the same few codes ("45", "12", "MI"),
    // and comparing with the one string in the value's slot is cheaper than hashing it for the dictionary.
    private readonly string?[] _recent = new string?[RecentSlots];
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringCache() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxCachedLength)
            return new string(value);
        if (value.IsEmpty)
            return "";
        ref var recent = ref _recent[Slot(value)];
        if (recent is not null && value.SequenceEqual(recent))
            return recent;
        if (!_lookup.TryGetValue(value, out var cached))
        {
            cached = new string(value);
            if (_strings.Count < MaxEntries)
                _strings[cached] = cached;
        }
        recent = cached;
        return cached;
    }

    /// <summary>A cheap spread of short codes over the slots: length, first and last characters.</summary>
    private static int Slot(ReadOnlySpan<char> value) => (value.Length * 31 + value[0] * 7 + value[^1]) & (RecentSlots - 1);

    public string? GetOrNull(ReadOnlySpan<char> value) => value.IsEmpty ? null : Get(value);
}
