namespace RevenueCycle.X12;

internal enum EnvelopeEvent
{
    /// <summary>A segment of the transaction set's body (between ST and SE).</summary>
    Body,
    InterchangeStarted,
    GroupStarted,
    TransactionStarted,
    TransactionEnded,
    GroupEnded,
    InterchangeEnded,
}

/// <summary>
/// Checks the envelopes while a reader walks the segments: ISA/IEA, GS/GE, ST/SE nesting, matching
/// control numbers and the counts the trailers carry (SE01 segments ST..SE, GE01 transaction sets,
/// IEA01 functional groups). Several interchanges, groups and transaction sets may follow each other.
/// </summary>
internal sealed class EnvelopeTracker(string transactionSetId, string functionalIdentifierCode, string versionPrefix)
{
    private int _groupCount;
    private int _transactionCount;
    private int _segmentCount;
    private long _lastPosition;
    private bool _sawInterchange;

    public InterchangeHeader? Interchange { get; private set; }
    public FunctionalGroupHeader? Group { get; private set; }
    public string? TransactionSetControlNumber { get; private set; }

    /// <summary>ST03, when the sender gives it.</summary>
    public string? ImplementationReference { get; private set; }

    public X12Envelope Envelope => new(Interchange!, Group!, TransactionSetControlNumber!);

    public EnvelopeEvent Observe(in X12Segment segment)
    {
        _lastPosition = segment.Position;
        // Nearly every segment is a transaction's body; only the envelopes' ids (ISA, IEA, TA1, and the
        // two-letter GS, GE, ST, SE) go through the checks below, kept out of line.
        if (!MayBeEnvelope(segment.IdCode) && TransactionSetControlNumber is not null)
        {
            _segmentCount++;
            return EnvelopeEvent.Body;
        }
        return ObserveEnvelope(segment);
    }

    /// <summary>
    /// True for every envelope id, and for few others: ids beginning with I, two-letter ids beginning with
    /// G or S, and TA1 (the 835's SVC, TRN and TS3 are not among them).
    /// </summary>
    private static bool MayBeEnvelope(int idCode) =>
        (idCode >> 16) switch
        {
            'I' => true,
            'G' or 'S' => (idCode & 0xFF) == 0,
            'T' => idCode == SegmentIds.Ta1,
            _ => false,
        };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private EnvelopeEvent ObserveEnvelope(in X12Segment segment)
    {
        switch (segment.IdCode)
        {
            case SegmentIds.Isa:
                if (Interchange is not null)
                    throw segment.Error("a new interchange begins before the IEA of the previous one");
                Interchange = ReadIsa(segment);
                _sawInterchange = true;
                _groupCount = 0;
                return EnvelopeEvent.InterchangeStarted;

            case SegmentIds.Gs:
                if (Interchange is null)
                    throw segment.Error("GS outside an interchange (no ISA before it)");
                if (Group is not null)
                    throw segment.Error("a new functional group begins before the GE of the previous one");
                Group = ReadGs(segment);
                _transactionCount = 0;
                _groupCount++;
                return EnvelopeEvent.GroupStarted;

            case SegmentIds.St:
                if (Group is null)
                    throw segment.Error("ST outside a functional group (no GS before it)");
                if (TransactionSetControlNumber is not null)
                    throw segment.Error("a new transaction set begins before the SE of the previous one");
                if (!segment.Element(1).SequenceEqual(transactionSetId))
                    throw segment.Error(1, $"this reader reads {transactionSetId} transaction sets, not '{segment.Element(1)}'");
                TransactionSetControlNumber = segment.RequireString(2);
                ImplementationReference = segment.GetString(3);
                _segmentCount = 1;
                _transactionCount++;
                return EnvelopeEvent.TransactionStarted;

            case SegmentIds.Se:
                if (TransactionSetControlNumber is null)
                    throw segment.Error("SE without a matching ST");
                _segmentCount++;
                var declared = segment.RequireInt(1);
                if (declared != _segmentCount)
                    throw segment.Error(1, $"the transaction set has {_segmentCount} segments from ST to SE, but SE01 says {declared}");
                if (!segment.Element(2).SequenceEqual(TransactionSetControlNumber))
                    throw segment.Error(2, $"'{segment.Element(2)}' does not match the ST02 control number '{TransactionSetControlNumber}'");
                return EnvelopeEvent.TransactionEnded;

            case SegmentIds.Ge:
                if (Group is null || TransactionSetControlNumber is not null)
                    throw segment.Error(TransactionSetControlNumber is not null ? "GE before the SE of the open transaction set" : "GE without a matching GS");
                if (segment.RequireInt(1) is var transactions && transactions != _transactionCount)
                    throw segment.Error(1, $"the functional group has {_transactionCount} transaction sets, but GE01 says {transactions}");
                if (segment.RequireInt(2) != Group.ControlNumber)
                    throw segment.Error(2, $"'{segment.Element(2)}' does not match the GS06 control number {Group.ControlNumber}");
                Group = null;
                return EnvelopeEvent.GroupEnded;

            case SegmentIds.Iea:
                if (Interchange is null || Group is not null)
                    throw segment.Error(Group is not null ? "IEA before the GE of the open functional group" : "IEA without a matching ISA");
                if (segment.RequireInt(1) is var groups && groups != _groupCount)
                    throw segment.Error(1, $"the interchange has {_groupCount} functional groups, but IEA01 says {groups}");
                if (segment.RequireInt(2) != Interchange.ControlNumber)
                    throw segment.Error(2, $"'{segment.Element(2)}' does not match the ISA13 control number {Interchange.ControlNumber:000000000}");
                Interchange = null;
                return EnvelopeEvent.InterchangeEnded;

            case SegmentIds.Ta1:
                // An interchange acknowledgment may sit between ISA and GS; it carries nothing for the transaction readers.
                if (Interchange is null || Group is not null)
                    throw segment.Error("TA1 is allowed only between ISA and GS");
                return EnvelopeEvent.InterchangeStarted;

            default:
                if (TransactionSetControlNumber is null)
                    throw segment.Error("segment outside a transaction set (not between ST and SE)");
                _segmentCount++;
                return EnvelopeEvent.Body;
        }
    }

