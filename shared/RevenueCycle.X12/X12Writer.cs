using System.Runtime.CompilerServices;

namespace RevenueCycle.X12;

/// <summary>
/// Writes X12 segments. It counts what the trailers must carry (SE01, GE01, IEA01) and numbers the HL
/// segments, so a caller never counts anything; it trims trailing empty elements and components, and it
/// refuses data that contains a delimiter, since X12 has no escape: the value would split the segment.
/// </summary>
/// <example>
/// <code>
/// var x12 = new X12Writer(textWriter);
/// x12.BeginInterchange(isa); x12.BeginFunctionalGroup(gs); x12.BeginTransactionSet("835", "0001");
/// x12.Segment("TRN").Element("1").Element(traceNumber).Element(payerId);
/// x12.EndTransactionSet(); x12.EndFunctionalGroup(); x12.EndInterchange();
/// </code>
/// </example>
public sealed class X12Writer
{
    private const int IsaIdWidth = 15;          // ISA06 and ISA08 are AN 15/15
    private const int IsaSecurityWidth = 10;    // ISA02 and ISA04 are AN 10/10
    private const int MinTransactionControlLength = 4; // ST02 is AN 4/9
    private const int MaxTransactionControlLength = 9;

    private readonly TextWriter _output;
    private readonly X12Separators _separators;
    private readonly string? _lineBreak;
    private char[] _segment = new char[256];
    private int _length;
    private bool _segmentOpen;
    private string _segmentId = "";
    private int _elementIndex;
    private int _pendingEmptyElements;

    private InterchangeHeader? _interchange;
    private FunctionalGroupHeader? _group;
    private string? _transactionControlNumber;
    private int _groupCount;
    private int _transactionCount;
    private int _segmentCount;
    private int _hierarchicalLevelCount;

    public X12Writer(TextWriter output, X12WriterOptions? options = null)
    {
        options ??= X12WriterOptions.Default;
        options.Separators.Validate();
        _output = output;
        _separators = options.Separators;
        _lineBreak = options.LineBreak;
    }

    public X12Separators Separators => _separators;

    /// <summary>Segments written so far in the open transaction set, ST included.</summary>
    public int SegmentCount => _segmentCount;

    // ---- Envelopes -------------------------------------------------------------------------------

