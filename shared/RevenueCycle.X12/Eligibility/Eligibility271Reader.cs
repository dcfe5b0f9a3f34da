namespace RevenueCycle.X12.Eligibility;

/// <summary>Reads 271 responses into typed eligibility: benefits (EB), rejections (AAA) at every level, plan dates.</summary>
/// <example>
/// <code>
/// var response = Eligibility271Reader.Parse(x12).Single();
/// var subscriber = response.Subscribers.Single();
/// if (!subscriber.IsActive) FlagRegistration(subscriber.Rejections);
/// var copay = subscriber.Benefits.FirstOrDefault(b => b.Code == BenefitCode.CoPayment)?.Amount;
/// </code>
/// </example>
public sealed class Eligibility271Reader : X12TransactionReader<EligibilityResponse271>
{
    public Eligibility271Reader(TextReader reader, bool leaveOpen = false)
        : base(new X12Tokenizer(reader, leaveOpen), new EnvelopeTracker("271", X12Versions.EligibilityResponseGroup, "005010X279"))
    {
    }

    public Eligibility271Reader(Stream stream, bool leaveOpen = false)
        : base(new X12Tokenizer(stream, leaveOpen), new EnvelopeTracker("271", X12Versions.EligibilityResponseGroup, "005010X279"))
    {
    }

    public static IReadOnlyList<EligibilityResponse271> Parse(string x12)
    {
        using var reader = new Eligibility271Reader(new StringReader(x12));
        return reader.ReadAll().ToList();
    }

    private protected override EligibilityResponse271 ReadTransaction(in X12Segment st) => ReadBody(new Builder());

    private sealed class Builder : ITransactionSetBuilder<EligibilityResponse271>
    {
        private readonly EligibilityHierarchy _levels = new();
        private readonly StringCache _cache = new();
        private readonly List<RequestRejection> _payerRejections = [];
        private readonly List<RequestRejection> _providerRejections = [];
        private readonly List<SubscriberEligibility> _people = [];
        private readonly List<RequestRejection> _personRejections = [];
        private readonly List<EligibilityBenefit> _benefits = [];
        private readonly List<RequestRejection> _benefitRejections = [];
        private readonly List<string> _messages = [];
        private string? _reference;
        private DateTime _created;
        private EntityName? _payer;
        private EntityName? _provider;
        private SubscriberEligibility? _person;
        private EligibilityBenefit? _benefit;
        private bool _inBenefitEntityLoop; // LS..LE (loop 2120C): names of other entities

        public void Add(in X12Segment segment)
        {
            switch (segment.Id)
            {
                case "BHT":
                    _reference = segment.RequireString(3);
                    _created = segment.RequireDate(4).ToDateTime(segment.GetTime(5) ?? default);
                    break;
                case "HL":
                    ClosePerson();
                    var level = _levels.Start(segment);
                    if (level is EligibilityLevels.Subscriber or EligibilityLevels.Dependent)
                        _person = new SubscriberEligibility { IsDependent = level == EligibilityLevels.Dependent, Name = new PersonName("") };
                    break;
                case "NM1":
                    AddName(segment);
                    break;
                case "AAA":
                    var rejection = RequestRejection.Read(segment);
                    if (_benefit is not null)
                        _benefitRejections.Add(rejection);
                    else if (_person is not null)
                        _personRejections.Add(rejection);
                    else if (_levels.Current == EligibilityLevels.InformationReceiver)
                        _providerRejections.Add(rejection);
                    else if (_levels.Current == EligibilityLevels.InformationSource)
                        _payerRejections.Add(rejection);
                    else
                        throw segment.Error("AAA before any level");
                    break;
                case "TRN":
                    var person = _person ?? throw segment.Error("TRN outside a subscriber level");
                    if (segment.Element(1) is "2") // TRN*2 echoes the 270's trace; TRN*1 are the payer's own
                        _person = person with { TraceNumber = segment.RequireString(2), TraceOriginatorId = segment.GetString(3) };
                    break;
                case "DMG":
                    var (birthDate, gender) = Demographics.Read(segment);
                    _person = (_person ?? throw segment.Error("DMG outside a subscriber level")) with { BirthDate = birthDate, Gender = gender };
                    break;
                case "DTP":
                    AddDate(segment);
                    break;
                case "EB":
                    StartBenefit(segment);
                    break;
                case "MSG":
                    if (_benefit is null)
                        throw segment.Error("MSG outside an EB loop (2110C)");
                    _messages.Add(segment.RequireString(1));
                    break;
                case "LS":
                    _inBenefitEntityLoop = _benefit is not null ? true : throw segment.Error("LS outside an EB loop");
                    break;
                case "LE":
                    _inBenefitEntityLoop = false;
                    break;
                case "REF" or "N3" or "N4" or "PER" or "PRV" or "INS" or "HI" or "MPI" or "HSD" or "III":
                    break; // carried by the guide, not by the model
                default:
                    throw segment.Error($"'{segment.Id}' is not a segment of the 271 (005010X279A1)");
            }
        }