    /// <summary>Called once the reader has consumed a transaction set's SE.</summary>
    public void CloseTransaction()
    {
        TransactionSetControlNumber = null;
        ImplementationReference = null;
    }

    /// <summary>Checks, at the end of the input, that every envelope was closed.</summary>
    public void Complete()
    {
        if (!_sawInterchange)
            throw new X12ParseException("The input holds no interchange (no ISA)", null, _lastPosition + 1);
        var missing = TransactionSetControlNumber is not null ? "SE" : Group is not null ? "GE" : Interchange is not null ? "IEA" : null;
        if (missing is not null)
            throw new X12ParseException($"The input ends after segment {_lastPosition} without its {missing}: the file is truncated", null, _lastPosition + 1);
    }

    private static InterchangeHeader ReadIsa(in X12Segment isa)
    {
        if (!isa.Element(12).SequenceEqual(X12Versions.InterchangeVersion))
            throw isa.Error(12, $"interchange version '{isa.Element(12)}' is not {X12Versions.InterchangeVersion} (005010)");
        if (!X12Text.TryParseShortDate(isa.Element(9), out var date))
            throw isa.Error(9, $"'{isa.Element(9)}' is not a YYMMDD date");
        var time = isa.GetTime(10) ?? throw isa.Error(10, "a time is required");
        var control = isa.Element(13);
        if (control.Length != 9 || !X12Text.TryParseInt(control, out var controlNumber) || controlNumber < 0)
            throw isa.Error(13, $"'{control}' is not a nine-digit control number");
        var usage = isa.Element(15);
        if (usage is not ("P" or "T"))
            throw isa.Error(15, $"'{usage}' is not a usage indicator (P production, T test)");
        return new InterchangeHeader
        {
            SenderQualifier = new string(isa.Element(5).TrimEnd()),
            SenderId = new string(isa.Element(6).TrimEnd()),
            ReceiverQualifier = new string(isa.Element(7).TrimEnd()),
            ReceiverId = new string(isa.Element(8).TrimEnd()),
            Created = date.ToDateTime(time),
            ControlNumber = controlNumber,
            AcknowledgmentRequested = isa.Element(14) is "1",
            UsageIndicator = usage[0],
        };
    }

    private FunctionalGroupHeader ReadGs(in X12Segment gs)
    {
        if (!gs.Element(1).SequenceEqual(functionalIdentifierCode))
            throw gs.Error(1, $"functional group '{gs.Element(1)}' is not {functionalIdentifierCode}, the group of {transactionSetId} transaction sets");
        var version = gs.RequireString(8);
        if (!version.StartsWith(versionPrefix, StringComparison.Ordinal))
            throw gs.Error(8, $"version '{version}' is not {versionPrefix}");
        var date = gs.RequireDate(4);
        var time = gs.GetTime(5) ?? throw gs.Error(5, "a time is required");
        return new FunctionalGroupHeader
        {
            FunctionalIdentifierCode = functionalIdentifierCode,
            ApplicationSenderCode = gs.RequireString(2),
            ApplicationReceiverCode = gs.RequireString(3),
            Created = date.ToDateTime(time),
            ControlNumber = gs.RequireInt(6),
            Version = version,
        };
    }
}
