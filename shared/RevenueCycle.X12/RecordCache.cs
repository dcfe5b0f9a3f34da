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
    private readonly int _maxEntries;
    private readonly Dictionary<string, T> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public RecordCache(int maxEntries = 4096)
    {
        _maxEntries = maxEntries;
        _lookup = _records.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool TryGet(ReadOnlySpan<char> key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T record)
    {
        if (key.Length > MaxKeyLength)
        {
            record = null;
            return false;
        }
        return _lookup.TryGetValue(key, out record);
    }

    public void Add(ReadOnlySpan<char> key, T record)
    {
        if (key.Length <= MaxKeyLength && _records.Count < _maxEntries)
            _lookup.TryAdd(key, record);
    }

    public void Clear() => _records.Clear();
}
