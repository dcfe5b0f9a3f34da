using RevenueCycle.X12.Acknowledgments;

namespace RevenueCycle.X12.Claims;

/// <summary>
/// Checks an 837P interchange the way a clearinghouse does before it answers with a 999: envelopes
/// and counts, segments the guide does not have, required segments, and the elements a claim cannot
/// do without. Unlike the reader it does not stop at the first fault: it collects the IK3/IK4 errors
/// of each transaction set and returns one 999 per functional group.
/// </summary>
/// <remarks>
/// The 999s come back with the incoming envelope turned around (sender and receiver swapped, GS01 FA,
/// the same control numbers); set the simulator's own control numbers with <c>with</c> before writing.
/// Faults below the functional group (an ISA that is not fixed width, a truncated file) cannot be
/// acknowledged by a 999 and are thrown as <see cref="X12ParseException"/>.
/// </remarks>
public static class Claim837SyntaxValidator
{
    // Every segment id of X222A1; anything else is IK304 1 (unrecognized segment).
    private static readonly HashSet<string> GuideSegments =
    [
        "BHT", "NM1", "PER", "HL", "PRV", "CUR", "N3", "N4", "REF", "SBR", "PAT", "DMG", "CLM", "DTP", "PWK", "CN1", "AMT", "K3", "NTE",
        "CR1", "CR2", "CRC", "HI", "HCP", "CAS", "OI", "MOA", "LX", "SV1", "SV5", "CR3", "QTY", "MEA", "PS1", "LIN", "CTP", "SVD", "LQ", "FRM",
    ];

    // Segments every 837P must carry at least once, with the loop an IK3 names when one is missing.
    private static readonly (string Id, string Loop)[] RequiredSegments =
        [("BHT", ""), ("NM1", "1000A"), ("HL", "2000A"), ("SBR", "2000B"), ("CLM", "2300"), ("HI", "2300"), ("LX", "2400"), ("SV1", "2400"), ("DTP", "2400")];

    public static IReadOnlyList<FunctionalAcknowledgment999> Validate(TextReader input)
    {
        using var tokenizer = new X12Tokenizer(input, leaveOpen: true);
        var acknowledgments = new List<FunctionalAcknowledgment999>();
        InterchangeHeader? interchange = null;
        GroupState? group = null;
        TransactionState? transaction = null;

        while (tokenizer.Read())
        {
            var segment = tokenizer.Current;
            switch (segment.Id)
            {
                case "ISA":
                    interchange = ReadInterchange(segment);
                    break;
                case "GS":
                    if (interchange is null)
                        throw segment.Error("GS outside an interchange");
                    group = new GroupState(new string(segment.Element(1)), segment.GetInt(6) ?? 0, segment.GetString(8), interchange,
                        segment.GetString(2) ?? "", segment.GetString(3) ?? "");
                    break;
                case "ST":
                    if (group is null)
                        throw segment.Error("ST outside a functional group");
                    if (transaction is not null)
                        group.Responses.Add(transaction.Finish(TransactionSetResponse999.TrailerMissing));
                    transaction = new TransactionState(segment);
                    break;
                case "SE":
                    if (transaction is null || group is null)
                        throw segment.Error("SE without ST");
                    transaction.Count();
                    group.Responses.Add(transaction.Close(segment));
                    transaction = null;
                    break;
                case "GE":
                    if (group is null)
                        throw segment.Error("GE without GS");
                    if (transaction is not null)
                    {
                        group.Responses.Add(transaction.Finish(TransactionSetResponse999.TrailerMissing));
                        transaction = null;
                    }
                    acknowledgments.Add(group.Close(segment));
                    group = null;
                    break;
                case "IEA":
                    interchange = null;
                    break;
                default:
                    if (transaction is null)
                        throw segment.Error("segment outside a transaction set");
                    transaction.Check(segment);
                    break;
            }
        }
        if (group is not null)
        {
            if (transaction is not null)
                group.Responses.Add(transaction.Finish(TransactionSetResponse999.TrailerMissing));
            acknowledgments.Add(group.Close(trailer: null));
        }
        return acknowledgments;
    }

    public static IReadOnlyList<FunctionalAcknowledgment999> Validate(string x12) => Validate(new StringReader(x12));

    private static InterchangeHeader ReadInterchange(in X12Segment isa) => new()
    {
        SenderQualifier = new string(isa.Element(5).TrimEnd()),
        SenderId = new string(isa.Element(6).TrimEnd()),
        ReceiverQualifier = new string(isa.Element(7).TrimEnd()),
        ReceiverId = new string(isa.Element(8).TrimEnd()),
        Created = X12Text.TryParseShortDate(isa.Element(9), out var date) ? date.ToDateTime(isa.GetTime(10) ?? default) : default,
        ControlNumber = isa.GetInt(13) ?? 0,
        UsageIndicator = isa.Element(15) is "T" ? InterchangeHeader.Test : InterchangeHeader.Production,
    };

    private sealed class GroupState(string code, int controlNumber, string? version, InterchangeHeader interchange, string sender, string receiver)
    {
        private const string TransactionCountWrong = "5";   // AK905: number of included transaction sets does not match
        private const string ControlNumbersDiffer = "4";    // AK905: group control numbers in header and trailer differ
        private const string TrailerMissing = "3";          // AK905: functional group trailer missing

        public List<TransactionSetResponse999> Responses { get; } = [];

        public FunctionalAcknowledgment999 Close(in X12Segment ge) => Close((ge.GetInt(1), ge.GetInt(2)));

