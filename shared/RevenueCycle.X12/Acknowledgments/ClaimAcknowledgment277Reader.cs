namespace RevenueCycle.X12.Acknowledgments;

/// <summary>Reads 277CAs (the Claims service's side: which claims were accepted into adjudication).</summary>
/// <example>
/// <code>
/// var ack = ClaimAcknowledgment277Reader.Parse(x12).Single();
/// foreach (var claim in ack.Claims)
///     if (claim.IsRejected) MarkRejected(claim.PatientControlNumber, claim.Statuses);
/// </code>
/// </example>
public sealed class ClaimAcknowledgment277Reader : X12TransactionReader<ClaimAcknowledgment277>
{
    public ClaimAcknowledgment277Reader(TextReader reader, bool leaveOpen = false)
        : base(new X12Tokenizer(reader, leaveOpen), new EnvelopeTracker("277", X12Versions.ClaimStatusGroup, "005010X214"))
    {
    }

    public ClaimAcknowledgment277Reader(Stream stream, bool leaveOpen = false)
        : base(new X12Tokenizer(stream, leaveOpen), new EnvelopeTracker("277", X12Versions.ClaimStatusGroup, "005010X214"))
    {
    }

    public static IReadOnlyList<ClaimAcknowledgment277> Parse(string x12)
    {
        using var reader = new ClaimAcknowledgment277Reader(new StringReader(x12));
        return reader.ReadAll().ToList();
    }

    private protected override ClaimAcknowledgment277 ReadTransaction(in X12Segment st) => ReadBody(new Builder());

    private sealed class Builder : ITransactionSetBuilder<ClaimAcknowledgment277>
    {
        private readonly List<ClaimStatus277> _claims = [];
        private readonly List<ClaimStatusDetail> _statuses = [];
        private readonly Dictionary<int, string> _levels = [];
        private string? _level;
        private string? _reference;
        private DateTime _created;
        private EntityName? _source;
        private string _sourceEntityCode = ClaimAcknowledgment277.Payer;
        private EntityName? _receiver;
        private DateOnly? _receipt;
        private DateOnly? _processed;
        private EntityName? _provider;
        private ClaimStatus277? _claim;
        private bool _inServiceLine; // 2220D: SVC and its STC/REF/DTP, not modelled

        public void Add(in X12Segment segment)
        {
            switch (segment.Id)
            {
                case "BHT":
                    _reference = segment.RequireString(3);
                    _created = segment.RequireDate(4).ToDateTime(segment.GetTime(5) ?? default);
                    break;
                case "HL":
                    CloseClaim();
                    StartLevel(segment);
                    break;
                case "NM1":
                    switch (_level)
                    {
                        case "20":
                            _source = EntityName.Read(segment);
                            _sourceEntityCode = segment.RequireString(1);
                            break;
                        case "21": _receiver = EntityName.Read(segment); break;
                        case "19": _provider = EntityName.Read(segment); break;
                        case "PT":
                            _claim = _claim! with { PatientName = PersonName.Read(segment), MemberId = segment.GetString(9) };
                            break;
                        default: throw segment.Error("NM1 before any level");
                    }
                    break;
                case "TRN":
                    if (_level == "PT" && segment.Element(1) is "2")
                        _claim = _claim! with { PatientControlNumber = segment.RequireString(2) };
                    break;
                case "STC":
                    if (_level == "PT" && !_inServiceLine)
                        _statuses.Add(ReadStatus(segment));
                    break;
                case "REF":
                    if (_level == "PT" && !_inServiceLine)
                    {
                        if (segment.Element(1) is "1K")
                            _claim = _claim! with { PayerClaimControlNumber = segment.RequireString(2) };
                        else if (segment.Element(1) is "D9")
                            _claim = _claim! with { ClearinghouseTraceNumber = segment.RequireString(2) };
                    }
                    break;
                case "DTP":
                    AddDate(segment);
                    break;
                case "SVC":
                    _inServiceLine = _level == "PT" ? true : throw segment.Error("SVC outside a patient level");
                    break;
                case "QTY" or "AMT":
                    break; // totals the writer recomputes
                default:
                    throw segment.Error($"'{segment.Id}' is not a segment of the 277CA (005010X214)");
            }
        }

