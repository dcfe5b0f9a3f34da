using System.Collections;
using System.Runtime.CompilerServices;

namespace RevenueCycle.X12;

/// <summary>
/// An immutable list compared by its items, so that the transaction models (records) have value
/// equality all the way down: a claim read back from X12 equals the claim that was written.
/// Supports collection expressions: <c>Modifiers = ["25", "59"]</c>.
/// </summary>
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private static readonly T[][] Markers = [[], new T[1], new T[2], new T[3]]; // before Empty, which uses the first

    public static readonly ValueList<T> Empty = new(Array.Empty<T>());

    // A list of up to four items keeps them in the list object itself: most lists of an 835 are that short (a line's
    // CAS adjustments, a claim's lines), and a list of them was two objects, wrapper and array. _items is then null for
    // four items and for fewer a shared marker array as long as the count (never read): the count needs no field of
    // its own. A list of more items has them in _items, longer than any marker.
    private readonly T[]? _items;
    private readonly Inline _inline;


    /// <summary>A list of <paramref name="items"/>: that array when there are more than are kept inline, else a copy inline.</summary>
    internal ValueList(T[] items) => _items = items.Length > InlineCapacity ? items : StoreInline(items, ref _inline);

    /// <summary>A list of <paramref name="items"/> kept inline (the caller has checked there are at most four).</summary>
    private ValueList(ReadOnlySpan<T> items) => _items = StoreInline(items, ref _inline);

    /// <summary>Copies up to four items inline; returns what <c>_items</c> is then: the marker of their count, null for four.</summary>
    private static T[]? StoreInline(ReadOnlySpan<T> items, ref Inline inline)
    {
        // Assignments, not a span copy (a call that moves references with the GC's bulk write barrier).
        for (var i = 0; i < items.Length; i++)
            inline[i] = items[i];
        return items.Length < InlineCapacity ? Markers[items.Length] : null;
    }

    /// <summary>A list of <paramref name="items"/>, copied: inline when there are four or fewer.</summary>
    internal static ValueList<T> Copy(ReadOnlySpan<T> items) =>
        items.Length switch
        {
            0 => Empty,
            <= InlineCapacity => new ValueList<T>(items),
            _ => new ValueList<T>(items.ToArray()),
        };

    private const int InlineCapacity = 4;

    [InlineArray(InlineCapacity)]
    private struct Inline
    {
        private T _item;
    }

    public int Count => _items?.Length ?? InlineCapacity;

    public T this[int index] => AsSpan()[index];

    public ReadOnlySpan<T> AsSpan()
    {
        var items = _items;
        if (items is null)
            return _inline;
        return items.Length < InlineCapacity ? ((ReadOnlySpan<T>)_inline)[..items.Length] : items;
    }

    public ReadOnlySpan<T>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() =>
        _items is { Length: > InlineCapacity } items ? ((IEnumerable<T>)items).GetEnumerator() : new InlineEnumerator(this);

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<T>)this).GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || AsSpan().SequenceEqual(other.AsSpan(), EqualityComparer<T>.Default));

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in AsSpan())
            hash.Add(item);
        return hash.ToHashCode();
    }

    public static bool operator ==(ValueList<T>? left, ValueList<T>? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(ValueList<T>? left, ValueList<T>? right) => !(left == right);

    public override string ToString() => "[" + string.Join(", ", AsSpan().ToArray()) + "]";

    /// <summary>LINQ's and other interface callers' enumerator of an inline list (the array's, for the others).</summary>
    private sealed class InlineEnumerator(ValueList<T> list) : IEnumerator<T>
    {
        private int _index = -1;

        public T Current => (uint)_index < (uint)list.Count ? list._inline[_index] : throw new InvalidOperationException("Enumeration has not started or has finished.");

        object? IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_index < list.Count)
                _index++;
            return _index < list.Count;
        }

        public void Reset() => _index = -1;

        public void Dispose()
        {
        }
    }
}

public static class ValueList
{
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => ValueList<T>.Copy(items);

    public static ValueList<T> ToValueList<T>(this IEnumerable<T> items) =>
        items.TryGetNonEnumeratedCount(out var count) && count == 0 ? ValueList<T>.Empty : new ValueList<T>(items.ToArray());

    /// <summary>A copy of a builder's list (its items inline when there are four or fewer); the shared empty list for none.</summary>
    internal static ValueList<T> Freeze<T>(List<T>? items) =>
        items is null ? ValueList<T>.Empty : ValueList<T>.Copy(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items));
}
