namespace RevenueCycle.X12.Acknowledgments;

/// <summary>Reads 999s (the Claims service's side: was our 837 accepted?).</summary>
/// <example>
/// <code>
/// var ack = Acknowledgment999Reader.Parse(x12).Single();
/// foreach (var set in ack.TransactionSets.Where(s => s.Status == AcknowledgmentCode.Rejected))
///     MarkBatchRejected(set.ControlNumber, set.SegmentErrors);
/// </code>
/// </example>
public sealed class Acknowledgment999Reader : X12TransactionReader<FunctionalAcknowledgment999>
{
    public Acknowledgment999Reader(TextReader reader, bool leaveOpen = false)
        : base(new X12Tokenizer(reader, leaveOpen), new EnvelopeTracker("999", X12Versions.AcknowledgmentGroup, "005010X231"))
    {
    }

    public Acknowledgment999Reader(Stream stream, bool leaveOpen = false)
        : base(new X12Tokenizer(stream, leaveOpen), new EnvelopeTracker("999", X12Versions.AcknowledgmentGroup, "005010X231"))
    {
    }

    public static IReadOnlyList<FunctionalAcknowledgment999> Parse(string x12)
    {
        using var reader = new Acknowledgment999Reader(new StringReader(x12));
        return reader.ReadAll().ToList();
    }

    private protected override FunctionalAcknowledgment999 ReadTransaction(in X12Segment st) => ReadBody(new Builder());

    private sealed class Builder : ITransactionSetBuilder<FunctionalAcknowledgment999>
    {
        private const int MaxErrorCodes = 5; // IK502..IK506, AK905..AK909

        private readonly List<TransactionSetResponse999> _sets = [];
        private readonly List<SegmentError999> _segmentErrors = [];
        private readonly List<ElementError999> _elementErrors = [];
        private (string Code, int Control, string? Version)? _group;
        private TransactionSetResponse999? _set;
        private SegmentError999? _segment;
        private FunctionalAcknowledgment999? _summary;

        public void Add(in X12Segment segment)
        {
            switch (segment.Id)
            {
                case "AK1":
                    if (_group is not null)
                        throw segment.Error("a second AK1");
                    _group = (segment.RequireString(1), segment.RequireInt(2), segment.GetString(3));
                    break;
                case "AK2":
                    RequireGroup(segment);
                    if (_set is not null)
                        throw segment.Error("AK2 before the IK5 of the previous transaction set");
                    _set = new TransactionSetResponse999 { TransactionSetId = segment.RequireString(1), ControlNumber = segment.RequireString(2), ImplementationReference = segment.GetString(3), Status = AcknowledgmentCode.Accepted };
                    break;
                case "IK3":
                    if (_set is null)
                        throw segment.Error("IK3 outside an AK2");
                    CloseSegmentError();
                    _segment = new SegmentError999 { SegmentId = segment.RequireString(1), Position = segment.RequireInt(2), LoopId = segment.GetString(3), ErrorCode = segment.RequireString(4) };
                    break;
                case "IK4":
                    if (_segment is null)
                        throw segment.Error("IK4 outside an IK3");
                    var position = segment.Component(1, 1);
                    _elementErrors.Add(new ElementError999
                    {
                        ElementPosition = X12Text.TryParseInt(position, out var element) ? element : throw segment.Error(1, $"'{position}' is not an element position"),
                        ComponentPosition = X12Text.TryParseInt(segment.Component(1, 2), out var component) ? component : null,
                        RepetitionPosition = X12Text.TryParseInt(segment.Component(1, 3), out var repetition) ? repetition : null,
                        ReferenceNumber = segment.GetString(2),
                        ErrorCode = segment.RequireString(3),
                        BadData = segment.GetString(4),
                    });
                    break;
                case "CTX":
                    break; // error context: not modelled
                case "IK5":
                    if (_set is null)
                        throw segment.Error("IK5 outside an AK2");
                    CloseSegmentError();
                    _sets.Add(_set with { Status = AcknowledgmentCodes.Read(segment, 1), ErrorCodes = Codes(segment, 2), SegmentErrors = ValueList.Freeze(_segmentErrors) });
                    _segmentErrors.Clear();
                    _set = null;
                    break;
                case "AK9":
                    RequireGroup(segment);
                    if (_set is not null)
                        throw segment.Error("AK9 before the IK5 of the open transaction set");
                    _summary = new FunctionalAcknowledgment999
                    {
                        Envelope = null!,
                        FunctionalIdentifierCode = _group!.Value.Code,
                        GroupControlNumber = _group.Value.Control,
                        Version = _group.Value.Version,
                        GroupStatus = AcknowledgmentCodes.Read(segment, 1),
                        TransactionSetsIncluded = segment.RequireInt(2),
                        TransactionSetsReceived = segment.RequireInt(3),
                        TransactionSetsAccepted = segment.RequireInt(4),
                        GroupErrorCodes = Codes(segment, 5),
                    };
                    break;
                default:
                    throw segment.Error($"'{segment.Id}' is not a segment of the 999 (005010X231A1)");
            }
        }

        private void RequireGroup(in X12Segment segment)
        {
            if (_group is null)
                throw segment.Error("AK1 must come first");
        }

        private void CloseSegmentError()
        {
            if (_segment is null)
                return;
            _segmentErrors.Add(_segment with { ElementErrors = ValueList.Freeze(_elementErrors) });
            _elementErrors.Clear();
            _segment = null;
        }

        private static ValueList<string> Codes(in X12Segment segment, int first)
        {
            var codes = new List<string>();
            for (var i = first; i < first + MaxErrorCodes; i++)
                if (segment.GetString(i) is { } code)
                    codes.Add(code);
            return ValueList.Freeze(codes);
        }

        public FunctionalAcknowledgment999 Complete(in X12Segment se, X12Envelope envelope) =>
            (_summary ?? throw se.Error("the 999 has no AK9")) with { Envelope = envelope, TransactionSets = ValueList.Freeze(_sets) };
    }
}
