using System.Buffers;
using System.Text;

namespace RevenueCycle.X12;

/// <summary>
/// Reads segments one at a time from a <see cref="TextReader"/> or <see cref="Stream"/>, in chunks,
/// through a pooled buffer: a 100 MB file is never held whole. The delimiters are taken from each ISA.
/// </summary>
/// <example>
/// <code>
/// using var tokenizer = new X12Tokenizer(stream);
/// while (tokenizer.Read())
/// {
///     var segment = tokenizer.Current;
///     if (segment.Is("CLP")) total += segment.RequireDecimal(4);
/// }
/// </code>
/// </example>
public sealed class X12Tokenizer : IDisposable
{
    /// <summary>The ISA is fixed width: 105 characters and its terminator.</summary>
    public const int IsaLength = 106;

    private const int InitialBufferSize = 64 * 1024;
    private const int MaxSegmentLength = 1024 * 1024; // far beyond any guide's longest segment; stops a file without terminators from filling memory

    // Offsets of the 16 element separators in the ISA (before ISA01..ISA16), fixed by the ISA's field widths.
    private static ReadOnlySpan<int> IsaSeparatorOffsets => [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103];
    private const int IsaRepetitionOffset = 82;  // ISA11
    private const int IsaComponentOffset = 104;  // ISA16
    private const int IsaTerminatorOffset = 105; // the character after ISA16

    private readonly TextReader _reader;
    private readonly bool _ownsReader;
    private char[] _buffer;
    private int[] _starts = new int[64];
    private int _start;        // first unconsumed character
    private int _end;          // end of valid characters
    private int _scanned;      // characters after _start already known to hold no terminator
    private long _bufferOffset; // input offset of _buffer[0]
    private bool _endOfInput;
    private bool _expectIsa = true;

    private int _segmentStart;
    private int _segmentLength;
    private int _elementBoundaries;
    private long _segmentOffset;

    public X12Tokenizer(TextReader reader, bool leaveOpen = false)
    {
        _reader = reader;
        _ownsReader = !leaveOpen;
        _buffer = ArrayPool<char>.Shared.Rent(InitialBufferSize);
    }

