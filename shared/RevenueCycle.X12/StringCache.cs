using System.Runtime.InteropServices;

namespace RevenueCycle.X12;

/// <summary>
/// Hands out one string per distinct short value (reason codes, qualifiers, procedure codes, modifiers),
/// so reading a million CAS segments allocates the string "45" once, not a million times.
/// Longer values (names, claim numbers) are nearly always distinct and are not cached.
/// </summary>
/// <remarks>
/// A value of at most eight characters fits in 128 bits: the table is keyed by those bits, so a lookup
/// packs the value, hashes two integers and compares two integers and a length, with no string hashing
/// or comparison. Open addressing with linear probing, grown to at most <see cref="MaxEntries"/> values
/// (bounded: a hostile file cannot grow it without limit; past it new values are simply not cached).
/// </remarks>
internal sealed class StringCache
{
    public const int MaxCachedLength = 8;
    // 1,024 values in at most 2,048 slots of 32 bytes: 64 KB, below the large object heap's 85,000 bytes. Sized for 16,384, the table
    // grew to 4,096 slots (128 KB) in every reader (every file) that met a thousand distinct short values (patients' first names), on
    // the large object heap, which the GC collects only with generation 2: 4 gen2 collections in 10 reads of a 12 MB 835. The codes a
    // remittance repeats (reasons, remarks, qualifiers, modifiers) come early and are far fewer than 1,024.
    private const int MaxEntries = 1024;
    private const int InitialSlots = 256;

    private Entry[] _slots = new Entry[InitialSlots]; // a power of two, at most half full
    private int _count;

    private struct Entry
    {
        public ulong Low;    // characters 0..3, 16 bits each
        public ulong High;   // the last four characters, when there are more than four
        public string? Value;
        public int Length;   // kept here so that a probe does not read the string
    }

    public string Get(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxCachedLength)
            return new string(value);
        if (value.IsEmpty)
            return "";
        var (low, high) = Pack(value);
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Hash(low, high) & mask; ; i = (i + 1) & mask)
        {
            ref var entry = ref slots[i];
            if (entry.Value is null)
                return Add(ref entry, value, low, high);
            if (entry.Low == low && entry.High == high && entry.Length == value.Length)
                return entry.Value;
        }
    }

    public string? GetOrNull(ReadOnlySpan<char> value) => value.IsEmpty ? null : Get(value);

    private string Add(ref Entry free, ReadOnlySpan<char> value, ulong low, ulong high)
    {
        var created = new string(value);
        if (_count >= MaxEntries)
            return created;
        free = new Entry { Low = low, High = high, Value = created, Length = value.Length };
        if (++_count * 2 > _slots.Length)
            Grow();
        return created;
    }

    private void Grow()
    {
        var old = _slots;
        var slots = new Entry[old.Length * 2];
        var mask = slots.Length - 1;
        foreach (var entry in old)
        {
            if (entry.Value is null)
                continue;
            var i = Hash(entry.Low, entry.High) & mask;
            while (slots[i].Value is not null)
                i = (i + 1) & mask;
            slots[i] = entry;
        }
        _slots = slots;
    }

    /// <summary>
    /// The characters as two words without a loop: up to three in the low word; from four on, the first four in the
    /// low word and the last four in the high one (overlapping when there are fewer than eight). With the length,
    /// that is every character of a value of at most eight (16 bits each; an absent character reads as 0, and the length
    /// tells values apart that pack alike).
    /// </summary>
    private static (ulong Low, ulong High) Pack(ReadOnlySpan<char> value)
    {
        var bytes = MemoryMarshal.AsBytes(value);
        if (value.Length >= 4)
            return (MemoryMarshal.Read<ulong>(bytes), MemoryMarshal.Read<ulong>(bytes[^8..]));
        ulong low = value[0];
        if (value.Length > 1)
            low |= (ulong)value[1] << 16;
        if (value.Length > 2)
            low |= (ulong)value[2] << 32;
        return (low, 0);
    }

    private static int Hash(ulong low, ulong high) =>
        (int)((low * 0x9E3779B97F4A7C15UL ^ high * 0xC2B2AE3D27D4EB4FUL) >> 40);
}
