using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RevenueCycle.X12;

/// <summary>
/// One segment, as a view over the tokenizer's buffer. Nothing is copied: elements and components
/// are slices of the same characters. The view is valid until the tokenizer reads the next segment,
/// which is why it is a <c>ref struct</c>: it cannot be kept by mistake.
/// </summary>
/// <remarks>
/// Element 0 is the segment id; element 1 is the first data element (<c>CLP01</c>). Asking for an element
/// beyond the last one gives an empty span, as X12 drops trailing empty elements.
/// </remarks>
public readonly ref struct X12Segment
{
    private readonly ReadOnlySpan<char> _text;
    private readonly ReadOnlySpan<int> _starts; // start of each element; the last entry is Text.Length + 1

    internal X12Segment(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, X12Separators separators, long position, long offset, int idCode)
    {
        IdCode = idCode;
        _text = text;
        _starts = starts;
        Separators = separators;
        Position = position;
        Offset = offset;
    }

    /// <summary>The segment's characters without its terminator.</summary>
    public ReadOnlySpan<char> Text => _text;

    public X12Separators Separators { get; }

    /// <summary>1-based ordinal of the segment in the input.</summary>
    public long Position { get; }

    /// <summary>Character offset of the segment's first character in the input.</summary>
    public long Offset { get; }

    public ReadOnlySpan<char> Id => Element(0);

    /// <summary>The id packed by <see cref="SegmentIds.Pack"/>, for the readers' per-segment switches.</summary>
    internal int IdCode { get; }

    /// <summary>Number of data elements present (after the id).</summary>
    public int ElementCount => _starts.Length - 2;

    public bool Is(string id) => Id.SequenceEqual(id);

    public ReadOnlySpan<char> Element(int index)
    {
        var starts = _starts;
        if ((ulong)(uint)index + 1 >= (uint)starts.Length) // also a negative index
            return default;
        // Every reader calls this several times a segment: the checks of starts[index], starts[index + 1] and the
        // slice are left out (2-3% of a typed 835 read). The tokenizer makes the starts rising, the first 0 and the
        // last the text's length + 1, so an element is always within the text; debug builds (the tests, the fuzzer)
        // check it.
        ref var first = ref MemoryMarshal.GetReference(starts);
        var start = Unsafe.Add(ref first, index);
        var length = Unsafe.Add(ref first, index + 1) - start - 1;
        System.Diagnostics.Debug.Assert(start >= 0 && length >= 0 && start + length <= _text.Length, "element starts outside the segment");
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(_text), start), length);
    }

    public bool HasElement(int index) => !Element(index).IsEmpty;

    /// <summary>Component <paramref name="component"/> (1-based) of a composite element: <c>Component(1, 2)</c> is SVC01-2, the procedure code.</summary>
    public ReadOnlySpan<char> Component(int element, int component) => ComponentOf(Element(element), component, Separators.Component);

    public X12SplitEnumerator Components(int element) => new(Element(element), Separators.Component);

    public X12SplitEnumerator Repetitions(int element) => new(Element(element), Separators.Repetition);

    internal static ReadOnlySpan<char> ComponentOf(ReadOnlySpan<char> composite, int component, char separator)
    {
        for (var i = 1; i < component; i++)
        {
            var next = composite.IndexOf(separator);
            if (next < 0)
                return default;
            composite = composite[(next + 1)..];
        }
        var end = composite.IndexOf(separator);
        return end < 0 ? composite : composite[..end];
    }

    public override string ToString() => new(_text);

    // Typed access. Each throws X12ParseException naming the element, e.g. "CLP04 at segment 57: ...".

    public string IdString => new(Id);

    // The throwing paths are kept out of line (NoInlining): inlined into every reader method that reads an
    // element, the messages' string building made those methods' frames large and slow to set up.

    [MethodImpl(MethodImplOptions.NoInlining)]
    public X12ParseException Error(int? element, string problem) => X12ParseException.At(IdString, Position, element, problem);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public X12ParseException Error(string problem) => X12ParseException.At(IdString, Position, null, problem);

    /// <summary>"'ABC' is not a decimal amount", naming the element.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal X12ParseException NotA(int element, string what) => Error(element, $"'{Element(element)}' is not {what}");

    public string? GetString(int element) => Element(element) is { IsEmpty: false } value ? new string(value) : null;

    public string RequireString(int element) =>
        GetString(element) ?? throw Error(element, "a value is required");

    public decimal? GetDecimal(int element)
    {
        var value = Element(element);
        if (value.IsEmpty)
            return null;
        var result = X12Text.ParseDecimal(value, out var valid, out _);
        return valid ? result : throw NotA(element, "a decimal amount");
    }

    public decimal RequireDecimal(int element) => RequireDecimal(element, out _);

    /// <summary><see cref="RequireDecimal(int)"/>, with the amount in cents for the balancing checks (<see cref="X12.Cents"/>).</summary>
    internal decimal RequireDecimal(int element, out long cents)
    {
        var value = Element(element);
        if (value.IsEmpty)
            throw Error(element, "an amount is required");
        var result = X12Text.ParseDecimal(value, out var valid, out cents);
        return valid ? result : throw NotA(element, "a decimal amount");
    }

    public int? GetInt(int element)
    {
        var value = Element(element);
        if (value.IsEmpty)
            return null;
        return X12Text.TryParseInt(value, out var result) ? result : throw NotA(element, "a whole number");
    }

    public int RequireInt(int element) =>
        GetInt(element) ?? throw Error(element, "a number is required");

    /// <summary>A CCYYMMDD date (qualifier D8).</summary>
    public DateOnly? GetDate(int element)
    {
        var value = Element(element);
        if (value.IsEmpty)
            return null;
        return X12Text.TryParseDate(value, out var date) ? date : throw NotA(element, "a CCYYMMDD date");
    }

    public DateOnly RequireDate(int element)
    {
        var value = Element(element);
        if (value.IsEmpty)
            throw Error(element, "a date is required");
        return X12Text.TryParseDate(value, out var date) ? date : throw NotA(element, "a CCYYMMDD date");
    }

    public TimeOnly? GetTime(int element)
    {
        var value = Element(element);
        if (value.IsEmpty)
            return null;
        return X12Text.TryParseTime(value, out var time) ? time : throw NotA(element, "an HHMM time");
    }

    public string? GetComponentString(int element, int component) =>
        Component(element, component) is { IsEmpty: false } value ? new string(value) : null;
}

/// <summary>Walks the components or repetitions of an element without allocating.</summary>
public ref struct X12SplitEnumerator
{
    private ReadOnlySpan<char> _remaining;
    private readonly char _separator;
    private bool _done;

    internal X12SplitEnumerator(ReadOnlySpan<char> value, char separator)
    {
        _remaining = value;
        _separator = separator;
        _done = value.IsEmpty;
        Current = default;
    }

    public ReadOnlySpan<char> Current { get; private set; }

    public readonly X12SplitEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_done)
            return false;
        var next = _remaining.IndexOf(_separator);
        if (next < 0)
        {
            Current = _remaining;
            _done = true;
        }
        else
        {
            Current = _remaining[..next];
            _remaining = _remaining[(next + 1)..];
        }
        return true;
    }
}
