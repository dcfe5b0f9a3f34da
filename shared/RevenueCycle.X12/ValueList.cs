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
    public static readonly ValueList<T> Empty = new([]);

    private readonly T[] _items;

    internal ValueList(T[] items) => _items = items;

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public ReadOnlySpan<T> AsSpan() => _items;

    public ReadOnlySpan<T>.Enumerator GetEnumerator() => new ReadOnlySpan<T>(_items).GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default));

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
            hash.Add(item);
        return hash.ToHashCode();
    }

    public static bool operator ==(ValueList<T>? left, ValueList<T>? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(ValueList<T>? left, ValueList<T>? right) => !(left == right);

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}

public static class ValueList
{
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) =>
        items.IsEmpty ? ValueList<T>.Empty : new ValueList<T>(items.ToArray());

    public static ValueList<T> ToValueList<T>(this IEnumerable<T> items) =>
        items.TryGetNonEnumeratedCount(out var count) && count == 0 ? ValueList<T>.Empty : new ValueList<T>(items.ToArray());

    /// <summary>Takes the list's items without copying when the list is a builder's scratch list about to be dropped.</summary>
    internal static ValueList<T> Freeze<T>(List<T>? items) =>
        items is null || items.Count == 0 ? ValueList<T>.Empty : new ValueList<T>(items.ToArray());
}
