using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    // A StreamReader decodes straight into the reader's buffer when asked for more characters than its own buffer holds;
    // asked for less, it decodes into its buffer and copies. Fill asks for what is free of ours (64K less the partial
    // segment): a 16K reader makes nearly every fill a direct decode.
    private const int StreamReaderBufferSize = 16 * 1024;
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
    private long _bufferOffset; // input offset of _buffer[0]
    private bool _endOfInput;
    private bool _expectIsa = true;

    private int _segmentStart;
    private int _segmentLength;
    private int _elementBoundaries;
    private long _segmentOffset;
    private int _idCode;
    private bool _hasNul; // the segment just scanned has a NUL character

    public X12Tokenizer(TextReader reader, bool leaveOpen = false)
    {
        _reader = reader;
        _ownsReader = !leaveOpen;
        _buffer = ArrayPool<char>.Shared.Rent(InitialBufferSize);
    }

    public X12Tokenizer(Stream stream, bool leaveOpen = false)
        : this(new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: StreamReaderBufferSize, leaveOpen), leaveOpen: false)
    {
    }

    public static X12Tokenizer FromString(string x12) => new(new StringReader(x12));

    /// <summary>The delimiters of the current interchange (valid once the ISA has been read).</summary>
    public X12Separators Separators { get; private set; } = X12Separators.Default;

    /// <summary>1-based ordinal of the current segment; 0 before the first.</summary>
    public long SegmentPosition { get; private set; }

    /// <summary>The current segment: valid until the next <see cref="Read"/>.</summary>
    public X12Segment Current =>
        new(_buffer.AsSpan(_segmentStart, _segmentLength), _starts.AsSpan(0, _elementBoundaries), Separators, SegmentPosition, _segmentOffset, _idCode);

    /// <summary>Moves to the next segment; false at the end of the input.</summary>
    /// <exception cref="X12ParseException">The input is not X12: no or malformed ISA, an unterminated segment, an invalid segment id.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read()
    {
        if (!SkipLineBreaks())
            return false;

        var position = SegmentPosition + 1;
        var length = _expectIsa ? ReadInterchangeHeader(position) : ScanSegment(position);

        _segmentStart = _start;
        _segmentLength = length;
        _segmentOffset = _bufferOffset + _start;
        _start += length + 1;
        SegmentPosition = position;

        var id = _buffer.AsSpan(_segmentStart, _starts[1] - 1);
        if (!IsSegmentId(id))
            throw NotASegmentId(id, position);
        _idCode = SegmentIds.Pack(id);
        // No X12 character set (X12.6 basic or extended) has NUL, and PostgreSQL text cannot keep it (22021): refused where it
        // is. The scan looks for it with the delimiters (a separate search of every segment cost 4% of a typed 835 read).
        if (_hasNul)
            throw HasNul(id, position);
        if (_idCode == SegmentIds.Iea)
            _expectIsa = true;
        return true;
    }

    /// <summary>The ISA, once an interchange: out of line, so that what is inlined into the readers' loops is what every segment runs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ReadInterchangeHeader(long position)
    {
        var length = ReadIsa(position);
        _expectIsa = false;
        SplitIsa(length);
        _hasNul = _buffer.AsSpan(_start, length).Contains('\0');
        return length;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static X12ParseException HasNul(ReadOnlySpan<char> id, long position) =>
        X12ParseException.At(id.ToString(), position, null, "a NUL character (U+0000) is not X12 text");

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

    /// <summary>
    /// Finds the segment's terminator and its element separators in one pass, filling <c>_starts</c>;
    /// returns the segment's length. This is the tokenizer's inner loop: a call to a vectorised IndexOf
    /// per element costs more than the few characters it skips (835 elements are 2 to 12 characters),
    /// so the scan compares a block of characters at a time against each delimiter and walks the bits of
    /// the element separators that come before the block's first terminator: no branch per character,
    /// one per separator, one per block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ScanSegment(long position)
    {
        var element = (ushort)Separators.Element;
        var terminator = (ushort)Separators.Segment;
        _hasNul = false;
        _starts[0] = 0; // the segment id
        var count = 1;
        var at = _start; // next character to look at; element starts are kept relative to _start
        while (true)
        {
            var chars = MemoryMarshal.Cast<char, ushort>(_buffer.AsSpan(0, _end));
            var starts = _starts;
            var origin = _start;
            while (at <= chars.Length - BlockLength)
            {
                if (count + BlockLength + 1 > starts.Length) // room for a block full of separators and the end
                    starts = GrowStarts();
                var (separators, terminators, nuls) = DelimiterMasks(chars, at, element, terminator);
                var stop = terminators & (0 - terminators); // the first terminator's bit, or none
                separators &= stop - 1;                     // the separators before it (all when there is none)
                if ((nuls & (stop - 1)) != 0)
                    _hasNul = true;
                var relative = at + 1 - origin;
                // The room check above leaves space for a whole block of separators, so the starts are written without a
                // bounds check each, and the count is added once a block: inlined into the readers' large loops, the
                // count lived on the stack, and a load and store of it for every separator made each wait for the last.
                System.Diagnostics.Debug.Assert(count + BitOperations.PopCount(separators) < starts.Length, "no room for the block's element starts");
                ref var next = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(starts), count);
                count += BitOperations.PopCount(separators);
                for (var i = 0; separators != 0; i++)
                {
                    Unsafe.Add(ref next, i) = relative + BitOperations.TrailingZeroCount(separators);
                    separators &= separators - 1;
                }
                if (stop != 0)
                    return EndSegment(at + BitOperations.TrailingZeroCount(stop) - origin, count);
                at += BlockLength;
            }
            for (; at < chars.Length; at++) // the last few characters of the buffer
            {
                var c = chars[at];
                if (c == terminator)
                    return EndSegment(at - origin, count);
                if (c == 0)
                    _hasNul = true;
                if (c == element)
                {
                    if (count + 2 > starts.Length)
                        starts = GrowStarts();
                    starts[count++] = at + 1 - origin;
                }
            }

            var scanned = at - _start;
            if (scanned > MaxSegmentLength)
                throw NoTerminator(position);
            if (!Fill())
                throw Truncated(position);
            at = _start + scanned; // Fill moved the unread characters to the front of the buffer
        }
    }

    /// <summary>Characters compared at once: 32 where the processor has 512-bit vectors, 16 with 256-bit ones, else 8 (SSE2, NEON).</summary>
    private static int BlockLength =>
        Vector512.IsHardwareAccelerated ? Vector512<ushort>.Count : Vector256.IsHardwareAccelerated ? Vector256<ushort>.Count : Vector128<ushort>.Count;

    /// <summary>
    /// For the <see cref="BlockLength"/> characters at <paramref name="at"/> (the caller has checked they are
    /// there): bit i set when character i is an element separator, when it is a segment terminator, and when it is NUL.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Separators, ulong Terminators, ulong Nuls) DelimiterMasks(ReadOnlySpan<ushort> chars, int at, ushort element, ushort terminator)
    {
        ref var first = ref MemoryMarshal.GetReference(chars);
        if (Vector512.IsHardwareAccelerated)
        {
            var block = Vector512.LoadUnsafe(ref first, (nuint)at);
            return (Vector512.Equals(block, Vector512.Create(element)).ExtractMostSignificantBits(),
                Vector512.Equals(block, Vector512.Create(terminator)).ExtractMostSignificantBits(),
                Vector512.Equals(block, Vector512<ushort>.Zero).ExtractMostSignificantBits());
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var block = Vector256.LoadUnsafe(ref first, (nuint)at);
            return (Vector256.Equals(block, Vector256.Create(element)).ExtractMostSignificantBits(),
                Vector256.Equals(block, Vector256.Create(terminator)).ExtractMostSignificantBits(),
                Vector256.Equals(block, Vector256<ushort>.Zero).ExtractMostSignificantBits());
        }
        var narrow = Vector128.LoadUnsafe(ref first, (nuint)at);
        return (Vector128.Equals(narrow, Vector128.Create(element)).ExtractMostSignificantBits(),
            Vector128.Equals(narrow, Vector128.Create(terminator)).ExtractMostSignificantBits(),
            Vector128.Equals(narrow, Vector128<ushort>.Zero).ExtractMostSignificantBits());
    }

    // The messages are built out of line: inlined, their string building made Read and ScanSegment set up
    // large frames for every segment.

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static X12ParseException NotASegmentId(ReadOnlySpan<char> id, long position) =>
        new($"Segment {position}: '{Truncate(id)}' is not a segment identifier (check the delimiters declared in the ISA)", null, position);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private X12ParseException NoTerminator(long position) =>
        new($"Segment {position}: no segment terminator '{Separators.Segment}' within {MaxSegmentLength} characters", IdOfPartial(), position);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private X12ParseException Truncated(long position)
    {
        var id = IdOfPartial();
        return new($"{id ?? "Segment"} at segment {position}: the input ends inside the segment (no terminator '{Separators.Segment}'): the file is truncated", id, position);
    }

    private int EndSegment(int length, int count)
    {
        _starts[count++] = length + 1;
        _elementBoundaries = count;
        return length;
    }

    private int[] GrowStarts()
    {
        Array.Resize(ref _starts, _starts.Length * 2);
        return _starts;
    }

    private string? IdOfPartial()
    {
        var partial = _buffer.AsSpan(_start, _end - _start);
        var end = partial.IndexOf(Separators.Element);
        var id = end < 0 ? partial : partial[..end];
        return IsSegmentId(id) ? new string(id) : null;
    }

    /// <summary>The ISA's elements: its width is fixed, so the element separators are at known places.</summary>
    private void SplitIsa(int length)
    {
        _starts[0] = 0;
        var count = 1;
        foreach (var offset in IsaSeparatorOffsets)
            _starts[count++] = offset + 1;
        EndSegment(length, count);
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