        private void StartLevel(in X12Segment hl)
        {
            var id = hl.RequireInt(1);
            if (id != _levels.Count + 1)
                throw hl.Error(1, $"HL ids must count up from 1: expected {_levels.Count + 1}, found {id}");
            var level = hl.Element(3);
            string? parentLevel = level switch
            {
                "20" => null,
                "21" => "20",
                "19" => "21",
                "PT" => "19",
                _ => throw hl.Error(3, $"'{level}' is not a 277CA level (20, 21, 19, PT)"),
            };
            var parent = hl.GetInt(2);
            if (parentLevel is null ? parent is not null : parent is null || !_levels.TryGetValue(parent.Value, out var actual) || actual != parentLevel)
                throw hl.Error(2, parentLevel is null ? "the information source level has no parent" : $"a level {level} must have a level {parentLevel} HL as its parent");
            _level = level.ToString();
            _levels[id] = _level;
            _inServiceLine = false;
            if (_level == "PT")
                _claim = new ClaimStatus277 { BillingProvider = _provider ?? throw hl.Error("patient level before a provider NM1*85"), PatientName = new PersonName(""), PatientControlNumber = "" };
        }

        private static ClaimStatusDetail ReadStatus(in X12Segment stc) => new()
        {
            Category = stc.GetComponentString(1, 1) ?? throw stc.Error(1, "the status category code (STC01-1) is required"),
            StatusCode = stc.GetComponentString(1, 2) ?? throw stc.Error(1, "the status code (STC01-2) is required"),
            EntityCode = stc.GetComponentString(1, 3),
            EffectiveDate = stc.RequireDate(2),
            ActionCode = stc.GetString(3),
            ChargeAmount = stc.GetDecimal(4),
            Message = stc.GetString(12),
        };

        private void AddDate(in X12Segment dtp)
        {
            if (_level == "20")
            {
                if (dtp.Element(1) is "050")
                    _receipt = dtp.RequireDate(3);
                else if (dtp.Element(1) is "009")
                    _processed = dtp.RequireDate(3);
            }
            else if (_level == "PT" && !_inServiceLine && dtp.Element(1) is "472")
            {
                var value = dtp.Element(3);
                var range = dtp.Element(2) is "RD8";
                if (!X12Text.TryParseDate(value[..Math.Min(8, value.Length)], out var from)
                    || (range && (value.Length != 17 || !X12Text.TryParseDate(value[9..], out _))))
                    throw dtp.Error(3, $"'{value}' is not a date or date range");
                var to = range ? (X12Text.TryParseDate(value[9..], out var end) ? end : from) : from;
                _claim = _claim! with { ServiceDateFrom = from, ServiceDateTo = to };
            }
        }

        private void CloseClaim()
        {
            if (_claim is null)
                return;
            _claims.Add(_claim with { Statuses = ValueList.Freeze(_statuses) });
            _statuses.Clear();
            _claim = null;
        }

        public ClaimAcknowledgment277 Complete(in X12Segment se, X12Envelope envelope)
        {
            CloseClaim();
            return new ClaimAcknowledgment277
            {
                Envelope = envelope,
                ReferenceId = _reference ?? throw se.Error("the 277CA has no BHT"),
                Created = _created,
                InformationSource = _source ?? throw se.Error("the 277CA has no information source (NM1*PR or NM1*AY)"),
                InformationSourceEntityCode = _sourceEntityCode,
                ReceiptDate = _receipt ?? throw se.Error("the 277CA has no receipt date (DTP*050)"),
                ProcessDate = _processed ?? throw se.Error("the 277CA has no process date (DTP*009)"),
                InformationReceiver = _receiver ?? throw se.Error("the 277CA has no information receiver (NM1*41)"),
                Claims = ValueList.Freeze(_claims),
            };
        }
    }
}
