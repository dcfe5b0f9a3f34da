namespace RevenueCycle.X12;

/// <summary>
/// A builder's reusable list: items are added while a loop is read, then <see cref="Freeze"/> copies them into
/// the model's <see cref="ValueList{T}"/> and empties the list for the next loop. Unlike a <see cref="List{T}"/>
/// frozen with <c>ToArray</c> and emptied with <c>Clear</c>, it copies and lets go of the items in one pass,
/// without the calls that cost more than the one or two items a loop usually has.
/// </summary>
internal sealed class ScratchList<T> where T : class
{
    private T[] _items = new T[4];
    private int _count;

    public int Count => _count;

    public T this[int index] => AsSpan()[index];

    public ReadOnlySpan<T> AsSpan() => new(_items, 0, _count);

    public ReadOnlySpan<T>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

    public void Add(T item)
    {
        var items = _items;
        var count = _count;
        if ((uint)count < (uint)items.Length)
        {
            items[count] = item;
            _count = count + 1;
        }
        else
        {
            AddGrowing(item);
        }
    }

    private void AddGrowing(T item)
    {
        Array.Resize(ref _items, _items.Length * 2);
        _items[_count++] = item;
    }

    /// <summary>The items as an immutable list (the shared empty one when there are none); the scratch list is emptied.</summary>
    public ValueList<T> Freeze()
    {
        var count = _count;
        if (count == 0)
            return ValueList<T>.Empty;
        var items = _items;
        var frozen = new T[count];
        for (var i = 0; i < frozen.Length && i < items.Length; i++)
        {
            frozen[i] = items[i];
            items[i] = null!;
        }
        _count = 0;
        return new ValueList<T>(frozen);
    }

    /// <summary>Empties the list, letting go of its items (a scratch list outlives the records it collected).</summary>
    public void Clear()
    {
        var items = _items;
        for (var i = 0; i < _count && i < items.Length; i++)
            items[i] = null!;
        _count = 0;
    }
}