    public X12Tokenizer(Stream stream, bool leaveOpen = false)
        : this(new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: InitialBufferSize, leaveOpen), leaveOpen: false)
    {
    }

    public static X12Tokenizer FromString(string x12) => new(new StringReader(x12));

    /// <summary>The delimiters of the current interchange (valid once the ISA has been read).</summary>
    public X12Separators Separators { get; private set; } = X12Separators.Default;

    /// <summary>1-based ordinal of the current segment; 0 before the first.</summary>
    public long SegmentPosition { get; private set; }

    /// <summary>The current segment: valid until the next <see cref="Read"/>.</summary>
    public X12Segment Current =>
        new(_buffer.AsSpan(_segmentStart, _segmentLength), _starts.AsSpan(0, _elementBoundaries), Separators, SegmentPosition, _segmentOffset);

    /// <summary>Moves to the next segment; false at the end of the input.</summary>
    /// <exception cref="X12ParseException">The input is not X12: no or malformed ISA, an unterminated segment, an invalid segment id.</exception>
    public bool Read()
    {
        if (!SkipLineBreaks())
            return false;

        var position = SegmentPosition + 1;
        int length;
        if (_expectIsa)
        {
            length = ReadIsa(position);
            _expectIsa = false;
        }
        else
        {
            length = FindTerminator(position);
        }

        _segmentStart = _start;
        _segmentLength = length;
        _segmentOffset = _bufferOffset + _start;
        _start += length + 1;
        _scanned = 0;
        SegmentPosition = position;
        SplitElements();

        var id = _buffer.AsSpan(_segmentStart, _starts[1] - 1);
        if (!IsSegmentId(id))
            throw new X12ParseException($"Segment {position}: '{Truncate(id)}' is not a segment identifier (check the delimiters declared in the ISA)", null, position);
        if (id is "IEA")
            _expectIsa = true;
        return true;
    }

    private bool SkipLineBreaks()
    {
        while (true)
        {
            if (_start == _end && !Fill())
                return false;
            var c = _buffer[_start];
            // Line breaks after terminators are a common courtesy to people reading the file; they are not data.
            // A byte-order mark can precede an ISA read through a TextReader that did not strip it.
            if (c is '\r' or '\n' || (c == '\uFEFF' && _expectIsa))
            {
                _start++;
                continue;
            }
            return true;
        }
    }

    private int ReadIsa(long position)
    {
        while (_end - _start < IsaLength && Fill())
        {
        }
        var available = _buffer.AsSpan(_start, _end - _start);
        if (!available.StartsWith("ISA"))
            throw new X12ParseException($"Segment {position}: an interchange must begin with ISA, found '{Truncate(available[..Math.Min(3, available.Length)])}'", null, position);
        if (available.Length < IsaLength)
            throw X12ParseException.At("ISA", position, null, $"the ISA is {available.Length} characters long; it must be exactly {IsaLength} including its terminator (the file is truncated)");

        var isa = available[..IsaLength];
        var element = isa[3];
        for (var i = 0; i < IsaSeparatorOffsets.Length; i++)
        {
            var offset = IsaSeparatorOffsets[i];
            if (isa[offset] != element)
            {
                throw X12ParseException.At("ISA", position, i,
                    $"the ISA is fixed width: expected the element separator '{element}' at character {offset + 1} (before ISA{i + 1:00}); {DescribeIsaWidth(isa, element, i)}");
            }
        }
        var separators = new X12Separators(element, isa[IsaComponentOffset], isa[IsaRepetitionOffset], isa[IsaTerminatorOffset]);
        try
        {
            separators.Validate();
        }
        catch (ArgumentException e)
        {
            throw new X12ParseException($"ISA at segment {position}: {e.Message}", "ISA", position, null, e);
        }
        Separators = separators;
        return IsaLength - 1;
    }

    private static string DescribeIsaWidth(ReadOnlySpan<char> isa, char element, int index)
    {
        // Say which element has the wrong width: the usual cause is an ISA06/ISA08 not padded to 15.
        var start = index == 0 ? 4 : IsaSeparatorOffsets[index - 1] + 1;
        var rest = isa[start..];
        var end = rest.IndexOf(element);
        var expected = IsaSeparatorOffsets[index] - start;
        return end < 0
            ? $"ISA{index:00} should be {expected} characters"
            : $"ISA{index:00} is {end} characters, it should be {expected}";
    }

    private int FindTerminator(long position)
    {
        var terminator = Separators.Segment;
        while (true)
        {
            var found = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned).IndexOf(terminator);
            if (found >= 0)
                return _scanned + found;
            _scanned = _end - _start;
            if (_scanned > MaxSegmentLength)
                throw new X12ParseException($"Segment {position}: no segment terminator '{terminator}' within {MaxSegmentLength} characters", IdOfPartial(), position);
            if (!Fill())
            {
                var id = IdOfPartial();
                throw new X12ParseException($"{id ?? "Segment"} at segment {position}: the input ends inside the segment (no terminator '{terminator}'): the file is truncated", id, position);
            }
        }
    }

    private string? IdOfPartial()
    {
        var partial = _buffer.AsSpan(_start, _end - _start);
        var end = partial.IndexOf(Separators.Element);
        var id = end < 0 ? partial : partial[..end];
        return IsSegmentId(id) ? new string(id) : null;
    }

    private void SplitElements()
    {
        var text = _buffer.AsSpan(_segmentStart, _segmentLength);
        var separator = Separators.Element;
        var count = 0;
        var start = 0;
        while (true)
        {
            if (count + 2 > _starts.Length)
                Array.Resize(ref _starts, _starts.Length * 2);
            _starts[count++] = start;
            var next = text[start..].IndexOf(separator);
            if (next < 0)
                break;
            start += next + 1;
        }
        _starts[count++] = text.Length + 1;
        _elementBoundaries = count;
    }

    /// <summary>Moves the unread tail to the front (growing the buffer when a segment fills it) and reads more.</summary>
    private bool Fill()
    {
        if (_endOfInput)
            return false;
        if (_start > 0)
        {
            var remaining = _end - _start;
            _buffer.AsSpan(_start, remaining).CopyTo(_buffer);
            _bufferOffset += _start;
            _start = 0;
            _end = remaining;
        }
        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<char>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = larger;
        }
        var read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfInput = true;
            return false;
        }
        _end += read;
        return true;
    }

    private static bool IsSegmentId(ReadOnlySpan<char> id)
    {
        if (id.Length is < 2 or > 3)
            return false;
        foreach (var c in id)
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
                return false;
        return char.IsAsciiLetterUpper(id[0]);
    }

    private static string Truncate(ReadOnlySpan<char> text) => text.Length <= 20 ? new string(text) : new string(text[..20]) + "…";

    public void Dispose()
    {
        if (_ownsReader)
            _reader.Dispose();
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
            ArrayPool<char>.Shared.Return(buffer);
    }
}
