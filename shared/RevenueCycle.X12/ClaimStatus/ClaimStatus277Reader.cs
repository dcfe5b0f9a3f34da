namespace RevenueCycle.X12.ClaimStatus;

/// <summary>
/// Reads 277 claim status responses (005010X212; the Claims service's side). Payers vary in what they send around the
/// STCs (PER at 2100A, REF*BLT or REF*EA at 2200D, several STCs per claim or per line): what the model does not carry is read past.
/// </summary>
/// <example>
/// <code>
/// var answer = ClaimStatus277Reader.Parse(x12).Single().Claims.Single(c => c.TraceNumber == trace);
/// if (answer.Status?.Kind == ClaimStatusCategory.NotFound) PutOnFollowUp(claim);
/// </code>
/// </example>
public sealed class ClaimStatus277Reader : X12TransactionReader<ClaimStatusResponse277>
{
    public ClaimStatus277Reader(TextReader reader, bool leaveOpen = false)
        : base(new X12Tokenizer(reader, leaveOpen), new EnvelopeTracker("277", X12Versions.ClaimStatusGroup, X12Versions.ClaimStatusResponse277))
    {
    }

    public ClaimStatus277Reader(Stream stream, bool leaveOpen = false)
        : base(new X12Tokenizer(stream, leaveOpen), new EnvelopeTracker("277", X12Versions.ClaimStatusGroup, X12Versions.ClaimStatusResponse277))
    {
    }

    public static IReadOnlyList<ClaimStatusResponse277> Parse(string x12)
    {
        using var reader = new ClaimStatus277Reader(new StringReader(x12));
        return reader.ReadAll().ToList();
    }

    private protected override ClaimStatusResponse277 ReadTransaction(in X12Segment st) => ReadBody(new Builder());