        public FunctionalAcknowledgment999 Close((int? Count, int? Control)? trailer)
        {
            var errors = new List<string>();
            if (trailer is null)
                errors.Add(TrailerMissing);
            else
            {
                if (trailer.Value.Control != controlNumber)
                    errors.Add(ControlNumbersDiffer);
                if (trailer.Value.Count != Responses.Count)
                    errors.Add(TransactionCountWrong);
            }
            var envelope = new X12Envelope(
                interchange with { SenderId = interchange.ReceiverId, SenderQualifier = interchange.ReceiverQualifier, ReceiverId = interchange.SenderId, ReceiverQualifier = interchange.SenderQualifier },
                new FunctionalGroupHeader
                {
                    FunctionalIdentifierCode = X12Versions.AcknowledgmentGroup, ApplicationSenderCode = receiver, ApplicationReceiverCode = sender,
                    Created = interchange.Created, ControlNumber = controlNumber, Version = X12Versions.FunctionalAcknowledgment999,
                },
                "0001");
            return FunctionalAcknowledgment999.Summarize(envelope, code, controlNumber, version, ValueList.Freeze(Responses),
                trailer?.Count ?? Responses.Count, ValueList.Freeze(errors));
        }
    }

    private sealed class TransactionState
    {
        private readonly string _transactionSetId;
        private readonly string _controlNumber;
        private readonly string? _implementationReference;
        private readonly HashSet<string> _seen = [];
        private readonly List<SegmentError999> _errors = [];
        private int _position = 1; // ST is 1

        public TransactionState(in X12Segment st)
        {
            _transactionSetId = new string(st.Element(1));
            _controlNumber = new string(st.Element(2));
            _implementationReference = st.GetString(3);
        }

        public void Count() => _position++;

        public void Check(in X12Segment segment)
        {
            _position++;
            var id = segment.IdString;
            _seen.Add(id);
            if (!GuideSegments.Contains(id))
            {
                _errors.Add(new SegmentError999 { SegmentId = id, Position = _position, ErrorCode = SegmentError999.UnrecognizedSegment });
                return;
            }
            var elements = new List<ElementError999>();
            switch (id)
            {
                case "CLM":
                    Required(segment, 1, elements);
                    Amount(segment, 2, elements);
                    Required(segment, 5, elements);
                    break;
                case "SV1":
                    Required(segment, 1, elements);
                    Amount(segment, 2, elements);
                    Amount(segment, 4, elements);
                    break;
                case "HL":
                    if (segment.Element(3) is not ("20" or "22" or "23"))
                        elements.Add(Error(segment, 3, ElementError999.InvalidCodeValue));
                    break;
                case "NM1":
                    if (segment.Element(1) is "85" or "IL" or "PR" or "41" or "40")
                        Required(segment, 9, elements);
                    break;
                case "DTP":
                    if (segment.Element(2) is "D8" && !X12Text.TryParseDate(segment.Element(3), out _))
                        elements.Add(Error(segment, 3, ElementError999.InvalidDate));
                    break;
            }
            if (elements.Count > 0)
                _errors.Add(new SegmentError999 { SegmentId = id, Position = _position, LoopId = LoopOf(id), ErrorCode = SegmentError999.HasDataElementErrors, ElementErrors = ValueList.Freeze(elements) });
        }

        public TransactionSetResponse999 Close(in X12Segment se)
        {
            var codes = new List<string>();
            if (!_transactionSetId.Equals("837", StringComparison.Ordinal))
                codes.Add("1"); // IK502 1: transaction set not supported
            if (se.GetInt(1) != _position)
                codes.Add(TransactionSetResponse999.SegmentCountWrong);
            if (!se.Element(2).SequenceEqual(_controlNumber))
                codes.Add(TransactionSetResponse999.ControlNumbersDiffer);
            return Finish(codes, _position);
        }

        public TransactionSetResponse999 Finish(string code) => Finish([code], _position + 1);

        private TransactionSetResponse999 Finish(List<string> codes, int trailerPosition)
        {
            foreach (var (required, loop) in RequiredSegments)
                if (!_seen.Contains(required))
                    _errors.Add(new SegmentError999 { SegmentId = required, Position = trailerPosition, LoopId = loop.Length == 0 ? null : loop, ErrorCode = SegmentError999.RequiredSegmentMissing });
            if (_errors.Count > 0 && !codes.Contains(TransactionSetResponse999.OneOrMoreSegmentsInError))
                codes.Add(TransactionSetResponse999.OneOrMoreSegmentsInError);
            return new TransactionSetResponse999
            {
                TransactionSetId = _transactionSetId,
                ControlNumber = _controlNumber,
                ImplementationReference = _implementationReference,
                SegmentErrors = ValueList.Freeze(_errors),
                Status = codes.Count == 0 ? AcknowledgmentCode.Accepted : AcknowledgmentCode.Rejected,
                ErrorCodes = ValueList.Freeze(codes),
            };
        }

        private static void Required(in X12Segment segment, int element, List<ElementError999> errors)
        {
            if (!segment.HasElement(element))
                errors.Add(new ElementError999 { ElementPosition = element, ErrorCode = ElementError999.RequiredElementMissing });
        }

        private static void Amount(in X12Segment segment, int element, List<ElementError999> errors)
        {
            if (!segment.HasElement(element))
                errors.Add(new ElementError999 { ElementPosition = element, ErrorCode = ElementError999.RequiredElementMissing });
            else if (!X12Text.TryParseDecimal(segment.Element(element), out _))
                errors.Add(Error(segment, element, ElementError999.InvalidCharacter));
        }

        private static ElementError999 Error(in X12Segment segment, int element, string code) =>
            new() { ElementPosition = element, ErrorCode = code, BadData = segment.GetString(element) };

        private static string? LoopOf(string id) => id switch
        {
            "CLM" or "HI" => "2300",
            "SV1" or "DTP" => "2400",
            "HL" => "2000",
            _ => null,
        };
    }
}
