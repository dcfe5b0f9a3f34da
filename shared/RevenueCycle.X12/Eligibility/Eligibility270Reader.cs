namespace RevenueCycle.X12.Eligibility;

/// <summary>Reads 270 inquiries (the clearinghouse simulator's side).</summary>
public sealed class Eligibility270Reader : X12TransactionReader<EligibilityInquiry270>
{
    public Eligibility270Reader(TextReader reader, bool leaveOpen = false)
        : base(new X12Tokenizer(reader, leaveOpen), new EnvelopeTracker("270", X12Versions.EligibilityInquiryGroup, "005010X279"))
    {
    }

    public Eligibility270Reader(Stream stream, bool leaveOpen = false)
        : base(new X12Tokenizer(stream, leaveOpen), new EnvelopeTracker("270", X12Versions.EligibilityInquiryGroup, "005010X279"))
    {
    }

    public static IReadOnlyList<EligibilityInquiry270> Parse(string x12)
    {
        using var reader = new Eligibility270Reader(new StringReader(x12));
        return reader.ReadAll().ToList();
    }

    private protected override EligibilityInquiry270 ReadTransaction(in X12Segment st) => ReadBody(new Builder());

    private sealed class Builder : ITransactionSetBuilder<EligibilityInquiry270>
    {
        private readonly EligibilityHierarchy _levels = new();
        private readonly List<SubscriberInquiry> _subscribers = [];
        private readonly List<string> _serviceTypes = [];
        private string? _reference;
        private DateTime _created;
        private EntityName? _payer;
        private EntityName? _provider;
        private SubscriberInquiry? _subscriber;
        private bool _subscriberAsked; // the 2000C level carried a question (EQ) of its own

        public void Add(in X12Segment segment)
        {
            switch (segment.Id)
            {
                case "BHT":
                    _reference = segment.RequireString(3);
                    _created = segment.RequireDate(4).ToDateTime(segment.GetTime(5) ?? default);
                    break;
                case "HL":
                    var level = _levels.Start(segment);
                    if (level == EligibilityLevels.Dependent)
                    {
                        // 2000D under the subscriber just read: a question about that dependent. A second
                        // dependent of the same subscriber is a question of its own about the same policy.
                        var policy = _subscriber ?? throw segment.Error("a dependent level without its subscriber");
                        if (policy.Dependent is not null || _subscriberAsked)
                        {
                            Close();
                            policy = policy with { TraceNumber = "", TraceOriginatorId = "", ServiceDate = null };
                        }
                        _subscriber = policy with { Dependent = new DependentInquiry { Name = new PersonName("") } };
                        break;
                    }
                    Close();
                    if (level == EligibilityLevels.Subscriber)
                        _subscriber = new SubscriberInquiry { TraceNumber = "", TraceOriginatorId = "", Name = new PersonName(""), MemberId = "" };
                    break;
                case "NM1":
                    switch (segment.Element(1))
                    {
                        case "PR" when _levels.Current == EligibilityLevels.InformationSource: _payer = EntityName.Read(segment); break;
                        case "1P" or "FA" when _levels.Current == EligibilityLevels.InformationReceiver: _provider = EntityName.Read(segment); break;
                        case "IL" when _subscriber is not null:
                            _subscriber = _subscriber with { Name = PersonName.Read(segment), MemberId = segment.GetString(9) ?? "" };
                            break;
                        case "03" when _subscriber?.Dependent is { } dependent:
                            _subscriber = _subscriber with { Dependent = dependent with { Name = PersonName.Read(segment) } };
                            break;
                        default: throw segment.Error(1, $"NM1*{segment.Element(1)} is not expected here in a 270");
                    }
                    break;
                case "TRN":
                    if (_subscriber is null)
                        throw segment.Error("TRN outside a subscriber level");
                    _subscriber = _subscriber with { TraceNumber = segment.RequireString(2), TraceOriginatorId = segment.RequireString(3) };
                    break;
                case "DMG":
                    var (birthDate, gender) = Demographics.Read(segment);
                    var asked = _subscriber ?? throw segment.Error("DMG outside a subscriber level");
                    _subscriber = asked.Dependent is { } about
                        ? asked with { Dependent = about with { BirthDate = birthDate, Gender = gender } }
                        : asked with { BirthDate = birthDate, Gender = gender };
                    break;
                case "DTP":
                    if (_subscriber is not null && segment.Element(1) is "291")
                        _subscriber = _subscriber with { ServiceDate = X12Text.TryParseDate(segment.Element(3)[..Math.Min(8, segment.Element(3).Length)], out var date) ? date : throw segment.Error(3, $"'{segment.Element(3)}' is not a date") };
                    break;
                case "EQ":
                    if (_subscriber is null)
                        throw segment.Error("EQ outside a subscriber level");
                    foreach (var code in segment.Repetitions(1))
                        _serviceTypes.Add(new string(code));
                    _subscriberAsked = _subscriber.Dependent is null;
                    break;
                case "REF" or "N3" or "N4" or "PRV" or "INS" or "HI" or "III":
                    break; // carried by the guide, not by the model
                default:
                    throw segment.Error($"'{segment.Id}' is not a segment of the 270 (005010X279A1)");
            }
        }

        private void Close()
        {
            if (_subscriber is null)
                return;
            _subscribers.Add(_subscriber with { ServiceTypeCodes = ValueList.Freeze(_serviceTypes) });
            _serviceTypes.Clear();
            _subscriber = null;
            _subscriberAsked = false;
        }

        public EligibilityInquiry270 Complete(in X12Segment se, X12Envelope envelope)
        {
            Close();
            return new EligibilityInquiry270
            {
                Envelope = envelope,
                ReferenceId = _reference ?? throw se.Error("the 270 has no BHT"),
                Created = _created,
                Payer = _payer ?? throw se.Error("the 270 has no information source (NM1*PR, loop 2100A)"),
                Provider = _provider ?? throw se.Error("the 270 has no information receiver (NM1*1P, loop 2100B)"),
                Subscribers = ValueList.Freeze(_subscribers),
            };
        }
    }
}