        private void AddName(in X12Segment nm1)
        {
            if (_inBenefitEntityLoop)
                return;
            switch (nm1.Element(1))
            {
                case "PR" or "2B" or "36" or "GP" or "P5" when _levels.Current == EligibilityLevels.InformationSource:
                    _payer = EntityName.Read(nm1);
                    break;
                case "1P" or "FA" or "2B" or "36" or "80" or "GP" or "P5" or "PR" when _levels.Current == EligibilityLevels.InformationReceiver:
                    _provider = EntityName.Read(nm1);
                    break;
                case "IL" or "03" when _person is not null:
                    _person = _person with { Name = nm1.HasElement(3) ? PersonName.Read(nm1) : new PersonName(""), MemberId = nm1.GetString(9) };
                    break;
                default:
                    throw nm1.Error(1, $"NM1*{nm1.Element(1)} is not expected here in a 271");
            }
        }

        private void AddDate(in X12Segment dtp)
        {
            if (_person is null || _benefit is not null)
                return; // benefit dates (2110C DTP) are not modelled
            var text = dtp.Element(3);
            if (!X12Text.TryParseDate(text[..Math.Min(8, text.Length)], out var date))
                throw dtp.Error(3, $"'{text}' is not a CCYYMMDD date");
            // RD8 ranges on 346/347 give the first date; the guide sends D8 for both.
            _person = dtp.Element(1) switch
            {
                "346" => _person with { PlanBeginDate = date },
                "347" => _person with { PlanEndDate = date },
                _ => _person,
            };
        }

        private void StartBenefit(in X12Segment eb)
        {
            if (_person is null)
                throw eb.Error("EB outside a subscriber or dependent level");
            CloseBenefit();
            if (!BenefitCodes.TryParse(eb.Element(1), out var code))
                throw eb.Error(1, $"'{eb.Element(1)}' is not an eligibility or benefit code");
            var serviceTypes = new List<string>();
            foreach (var serviceType in eb.Repetitions(3))
                serviceTypes.Add(_cache.Get(serviceType));
            _benefit = new EligibilityBenefit
            {
                Code = code,
                CoverageLevel = _cache.GetOrNull(eb.Element(2)),
                ServiceTypeCodes = ValueList.Freeze(serviceTypes),
                InsuranceType = _cache.GetOrNull(eb.Element(4)),
                PlanCoverageDescription = eb.GetString(5),
                TimePeriod = _cache.GetOrNull(eb.Element(6)),
                Amount = eb.GetDecimal(7),
                Percent = eb.GetDecimal(8),
                QuantityQualifier = _cache.GetOrNull(eb.Element(9)),
                Quantity = eb.GetDecimal(10),
                AuthorizationRequired = _cache.GetOrNull(eb.Element(11)),
                InPlanNetwork = _cache.GetOrNull(eb.Element(12)),
            };
        }

        private void CloseBenefit()
        {
            if (_benefit is null)
                return;
            _benefits.Add(_benefit with { Messages = ValueList.Freeze(_messages), Rejections = ValueList.Freeze(_benefitRejections) });
            _messages.Clear();
            _benefitRejections.Clear();
            _benefit = null;
            _inBenefitEntityLoop = false;
        }

        private void ClosePerson()
        {
            CloseBenefit();
            if (_person is null)
                return;
            _people.Add(_person with { Rejections = ValueList.Freeze(_personRejections), Benefits = ValueList.Freeze(_benefits) });
            _personRejections.Clear();
            _benefits.Clear();
            _person = null;
        }

        public EligibilityResponse271 Complete(in X12Segment se, X12Envelope envelope)
        {
            ClosePerson();
            return new EligibilityResponse271
            {
                Envelope = envelope,
                ReferenceId = _reference ?? throw se.Error("the 271 has no BHT"),
                Created = _created,
                Payer = _payer ?? throw se.Error("the 271 has no information source (NM1*PR, loop 2100A)"),
                PayerRejections = ValueList.Freeze(_payerRejections),
                Provider = _provider ?? EntityName.Organization(""),
                ProviderRejections = ValueList.Freeze(_providerRejections),
                Subscribers = ValueList.Freeze(_people),
            };
        }
    }
}
