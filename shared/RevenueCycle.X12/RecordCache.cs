namespace RevenueCycle.X12;

/// <summary>
/// Shares one immutable model record among the segments that spell it the same way: the procedure
/// <c>HC:99213</c>, the rendering provider's NM1, the remark <c>HE*N130</c> come back on thousands of
/// lines of one remittance. Every record kept here is immutable, and records compare by value, so a
/// shared instance is indistinguishable from a fresh one — it only saves the allocation, and the GC's
/// copying of what the transaction keeps alive.
/// </summary>
/// <remarks>
/// Keyed by the raw segment text, looked up without creating a string (<see cref="Dictionary{TKey,TValue}.GetAlternateLookup{TAlternateKey}"/>).
/// The text means the same record only under the same delimiters: the owner calls <see cref="Clear"/>
/// when an interchange declares different ones. Bounded, like <see cref="StringCache"/>, so a hostile
/// or unusual file (every key distinct) costs a lookup per segment and no more memory.
/// </remarks>
internal sealed class RecordCache<T> where T : class
{
    private const int MaxKeyLength = 80;
    private const int RecentSlotBits = 10;
    private const int RecentSlots = 1 << RecentSlotBits;
    private readonly int _maxEntries;
    private readonly Dictionary<string, T> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    // A direct-mapped front for the dictionary, as in StringCache: the same few procedures and parties come back
    // line after line, and comparing the key with the one in its slot is cheaper than hashing it.
    private readonly (string? Key, T? Record)[] _recent = new (string?, T?)[RecentSlots];

    public RecordCache(int maxEntries = 4096)
    {
        _maxEntries = maxEntries;
        _lookup = _records.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool TryGet(ReadOnlySpan<char> key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T record)
    {
        if (key.Length > MaxKeyLength || key.IsEmpty)
        {
            record = null;
            return false;
        }
        ref var recent = ref _recent[Slot(key)];
        if (recent.Key is { } recentKey && key.SequenceEqual(recentKey))
        {
            record = recent.Record!;
            return true;
        }
        if (!_lookup.TryGetValue(key, out var actualKey, out record))
            return false;
        recent = (actualKey, record);
        return true;
    }

    public void Add(ReadOnlySpan<char> key, T record)
    {
        if (key.Length > MaxKeyLength || key.IsEmpty || _records.Count >= _maxEntries)
            return;
        var stored = new string(key);
        if (_records.TryAdd(stored, record))
            _recent[Slot(key)] = (stored, record);
    }

    public void Clear()
    {
        _records.Clear();
        Array.Clear(_recent);
    }

    /// <summary>
    /// A cheap spread of the keys over the slots: the length and the last eight characters, where procedure codes, modifiers
    /// and identifiers differ. (The last four alone put HC:80053:25 and HC:99213:25 in one slot, and a remittance's lines
    /// alternating between them went to the dictionary every time.)
    /// </summary>
    private static int Slot(ReadOnlySpan<char> key)
    {
        ulong last = 0, before = 0;
        if (key.Length >= 8)
        {
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(key[^8..]);
            before = System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(bytes);
            last = System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(bytes[8..]);
        }
        else
        {
            foreach (var c in key)
                last = last << 16 | c;
        }
        var hash = (last * 0x9E3779B97F4A7C15UL) ^ (before * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)key.Length;
        return (int)((hash * 0x9E3779B97F4A7C15UL) >> (64 - RecentSlotBits));
    }
}
