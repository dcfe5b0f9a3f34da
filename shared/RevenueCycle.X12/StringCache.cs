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

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringCache() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxCachedLength)
            return new string(value);
        if (value.IsEmpty)
            return "";
        if (_lookup.TryGetValue(value, out var cached))
            return cached;
        var created = new string(value);
        if (_strings.Count < MaxEntries)
            _strings[created] = created;
        return created;
    }

    public string? GetOrNull(ReadOnlySpan<char> value) => value.IsEmpty ? null : Get(value);
}
