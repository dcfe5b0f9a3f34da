using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.X12.ClaimStatus;

/// <summary>Reads 276 requests (the clearinghouse simulator's side). 2210D service line questions are read past, not modelled.</summary>
public sealed class ClaimStatus276Reader : X12TransactionReader<ClaimStatusInquiry276>
{
    public ClaimStatus276Reader(TextReader reader, bool leaveOpen = false)
        : base(new X12Tokenizer(reader, leaveOpen), new EnvelopeTracker("276", X12Versions.ClaimStatusInquiryGroup, X12Versions.ClaimStatusInquiry276))
    {
    }

    public ClaimStatus276Reader(Stream stream, bool leaveOpen = false)
        : base(new X12Tokenizer(stream, leaveOpen), new EnvelopeTracker("276", X12Versions.ClaimStatusInquiryGroup, X12Versions.ClaimStatusInquiry276))
    {
    }

    public static IReadOnlyList<ClaimStatusInquiry276> Parse(string x12)
    {
        using var reader = new ClaimStatus276Reader(new StringReader(x12));
        return reader.ReadAll().ToList();
    }

    private protected override ClaimStatusInquiry276 ReadTransaction(in X12Segment st) => ReadBody(new Builder());

    private sealed class Builder : ITransactionSetBuilder<ClaimStatusInquiry276>
    {
        private readonly ClaimStatusHierarchy _levels = new();
        private readonly List<ClaimStatusQuestion> _claims = [];
        private string? _reference;
        private DateTime _created;
        private EntityName? _payer;
        private EntityName? _receiver;
        private EntityName? _provider;
        // The subscriber (2000D/2100D) and dependent (2000E/2100E) the next TRN asks about.
        private ClaimStatusQuestion? _patient;
        private ClaimStatusQuestion? _claim;
        private bool _inServiceLine;

        public void Add(in X12Segment segment)
        {
            switch (segment.Id)
            {
                case "BHT":
                    _reference = segment.RequireString(3);
                    _created = segment.RequireDate(4).ToDateTime(segment.GetTime(5) ?? default);
                    break;
                case "HL":
                    Close();
                    var level = _levels.Start(segment);
                    if (level == ClaimStatusHierarchy.Subscriber)
                        _patient = new ClaimStatusQuestion
                        {
                            ServiceProvider = _provider ?? throw segment.Error("a subscriber level before its service provider's NM1*1P"),
                            Subscriber = new PersonName(""), MemberId = "", TraceNumber = "",
                        };
                    else if (level == ClaimStatusHierarchy.Dependent)
                        _patient = (_patient ?? throw segment.Error("a dependent level without its subscriber")) with { Dependent = new DependentInquiry { Name = new PersonName("") } };
                    break;
                case "NM1":
                    switch (segment.Element(1))
                    {
                        case "PR" when _levels.Current == ClaimStatusHierarchy.InformationSource: _payer = EntityName.Read(segment); break;
                        case "41" when _levels.Current == ClaimStatusHierarchy.InformationReceiver: _receiver = EntityName.Read(segment); break;
                        case "1P" when _levels.Current == ClaimStatusHierarchy.ServiceProvider: _provider = EntityName.Read(segment); break;
                        case "IL" when _levels.Current == ClaimStatusHierarchy.Subscriber && _patient is not null:
                            _patient = _patient with { Subscriber = PersonName.Read(segment), MemberId = segment.GetString(9) ?? "" };
                            break;
                        case "QC" when _levels.Current == ClaimStatusHierarchy.Dependent && _patient?.Dependent is { } dependent:
                            _patient = _patient with { Dependent = dependent with { Name = PersonName.Read(segment) } };
                            break;
                        default: throw segment.Error(1, $"NM1*{segment.Element(1)} is not expected here in a 276");
                    }
                    break;
                case "DMG":
                    var (birthDate, gender) = Demographics.Read(segment);
                    var about = _patient ?? throw segment.Error("DMG outside a subscriber or dependent level");
                    _patient = about.Dependent is { } child
                        ? about with { Dependent = child with { BirthDate = birthDate, Gender = gender } }
                        : about with { SubscriberBirthDate = birthDate, SubscriberGender = gender };
                    break;
                case "TRN":
                    Close();
                    if (segment.Element(1) is not "1")
                        throw segment.Error(1, $"'{segment.Element(1)}' is not 1 (current transaction trace number)");
                    _claim = (_patient ?? throw segment.Error("TRN outside a subscriber or dependent level")) with { TraceNumber = segment.RequireString(2) };
                    break;
                case "REF":
                    if (_inServiceLine)
                        break; // 2210D REF*FJ: the line item control number
                    var claim = _claim ?? throw segment.Error("REF before the claim's TRN");
                    if (segment.Element(1) is "1K")
                        _claim = claim with { PayerClaimControlNumber = segment.RequireString(2) };
                    else if (segment.Element(1) is "EJ")
                        _claim = claim with { PatientControlNumber = segment.RequireString(2) };
                    break;
                case "AMT":
                    if (segment.Element(1) is "T3")
                        _claim = (_claim ?? throw segment.Error("AMT before the claim's TRN")) with { TotalCharge = segment.RequireDecimal(2) };
                    break;
                case "DTP":
                    if (_inServiceLine)
                        break;
                    if (segment.Element(1) is "472")
                    {
                        var (from, to) = ServiceDates.Read(segment);
                        _claim = (_claim ?? throw segment.Error("DTP before the claim's TRN")) with { ServiceDateFrom = from, ServiceDateTo = to };
                    }
                    break;
                case "SVC":
                    _inServiceLine = _claim is not null ? true : throw segment.Error("SVC before the claim's TRN");
                    break;
                default:
                    throw segment.Error($"'{segment.Id}' is not a segment of the 276 (005010X212)");
            }
        }

        private void Close()
        {
            if (_claim is not null)
                _claims.Add(_claim);
            _claim = null;
            _inServiceLine = false;
        }

        public ClaimStatusInquiry276 Complete(in X12Segment se, X12Envelope envelope)
        {
            Close();
            return new ClaimStatusInquiry276
            {
                Envelope = envelope,
                ReferenceId = _reference ?? throw se.Error("the 276 has no BHT"),
                Created = _created,
                Payer = _payer ?? throw se.Error("the 276 has no information source (NM1*PR, loop 2100A)"),
                InformationReceiver = _receiver ?? throw se.Error("the 276 has no information receiver (NM1*41, loop 2100B)"),
                Claims = ValueList.Freeze(_claims),
            };
        }
    }
}
