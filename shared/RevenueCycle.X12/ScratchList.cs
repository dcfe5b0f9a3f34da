namespace RevenueCycle.X12;

/// <summary>
/// A builder's reusable list: items are added while a loop is read, then <see cref="Freeze"/> copies them into
/// the model's <see cref="ValueList{T}"/> and empties the list for the next loop. Unlike a <see cref="List{T}"/>
/// frozen with <see cref="ValueList.Freeze{T}"/>, the builder's list is emptied as it is frozen, so it does not
/// hold the records of the last loop until the next one starts.
/// </summary>
internal sealed class ScratchList<T> where T : class
{
    private readonly ValueList<T> _empty = ValueList<T>.Empty; // read once: a static of a shared generic costs a lookup each time
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
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ValueList<T> Freeze() => _count == 0 ? _empty : FreezeItems();

    private ValueList<T> FreezeItems()
    {
        var count = _count;
        var items = _items;
        var frozen = ValueList<T>.Copy(new ReadOnlySpan<T>(items, 0, count));
        if (count <= 4 && items.Length >= 4) // the usual one to four: cleared in place rather than through a call
        {
            items[0] = null!;
            items[1] = null!;
            items[2] = null!;
            items[3] = null!;
        }
        else
        {
            Array.Clear(items, 0, count);
        }
        _count = 0;
        return frozen;
    }

    /// <summary>
    /// <see cref="Freeze()"/>, or <paramref name="previous"/> when it holds the same items: a list read again as it was (a
    /// header's references in every transaction set of a file) is not copied again.
    /// </summary>
    public ValueList<T> Freeze(ValueList<T>? previous)
    {
        if (previous is null || !AsSpan().SequenceEqual(previous.AsSpan()))
            return Freeze();
        Clear();
        return previous;
    }

    /// <summary>Empties the list, letting go of its items (a scratch list outlives the records it collected).</summary>
    public void Clear()
    {
        if (_count > 0)
            Array.Clear(_items, 0, _count);
        _count = 0;
    }
}