    private sealed class Builder : ITransactionSetBuilder<ClaimStatusResponse277>
    {
        private readonly ClaimStatusHierarchy _levels = new();
        private readonly StringCache _cache = new();
        private readonly List<ClaimStatusAnswer> _claims = [];
        private readonly List<StatusInformation> _statuses = [];
        private readonly List<ServiceLineStatus> _lines = [];
        private readonly List<StatusInformation> _lineStatuses = [];
        private string? _reference;
        private DateTime _created;
        private EntityName? _payer;
        private EntityName? _receiver;
        private EntityName? _provider;
        private ClaimStatusAnswer? _patient;
        private ClaimStatusAnswer? _claim;
        private ServiceLineStatus? _line;

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
                    var level = _levels.Start(segment);
                    if (level == ClaimStatusHierarchy.Subscriber)
                        _patient = new ClaimStatusAnswer
                        {
                            ServiceProvider = _provider ?? throw segment.Error("a subscriber level before its service provider's NM1*1P"),
                            Subscriber = new PersonName(""), TraceNumber = "",
                        };
                    else if (level == ClaimStatusHierarchy.Dependent)
                        _patient = (_patient ?? throw segment.Error("a dependent level without its subscriber")) with { Dependent = new PersonName("") };
                    break;
                case "NM1":
                    switch (segment.Element(1))
                    {
                        case "PR" when _levels.Current == ClaimStatusHierarchy.InformationSource: _payer = EntityName.Read(segment); break;
                        case "41" when _levels.Current == ClaimStatusHierarchy.InformationReceiver: _receiver = EntityName.Read(segment); break;
                        case "1P" or "FA" when _levels.Current == ClaimStatusHierarchy.ServiceProvider: _provider = EntityName.Read(segment); break;
                        case "IL" when _levels.Current == ClaimStatusHierarchy.Subscriber && _patient is not null:
                            _patient = _patient with { Subscriber = PersonName.Read(segment), MemberId = segment.GetString(9) };
                            break;
                        case "QC" when _levels.Current == ClaimStatusHierarchy.Dependent && _patient is not null:
                            _patient = _patient with { Dependent = PersonName.Read(segment) };
                            break;
                        default: throw segment.Error(1, $"NM1*{segment.Element(1)} is not expected here in a 277");
                    }
                    break;
                case "TRN":
                    if (_levels.Current is not (ClaimStatusHierarchy.Subscriber or ClaimStatusHierarchy.Dependent))
                        break; // a trace at the source or receiver level, which some payers add
                    if (segment.Element(1) is not "2")
                        throw segment.Error(1, $"'{segment.Element(1)}' is not 2 (referenced transaction trace number)");
                    CloseClaim();
                    _claim = (_patient ?? throw segment.Error("TRN outside a subscriber or dependent level")) with { TraceNumber = segment.RequireString(2) };
                    break;
                case "STC":
                    if (_line is not null)
                        _lineStatuses.Add(ReadStatus(segment));
                    else if (_claim is not null)
                        _statuses.Add(ReadStatus(segment));
                    else if (_levels.Current is ClaimStatusHierarchy.Subscriber or ClaimStatusHierarchy.Dependent)
                        throw segment.Error("STC before the claim's TRN*2");
                    break;
                case "REF":
                    if (_line is not null)
                    {
                        if (segment.Element(1) is "FJ")
                            _line = _line with { LineItemControlNumber = segment.RequireString(2) };
                    }
                    else if (_claim is not null)
                    {
                        if (segment.Element(1) is "1K")
                            _claim = _claim with { PayerClaimControlNumber = segment.RequireString(2) };
                        else if (segment.Element(1) is "EJ")
                            _claim = _claim with { PatientControlNumber = segment.RequireString(2) };
                    }
                    break;
                case "DTP":
                    if (segment.Element(1) is not "472")
                        break;
                    var (from, to) = ServiceDates.Read(segment);
                    if (_line is not null)
                        _line = _line with { ServiceDateFrom = from, ServiceDateTo = to };
                    else
                        _claim = (_claim ?? throw segment.Error("DTP*472 before the claim's TRN*2")) with { ServiceDateFrom = from, ServiceDateTo = to };
                    break;
                case "SVC":
                    if (_claim is null)
                        throw segment.Error("SVC before the claim's TRN*2");
                    CloseLine();
                    _line = new ServiceLineStatus
                    {
                        Procedure = ProcedureCode.Read(segment, 1, _cache),
                        ChargeAmount = segment.RequireDecimal(2),
                        PaidAmount = segment.GetDecimal(3),
                        Units = segment.GetDecimal(7),
                    };
                    break;
                case "PER" or "N3" or "N4" or "QTY" or "AMT":
                    break; // contacts and totals the model does not carry
                default:
                    throw segment.Error($"'{segment.Id}' is not a segment of the 277 (005010X212)");
            }
        }

        private static StatusInformation ReadStatus(in X12Segment stc) => new()
        {
            Status = new StatusCode(
                stc.GetComponentString(1, 1) ?? throw stc.Error(1, "the status category code (STC01-1) is required"),
                stc.GetComponentString(1, 2) ?? throw stc.Error(1, "the status code (STC01-2) is required"),
                stc.GetComponentString(1, 3)),
            EffectiveDate = stc.GetDate(2),
            TotalCharge = stc.GetDecimal(4),
            PaymentAmount = stc.GetDecimal(5),
            AdjudicationDate = stc.GetDate(6),
            PaymentMethod = stc.GetString(7),
            CheckIssueDate = stc.GetDate(8),
            CheckNumber = stc.GetString(9),
            AdditionalStatuses = Additional(stc),
            Message = stc.GetString(12),
        };

        private static ValueList<StatusCode> Additional(in X12Segment stc)
        {
            if (!stc.HasElement(10) && !stc.HasElement(11))
                return [];
            var list = new List<StatusCode>(2);
            foreach (var element in (ReadOnlySpan<int>)[10, 11])
            {
                if (!stc.HasElement(element))
                    continue;
                list.Add(new StatusCode(
                    stc.GetComponentString(element, 1) ?? throw stc.Error(element, $"the status category code (STC{element}-1) is required"),
                    stc.GetComponentString(element, 2) ?? throw stc.Error(element, $"the status code (STC{element}-2) is required"),
                    stc.GetComponentString(element, 3)));
            }
            return list.ToValueList();
        }

        private void CloseLine()
        {
            if (_line is null)
                return;
            _lines.Add(_line with { Statuses = ValueList.Freeze(_lineStatuses) });
            _lineStatuses.Clear();
            _line = null;
        }

        private void CloseClaim()
        {
            CloseLine();
            if (_claim is null)
                return;
            _claims.Add(_claim with { Statuses = ValueList.Freeze(_statuses), ServiceLines = ValueList.Freeze(_lines) });
            _statuses.Clear();
            _lines.Clear();
            _claim = null;
        }

        public ClaimStatusResponse277 Complete(in X12Segment se, X12Envelope envelope)
        {
            CloseClaim();
            return new ClaimStatusResponse277
            {
                Envelope = envelope,
                ReferenceId = _reference ?? throw se.Error("the 277 has no BHT"),
                Created = _created,
                Payer = _payer ?? throw se.Error("the 277 has no information source (NM1*PR, loop 2100A)"),
                InformationReceiver = _receiver ?? throw se.Error("the 277 has no information receiver (NM1*41, loop 2100B)"),
                Claims = ValueList.Freeze(_claims),
            };
        }
    }
}