    /// <summary>Writes the ISA, fixed width: every element padded to its exact size.</summary>
    public void BeginInterchange(InterchangeHeader header)
    {
        if (_interchange is not null)
            throw new InvalidOperationException("An interchange is already open; end it with EndInterchange first.");
        if (header.ControlNumber is < 0 or > InterchangeHeader.MaxControlNumber)
            throw new ArgumentException($"ISA13 must be at most nine digits, not {header.ControlNumber}.", nameof(header));
        if (header.UsageIndicator is not (InterchangeHeader.Production or InterchangeHeader.Test))
            throw new ArgumentException($"ISA15 must be P or T, not '{header.UsageIndicator}'.", nameof(header));

        StartSegment("ISA");
        Element("00", "ISA01").Element(new string(' ', IsaSecurityWidth), "ISA02");
        Element("00", "ISA03").Element(new string(' ', IsaSecurityWidth), "ISA04");
        Fixed(header.SenderQualifier, 2, "ISA05 (SenderQualifier)").Fixed(header.SenderId, IsaIdWidth, "ISA06 (SenderId)");
        Fixed(header.ReceiverQualifier, 2, "ISA07 (ReceiverQualifier)").Fixed(header.ReceiverId, IsaIdWidth, "ISA08 (ReceiverId)");
        RawElement(header.Created.ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        RawElement(header.Created.ToString("HHmm", System.Globalization.CultureInfo.InvariantCulture));
        RawElement([_separators.Repetition]);
        RawElement(X12Versions.InterchangeVersion);
        RawElement(header.ControlNumber.ToString("000000000", System.Globalization.CultureInfo.InvariantCulture));
        RawElement(header.AcknowledgmentRequested ? "1" : "0");
        RawElement([header.UsageIndicator]);
        RawElement([_separators.Component]);
        FlushSegment();

        _interchange = header;
        _groupCount = 0;
    }

    public void BeginFunctionalGroup(FunctionalGroupHeader header)
    {
        if (_interchange is null || _group is not null)
            throw new InvalidOperationException(_interchange is null ? "Begin an interchange before a functional group." : "A functional group is already open.");
        CloseSegment();
        StartSegment("GS");
        Element(header.FunctionalIdentifierCode, "GS01").Element(header.ApplicationSenderCode, "GS02").Element(header.ApplicationReceiverCode, "GS03");
        Element(DateOnly.FromDateTime(header.Created)).Time(TimeOnly.FromDateTime(header.Created));
        Element(header.ControlNumber).Element("X").Element(header.Version, "GS08");
        FlushSegment();
        _group = header;
        _groupCount++;
        _transactionCount = 0;
    }

    /// <summary>Writes ST; the transaction set's segments follow, then <see cref="EndTransactionSet"/>.</summary>
    public void BeginTransactionSet(string transactionSetId, string controlNumber, string? implementationReference = null)
    {
        if (_group is null || _transactionControlNumber is not null)
            throw new InvalidOperationException(_group is null ? "Begin a functional group before a transaction set." : "A transaction set is already open.");
        if (controlNumber.Length is < MinTransactionControlLength or > MaxTransactionControlLength)
            throw new ArgumentException($"ST02 must be 4 to 9 characters, not '{controlNumber}'.", nameof(controlNumber));
        CloseSegment();
        _segmentCount = 0;
        _hierarchicalLevelCount = 0;
        Segment("ST").Element(transactionSetId).Element(controlNumber).Element(implementationReference);
        _transactionControlNumber = controlNumber;
        _transactionCount++;
    }

    /// <summary>Writes SE with the number of segments from ST to SE.</summary>
    public void EndTransactionSet()
    {
        if (_transactionControlNumber is null)
            throw new InvalidOperationException("No transaction set is open.");
        Segment("SE"); // counted: SE01 includes ST and SE themselves
        Element(_segmentCount).Element(_transactionControlNumber);
        CloseSegment();
        _transactionControlNumber = null;
    }

    public void EndFunctionalGroup()
    {
        if (_group is null || _transactionControlNumber is not null)
            throw new InvalidOperationException(_group is null ? "No functional group is open." : "End the transaction set before its group.");
        StartSegment("GE");
        Element(_transactionCount).Element(_group.ControlNumber);
        FlushSegment();
        _group = null;
    }

    public void EndInterchange()
    {
        if (_interchange is null || _group is not null)
            throw new InvalidOperationException(_interchange is null ? "No interchange is open." : "End the functional group before the interchange.");
        StartSegment("IEA");
        Element(_groupCount).RawElement(_interchange.ControlNumber.ToString("000000000", System.Globalization.CultureInfo.InvariantCulture));
        FlushSegment();
        _interchange = null;
    }

    /// <summary>
    /// Writes an HL numbered by the writer (HL01 counts from 1 in each transaction set) and returns its id,
    /// for the children's HL02. <paramref name="hasChildren"/> null leaves HL04 out, as the 277CA patient level does.
    /// </summary>
    public int BeginHierarchicalLevel(string levelCode, int? parentId, bool? hasChildren)
    {
        if (parentId is { } parent && (parent < 1 || parent > _hierarchicalLevelCount))
            throw new ArgumentOutOfRangeException(nameof(parentId), $"HL02 must name an HL already written (1..{_hierarchicalLevelCount}), not {parent}.");
        var id = ++_hierarchicalLevelCount;
        Segment("HL").Element(id).Element(parentId).Element(levelCode).Element(hasChildren switch { true => "1", false => "0", null => null });
        return id;
    }

    // ---- Segments and elements -------------------------------------------------------------------

    /// <summary>Starts a segment inside the open transaction set; it is terminated when the next one starts.</summary>
    public X12Writer Segment(string id)
    {
        if (_transactionControlNumber is null && id != "ST")
            throw new InvalidOperationException($"{id} must be written inside a transaction set (after BeginTransactionSet).");
        CloseSegment();
        StartSegment(id);
        _segmentCount++;
        return this;
    }

    public X12Writer Element(string? value, [CallerArgumentExpression(nameof(value))] string? field = null) =>
        Element(value.AsSpan(), field);

    public X12Writer Element(ReadOnlySpan<char> value, [CallerArgumentExpression(nameof(value))] string? field = null)
    {
        _elementIndex++;
        if (value.IsEmpty)
        {
            _pendingEmptyElements++;
            return this;
        }
        CheckData(value, field, component: null);
        WritePendingSeparators();
        Append(value);
        return this;
    }

    public X12Writer Element(decimal value)
    {
        Span<char> text = stackalloc char[40];
        X12Text.TryFormatDecimal(value, text, out var written);
        return Element(text[..written]);
    }

    public X12Writer Element(decimal? value) => value is { } v ? Element(v) : Element(ReadOnlySpan<char>.Empty);

    public X12Writer Element(int value)
    {
        Span<char> text = stackalloc char[12];
        value.TryFormat(text, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        return Element(text[..written]);
    }

    public X12Writer Element(int? value) => value is { } v ? Element(v) : Element(ReadOnlySpan<char>.Empty);

    /// <summary>A CCYYMMDD date.</summary>
    public X12Writer Element(DateOnly value)
    {
        Span<char> text = stackalloc char[8];
        value.TryFormat(text, out _, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        return Element(text);
    }

    public X12Writer Element(DateOnly? value) => value is { } v ? Element(v) : Element(ReadOnlySpan<char>.Empty);

    /// <summary>An HHMM time.</summary>
    public X12Writer Time(TimeOnly value)
    {
        Span<char> text = stackalloc char[4];
        value.TryFormat(text, out _, "HHmm", System.Globalization.CultureInfo.InvariantCulture);
        return Element(text);
    }

    /// <summary>A composite element (<c>HC:99213:25</c>); trailing empty components are dropped.</summary>
    public X12Writer Composite(params ReadOnlySpan<string?> components)
    {
        _elementIndex++;
        var last = components.Length - 1;
        while (last >= 0 && string.IsNullOrEmpty(components[last]))
            last--;
        if (last < 0)
        {
            _pendingEmptyElements++;
            return this;
        }
        WritePendingSeparators();
        for (var i = 0; i <= last; i++)
        {
            if (i > 0)
                Append(_separators.Component);
            CheckData(components[i], null, i + 1);
            Append(components[i]);
        }
        return this;
    }

    /// <summary>A repeating element (<c>EQ01</c> of several service types): values joined by the repetition separator.</summary>
    public X12Writer Repeated(IEnumerable<string> values)
    {
        _elementIndex++;
        var first = true;
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
                continue;
            CheckData(value, null, null);
            if (first)
                WritePendingSeparators();
            else
                Append(_separators.Repetition);
            Append(value);
            first = false;
        }
        if (first)
            _pendingEmptyElements++;
        return this;
    }

    /// <summary>Terminates the last segment and flushes the text writer.</summary>
    /// <summary>
    /// One transaction set in an interchange and functional group of its own (ISA/GS … GE/IEA): the
    /// usual shape of a 270, 271, 999 or 277CA file.
    /// </summary>
    public static void WriteSingle(TextWriter output, X12Envelope envelope, X12WriterOptions? options, Action<X12Writer> transactionSet)
    {
        var x12 = new X12Writer(output, options);
        x12.BeginInterchange(envelope.Interchange);
        x12.BeginFunctionalGroup(envelope.Group);
        transactionSet(x12);
        x12.EndFunctionalGroup();
        x12.EndInterchange();
        x12.Flush();
    }

    public static string WriteSingleToString(X12Envelope envelope, X12WriterOptions? options, Action<X12Writer> transactionSet)
    {
        var text = new StringWriter();
        WriteSingle(text, envelope, options, transactionSet);
        return text.ToString();
    }

    public void Flush()
    {
        CloseSegment();
        _output.Flush();
    }

    // ---- Internals -------------------------------------------------------------------------------

    private void StartSegment(string id)
    {
        _segmentId = id;
        _elementIndex = 0;
        _pendingEmptyElements = 0;
        _length = 0;
        Append(id);
        _segmentOpen = true;
    }

    private void CloseSegment()
    {
        if (_segmentOpen)
            FlushSegment();
    }

    private void FlushSegment()
    {
        Append(_separators.Segment);
        _output.Write(_segment, 0, _length);
        if (_lineBreak is not null)
            _output.Write(_lineBreak);
        _segmentOpen = false;
        _length = 0;
    }

    private X12Writer Fixed(string value, int width, string field)
    {
        if (value.Length > width)
            throw new ArgumentException($"{field} '{value}' is longer than its fixed width of {width}.");
        CheckData(value, field, null);
        return RawElement(value.PadRight(width));
    }

    private X12Writer RawElement(ReadOnlySpan<char> value)
    {
        _elementIndex++;
        Append(_separators.Element);
        Append(value);
        return this;
    }

    private void WritePendingSeparators()
    {
        for (var i = 0; i <= _pendingEmptyElements; i++)
            Append(_separators.Element);
        _pendingEmptyElements = 0;
    }

    private void CheckData(ReadOnlySpan<char> value, string? field, int? component)
    {
        var at = value.IndexOfAny(_separators.Element, _separators.Component, _separators.Segment);
        if (at < 0)
            at = value.IndexOf(_separators.Repetition);
        if (at < 0)
            return;
        var reference = $"{_segmentId}{_elementIndex:00}" + (component is { } c ? $"-{c}" : "");
        var name = field is null ? reference : $"{reference} ({field})";
        throw new ArgumentException($"{name} value '{value}' contains '{value[at]}', which this interchange uses as a delimiter; X12 has no escape for it.", field ?? reference);
    }

    private void Append(char c)
    {
        if (_length == _segment.Length)
            Array.Resize(ref _segment, _segment.Length * 2);
        _segment[_length++] = c;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _segment.Length)
            Array.Resize(ref _segment, Math.Max(_segment.Length * 2, _length + text.Length));
        text.CopyTo(_segment.AsSpan(_length));
        _length += text.Length;
    }
}
