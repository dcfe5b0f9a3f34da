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
    public static readonly ValueList<T> Empty = new(Array.Empty<T>());

    // A list of one or two items keeps them in the list object itself: most lists of an 835 are that short (a line's
    // CAS adjustments, a claim's lines), and a list of them was two objects, wrapper and array. _items is then null for
    // two items and the shared OneInline for one (a marker of length one, never read): the count needs no field of
    // its own, which makes every list 40 bytes rather than 48.
    private readonly T[]? _items;
    private readonly Two _inline;

    private static readonly T[] OneInline = new T[1];

    internal ValueList(T[] items) => _items = items;

    /// <summary>A list of the first one or two of <paramref name="items"/> (the caller has checked there are 1 or 2).</summary>
    private ValueList(ReadOnlySpan<T> items)
    {
        // One or two assignments, not a span copy (a call that moves references with the GC's bulk write barrier).
        _inline[0] = items[0];
        if (items.Length > 1)
            _inline[1] = items[1];
        else
            _items = OneInline;
    }

    /// <summary>A list of <paramref name="items"/>, copied: inline when there are one or two.</summary>
    internal static ValueList<T> Copy(ReadOnlySpan<T> items) =>
        items.Length switch
        {
            0 => Empty,
            <= InlineCapacity => new ValueList<T>(items),
            _ => new ValueList<T>(items.ToArray()),
        };

    private const int InlineCapacity = 2;

    [InlineArray(InlineCapacity)]
    private struct Two
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
        return ReferenceEquals(items, OneInline) ? ((ReadOnlySpan<T>)_inline)[..1] : items;
    }

    public ReadOnlySpan<T>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() =>
        _items is { } items && !ReferenceEquals(items, OneInline) ? ((IEnumerable<T>)items).GetEnumerator() : new InlineEnumerator(this);

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

    /// <summary>A copy of a builder's list (its items inline when there are one or two); the shared empty list for none.</summary>
    internal static ValueList<T> Freeze<T>(List<T>? items) =>
        items is null ? ValueList<T>.Empty : ValueList<T>.Copy(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items));
}
