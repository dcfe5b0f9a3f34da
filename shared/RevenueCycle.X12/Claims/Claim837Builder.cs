namespace RevenueCycle.X12.Claims;

/// <summary>Assembles one 837P from its body segments, loop by loop.</summary>
internal sealed class Claim837Builder : ITransactionSetBuilder<ClaimBatch837>
{
    private enum Loop { Header, BillingProvider, Subscriber, Patient, Claim, OtherPayer, Line, LineAdjudication }

    /// <summary>Which NM1 the following N3/N4/DMG/REF/PRV/PER belong to.</summary>
    private enum Party { None, Submitter, Receiver, BillingProvider, PayTo, Subscriber, Payer, Patient, Rendering, ServiceFacility, OtherSubscriber, OtherPayer, NotModelled }

    // Segments of X222A1 that the model does not carry; anything else unknown is an error.
    private static readonly HashSet<string> PassedOver =
        ["PWK", "CN1", "K3", "NTE", "CR1", "CR2", "CR3", "CRC", "HCP", "CUR", "QTY", "MEA", "PS1", "LIN", "CTP", "LQ", "FRM", "SV5", "OI", "MOA"];

    private static readonly HashSet<string> OtherNamedParties =
        ["87", "PE", "DN", "DK", "P3", "77", "DQ", "PW", "45", "QB", "85", "82", "PR", "IL"];

    private readonly StringCache _cache = new();
    private readonly List<Claim837> _claims = [];
    private readonly Dictionary<int, string> _levels = [];

    private Loop _loop;
    private Party _party;
    private string? _originatorReference;
    private DateTime _created;
    private string _transactionType = ClaimBatch837.Chargeable;
    private EntityName? _submitter;
    private Contact? _submitterContact;
    private EntityName? _receiver;

    private int _billingProviderLevel;
    private int _subscriberLevel;
    private BillingProvider837? _billingProvider;
    private Subscriber837? _subscriber;
    private Payer837? _payer;
    private Patient837? _patient;

    private ClaimUnderConstruction? _claim;
    private OtherPayer837? _otherPayer;
    private LineUnderConstruction? _line;
    private LineAdjudication837? _adjudication;

    public void Add(in X12Segment segment)
    {
        if (_originatorReference is null && !segment.Is("BHT"))
            throw segment.Error("the 837 must begin with BHT right after ST");
        switch (segment.Id)
        {
            case "BHT":
                if (_originatorReference is not null)
                    throw segment.Error("a second BHT");
                _originatorReference = segment.RequireString(3);
                _created = segment.RequireDate(4).ToDateTime(segment.GetTime(5) ?? throw segment.Error(5, "a time is required"));
                _transactionType = segment.RequireString(6);
                break;
            case "HL": StartLevel(segment); break;
            case "NM1": AddName(segment); break;
            case "N3": SetAddress(segment, Address.FromN3(segment)); break;
            case "N4": CompleteAddress(segment); break;
            case "DMG": AddDemographics(segment); break;
            case "REF": AddReference(segment); break;
            case "PRV": AddTaxonomy(segment); break;
            case "PER":
                if (_party == Party.Submitter)
                    _submitterContact = Contact.Read(segment);
                break;
            case "SBR": AddSubscriberInformation(segment); break;
            case "PAT":
                if (_loop == Loop.Patient)
                    _patient = _patient! with { RelationshipToSubscriber = segment.RequireString(1) };
                else if (_loop != Loop.Subscriber)
                    throw NotHere(segment);
                break;
            case "CLM": StartClaim(segment); break;
            case "HI": AddDiagnoses(segment); break;
            case "CAS": AddAdjustments(segment); break;
            case "AMT":
                if (_loop == Loop.OtherPayer && segment.Element(1) is "D")
                    _otherPayer = _otherPayer! with { PaidAmount = segment.RequireDecimal(2) };
                else if (_loop == Loop.OtherPayer && segment.Element(1) is "EAF")
                    _otherPayer = _otherPayer! with { RemainingPatientLiability = segment.RequireDecimal(2) };
                else if (_loop == Loop.LineAdjudication && segment.Element(1) is "EAF")
                    _adjudication = _adjudication! with { RemainingPatientLiability = segment.RequireDecimal(2) };
                break;
            case "DTP": AddDate(segment); break;
            case "LX": StartLine(segment); break;
            case "SV1": AddProfessionalService(segment); break;
            case "SVD": StartLineAdjudication(segment); break;
            default:
                if (!PassedOver.Contains(segment.IdString))
                    throw segment.Error($"'{segment.Id}' is not a segment of the 837P (005010X222A1)");
                break;
        }
    }

    public ClaimBatch837 Complete(in X12Segment se, X12Envelope envelope)
    {
        CloseClaim();
        if (_submitter is null || _receiver is null)
            throw se.Error($"the 837 has no {(_submitter is null ? "submitter (NM1*41, loop 1000A)" : "receiver (NM1*40, loop 1000B)")}");
        if (_claims.Count == 0)
            throw se.Error("the 837 holds no claim (CLM)");
        return new ClaimBatch837
        {
            Envelope = envelope,
            OriginatorReference = _originatorReference!,
            Created = _created,
            TransactionTypeCode = _transactionType,
            Submitter = _submitter,
            SubmitterContact = _submitterContact ?? throw se.Error("the submitter has no PER contact (loop 1000A)"),
            Receiver = _receiver,
            Claims = ValueList.Freeze(_claims),
        };
    }

    private void StartLevel(in X12Segment hl)
    {
        CloseClaim();
        var id = hl.RequireInt(1);
        if (id != _levels.Count + 1)
            throw hl.Error(1, $"HL ids must count up from 1: expected {_levels.Count + 1}, found {id}");
        var parent = hl.GetInt(2);
        var level = hl.Element(3);
        string? expectedParentLevel = level switch
        {
            "20" => null,
            "22" => "20",
            "23" => "22",
            _ => throw hl.Error(3, $"'{level}' is not a level of the 837P (20 billing provider, 22 subscriber, 23 patient)"),
        };
        if (expectedParentLevel is null && parent is not null)
            throw hl.Error(2, "the billing provider level (20) has no parent");
        if (expectedParentLevel is not null && (parent is null || !_levels.TryGetValue(parent.Value, out var parentLevel) || parentLevel != expectedParentLevel))
            throw hl.Error(2, $"a level {level} must have a level {expectedParentLevel} HL as its parent");
        _levels[id] = level.ToString();
        _party = Party.None;
        switch (level)
        {
            case "20":
                _billingProviderLevel = id;
                _billingProvider = null;
                _loop = Loop.BillingProvider;
                break;
            case "22":
                if (parent != _billingProviderLevel)
                    throw hl.Error(2, $"the subscriber's parent must be the current billing provider (HL {_billingProviderLevel})");
                _subscriberLevel = id;
                _subscriber = null;
                _payer = null;
                _patient = null;
                _loop = Loop.Subscriber;
                break;
            default:
                if (parent != _subscriberLevel)
                    throw hl.Error(2, $"the patient's parent must be the current subscriber (HL {_subscriberLevel})");
                _patient = new Patient837 { RelationshipToSubscriber = "", Name = new PersonName(""), Address = new Address { Line1 = "", City = "" }, BirthDate = default, Gender = Gender.Unknown };
                _loop = Loop.Patient;
                break;
        }
    }

    private void AddName(in X12Segment nm1)
    {
        var code = nm1.Element(1);
        switch (code)
        {
            case "41" when _loop == Loop.Header:
                _submitter = EntityName.Read(nm1);
                _party = Party.Submitter;
                return;
            case "40" when _loop == Loop.Header:
                _receiver = EntityName.Read(nm1);
                _party = Party.Receiver;
                return;
            case "85" when _loop == Loop.BillingProvider:
                RequireQualifier(nm1, EntityName.NpiQualifier);
                _billingProvider = new BillingProvider837
                {
                    OrganizationName = nm1.RequireString(3), Npi = nm1.RequireString(9), Address = new Address { Line1 = "", City = "" }, TaxId = "",
                    TaxonomyCode = _billingProvider?.TaxonomyCode, Individual = nm1.Element(2) is "1" ? PersonName.Read(nm1) : null,
                };
                _party = Party.BillingProvider;
                return;
            case "87" when _loop == Loop.BillingProvider && _billingProvider is not null:
                _party = Party.PayTo;
                return;
            case "77" when _loop == Loop.Claim:
                _claim!.ServiceFacility = new ServiceFacility837
                {
                    Name = nm1.RequireString(3), Npi = nm1.Element(8) is "XX" ? nm1.RequireString(9) : null, Address = new Address { Line1 = "", City = "" },
                };
                _party = Party.ServiceFacility;
                return;
            case "IL" when _loop == Loop.Subscriber:
                RequireQualifier(nm1, EntityName.MemberIdQualifier);
                _subscriber = (_subscriber ?? throw nm1.Error("the subscriber's name comes after its SBR (loop 2000B)")) with { Name = PersonName.Read(nm1), MemberId = nm1.RequireString(9) };
                _party = Party.Subscriber;
                return;
            case "PR" when _loop == Loop.Subscriber:
                RequireQualifier(nm1, EntityName.PayerIdQualifier);
                _payer = new Payer837 { Name = nm1.RequireString(3), PayerId = nm1.RequireString(9) };
                _party = Party.Payer;
                return;
            case "QC" when _loop == Loop.Patient:
                _patient = _patient! with { Name = PersonName.Read(nm1) };
                _party = Party.Patient;
                return;
            case "82" when _loop == Loop.Claim:
                RequireQualifier(nm1, EntityName.NpiQualifier);
                _claim!.Rendering = new RenderingProvider837 { Name = PersonName.Read(nm1), Npi = nm1.RequireString(9) };
                _party = Party.Rendering;
                return;
            case "IL" when _loop == Loop.OtherPayer:
                _otherPayer = _otherPayer! with { SubscriberName = PersonName.Read(nm1), SubscriberMemberId = nm1.RequireString(9) };
                _party = Party.OtherSubscriber;
                return;
            case "PR" when _loop == Loop.OtherPayer && _party != Party.OtherPayer:
                _otherPayer = _otherPayer! with { PayerName = nm1.RequireString(3), PayerId = nm1.RequireString(9) };
                _party = Party.OtherPayer;
                return;
        }
        if (_loop < Loop.BillingProvider || !OtherNamedParties.Contains(new string(code)))
            throw nm1.Error(1, $"NM1*{code} is not expected here in an 837P");
        _party = Party.NotModelled; // pay-to, referring, service facility, supervising and other parties the model does not carry
    }

    private static void RequireQualifier(in X12Segment nm1, string qualifier)
    {
        if (!nm1.Element(8).SequenceEqual(qualifier))
            throw nm1.Error(8, $"NM1*{nm1.Element(1)} must be identified with {qualifier}, not '{nm1.Element(8)}'");
    }

    private void SetAddress(in X12Segment segment, Address address)
    {
        switch (_party)
        {
            case Party.BillingProvider: _billingProvider = _billingProvider! with { Address = address }; break;
            case Party.PayTo: _billingProvider = _billingProvider! with { PayToAddress = address }; break;
            case Party.ServiceFacility: _claim!.ServiceFacility = _claim.ServiceFacility! with { Address = address }; break;
            case Party.Subscriber: _subscriber = _subscriber! with { Address = address }; break;
            case Party.Payer: _payer = _payer! with { Address = address }; break;
            case Party.Patient: _patient = _patient! with { Address = address }; break;
            case Party.None or Party.Submitter or Party.Receiver: throw NotHere(segment);
        }
    }

    private void CompleteAddress(in X12Segment n4)
    {
        var address = _party switch
        {
            Party.BillingProvider => _billingProvider!.Address,
            Party.PayTo => _billingProvider!.PayToAddress,
            Party.ServiceFacility => _claim!.ServiceFacility!.Address,
            Party.Subscriber => _subscriber!.Address,
            Party.Payer => _payer!.Address,
            Party.Patient => _patient!.Address,
            _ => null,
        };
        if (_party is Party.BillingProvider or Party.PayTo or Party.ServiceFacility or Party.Subscriber or Party.Payer or Party.Patient)
            SetAddress(n4, (address ?? throw n4.Error("N4 without N3 before it")).WithN4(n4));
    }

    private void AddDemographics(in X12Segment dmg)
    {
        var (birthDate, gender) = Demographics.Read(dmg);
        if (_party == Party.Subscriber)
            _subscriber = _subscriber! with { BirthDate = birthDate, Gender = gender };
        else if (_party == Party.Patient)
            _patient = _patient! with { BirthDate = birthDate ?? default, Gender = gender ?? Gender.Unknown };
        else if (_party != Party.NotModelled)
            throw NotHere(dmg);
    }

    private void AddReference(in X12Segment reference)
    {
        var qualifier = reference.Element(1);
        if (_party == Party.BillingProvider && qualifier is BillingProvider837.EmployerIdentificationNumber or BillingProvider837.SocialSecurityNumber)
            _billingProvider = _billingProvider! with { TaxId = reference.RequireString(2), TaxIdQualifier = _cache.Get(qualifier) };
        else if (_loop == Loop.Claim && _party == Party.None && qualifier is "G1")
            _claim!.PriorAuthorization = reference.RequireString(2);
        else if (_loop == Loop.Claim && _party == Party.None && qualifier is "F8")
            _claim!.PayerClaimControlNumber = reference.RequireString(2);
        else if (_loop == Loop.Line && _party == Party.None && qualifier is "6R")
            _line!.LineItemControlNumber = reference.RequireString(2);
    }

    private void AddTaxonomy(in X12Segment prv)
    {
        if (_loop == Loop.BillingProvider && prv.Element(1) is "BI")
            _billingProvider = (_billingProvider ?? new BillingProvider837 { OrganizationName = "", Npi = "", Address = new Address { Line1 = "", City = "" }, TaxId = "" }) with { TaxonomyCode = prv.RequireString(3) };
        else if (_party == Party.Rendering)
            _claim!.Rendering = _claim.Rendering! with { TaxonomyCode = prv.RequireString(3) };
    }

    private void AddSubscriberInformation(in X12Segment sbr)
    {
        if (_loop == Loop.Subscriber && _subscriber is null)
        {
            _subscriber = new Subscriber837
            {
                Responsibility = PayerResponsibilityCodes.Read(sbr),
                GroupNumber = sbr.GetString(3),
                GroupName = sbr.GetString(4),
                InsuranceTypeCode = sbr.GetString(5),
                ClaimFilingCode = sbr.RequireString(9),
                Name = new PersonName(""),
                MemberId = "",
            };
            return;
        }
        if (_loop is not (Loop.Claim or Loop.OtherPayer))
            throw NotHere(sbr);
        CloseOtherPayer();
        _otherPayer = new OtherPayer837
        {
            Responsibility = PayerResponsibilityCodes.Read(sbr),
            RelationshipCode = sbr.RequireString(2),
            GroupNumber = sbr.GetString(3),
            InsuranceTypeCode = sbr.GetString(5),
            ClaimFilingCode = sbr.RequireString(9),
            SubscriberName = new PersonName(""),
            SubscriberMemberId = "",
            PayerName = "",
            PayerId = "",
        };
        _loop = Loop.OtherPayer;
        _party = Party.None;
    }

    private void StartClaim(in X12Segment clm)
    {
        if (_loop is Loop.Header or Loop.BillingProvider)
            throw NotHere(clm);
        CloseClaim();
        if (_billingProvider is null || _subscriber is null || _payer is null)
            throw clm.Error($"the claim has no {(_billingProvider is null ? "billing provider (2010AA)" : _subscriber is null ? "subscriber (2000B SBR, 2010BA)" : "payer (2010BB)")}");
        if (_billingProvider.Npi.Length == 0 || _billingProvider.Address.City.Length == 0 || _billingProvider.TaxId.Length == 0)
            throw clm.Error("the billing provider (2010AA) needs NM1*85 with its NPI, N3/N4 and REF*EI (or REF*SY) before the claim");
        if (_subscriber.MemberId.Length == 0)
            throw clm.Error("the subscriber (2010BA) needs NM1*IL with the member id before the claim");
        var placeOfService = clm.Component(5, 1);
        if (placeOfService.IsEmpty)
            throw clm.Error(5, "CLM05-1 place of service is required");
        if (!ClaimFrequencyCodes.TryParse(clm.Component(5, 3), out var frequency))
            throw clm.Error(5, $"'{clm.Component(5, 3)}' is not a claim frequency code (CLM05-3)");
        _claim = new ClaimUnderConstruction
        {
            Position = clm.Position,
            Claim = new Claim837
            {
                BillingProvider = _billingProvider,
                Subscriber = _subscriber,
                Payer = _payer,
                Patient = _patient is not null ? CheckedPatient(clm) : null,
                PatientControlNumber = clm.RequireString(1),
                TotalCharge = clm.RequireDecimal(2),
                PlaceOfService = _cache.Get(placeOfService),
                Frequency = frequency,
                ProviderSignatureOnFile = clm.Element(6) is "Y",
                AssignmentCode = clm.RequireString(7),
                BenefitsAssigned = clm.Element(8) is "Y",
                ReleaseOfInformation = clm.RequireString(9),
            },
        };
        _loop = Loop.Claim;
        _party = Party.None;
    }

    private Patient837 CheckedPatient(in X12Segment clm)
    {
        if (_patient!.RelationshipToSubscriber.Length == 0 || _patient.Name.LastName.Length == 0)
            throw clm.Error("the patient level (2000C) needs PAT and NM1*QC before the claim");
        return _patient;
    }

    private void AddDiagnoses(in X12Segment hi)
    {
        if (_loop != Loop.Claim)
            throw NotHere(hi);
        var qualifier = hi.Component(1, 1);
        if (qualifier is not ("ABK" or "BK"))
            return; // anesthesia, condition and other HI segments: not modelled
        for (var i = 1; i <= hi.ElementCount; i++)
        {
            var expected = i == 1 ? "ABK" : "ABF";
            var actual = hi.Component(i, 1);
            if (!actual.SequenceEqual(expected) && !actual.SequenceEqual(expected.AsSpan(1)))
                throw hi.Error(i, $"'{actual}' is not {expected}: the principal diagnosis comes first, then the others");
            var code = hi.Component(i, 2);
            if (code.IsEmpty)
                throw hi.Error(i, "the diagnosis code is missing");
            _claim!.Diagnoses.Add(_cache.Get(code));
        }
        if (_claim!.Diagnoses.Count > Claim837.MaxDiagnosesPerClaim)
            throw hi.Error($"{_claim.Diagnoses.Count} diagnoses; an 837P claim carries at most {Claim837.MaxDiagnosesPerClaim}");
    }

    private void AddAdjustments(in X12Segment cas)
    {
        var adjustments = new ScratchList<Adjustment>();
        Adjustment.ReadCas(cas, adjustments, _cache);
        if (_loop == Loop.OtherPayer)
            _otherPayer = _otherPayer! with { Adjustments = [.. _otherPayer.Adjustments, .. adjustments.AsSpan()] };
        else if (_loop == Loop.LineAdjudication)
            _adjudication = _adjudication! with { Adjustments = [.. _adjudication.Adjustments, .. adjustments.AsSpan()] };
        else
            throw NotHere(cas);
    }

    private void AddDate(in X12Segment dtp)
    {
        if (_loop == Loop.Line && dtp.Element(1) is "472")
        {
            if (dtp.Element(2) is not ("D8" or "RD8"))
                throw dtp.Error(2, $"'{dtp.Element(2)}' is not a date format (D8, RD8)");
            _line!.ServiceDate = X12Text.TryParseDate(dtp.Element(3)[..Math.Min(8, dtp.Element(3).Length)], out var date)
                ? date
                : throw dtp.Error(3, $"'{dtp.Element(3)}' is not a CCYYMMDD date");
        }
        else if (_loop == Loop.LineAdjudication && dtp.Element(1) is "573")
        {
            _adjudication = _adjudication! with { AdjudicationDate = dtp.RequireDate(3) };
        }
    }

    private void StartLine(in X12Segment lx)
    {
        if (_loop < Loop.Claim)
            throw NotHere(lx);
        CloseLine();
        CloseOtherPayer();
        var number = lx.RequireInt(1);
        if (number != _claim!.Lines.Count + 1)
            throw lx.Error(1, $"service lines are numbered from 1: expected {_claim.Lines.Count + 1}, found {number}");
        _line = new LineUnderConstruction { Position = lx.Position };
        _loop = Loop.Line;
        _party = Party.None;
    }

    private void AddProfessionalService(in X12Segment sv1)
    {
        if (_loop != Loop.Line || _line!.Service is not null)
            throw NotHere(sv1);
        if (!sv1.Element(3).SequenceEqual("UN") && !sv1.Element(3).SequenceEqual("MJ"))
            throw sv1.Error(3, $"'{sv1.Element(3)}' is not a unit of measure (UN units, MJ minutes)");
        var pointers = new List<int>(ServiceLine837.MaxDiagnosisPointers);
        foreach (var pointer in sv1.Components(7))
        {
            if (!X12Text.TryParseInt(pointer, out var value) || value < 1 || value > Claim837.MaxDiagnosesPerClaim)
                throw sv1.Error(7, $"'{pointer}' is not a diagnosis pointer (1 to {Claim837.MaxDiagnosesPerClaim})");
            pointers.Add(value);
        }
        if (pointers.Count is 0 or > ServiceLine837.MaxDiagnosisPointers)
            throw sv1.Error(7, $"a line needs 1 to {ServiceLine837.MaxDiagnosisPointers} diagnosis pointers");
        _line.Service = new ServiceLine837
        {
            Procedure = ProcedureCode.Read(sv1, 1, _cache),
            ChargeAmount = sv1.RequireDecimal(2),
            Units = sv1.RequireDecimal(4),
            PlaceOfService = _cache.GetOrNull(sv1.Element(5)),
            DiagnosisPointers = ValueList.Freeze(pointers),
            ServiceDate = default,
        };
    }

    private void StartLineAdjudication(in X12Segment svd)
    {
        if (_loop is not (Loop.Line or Loop.LineAdjudication) || _line!.Service is null)
            throw NotHere(svd);
        CloseAdjudication();
        _adjudication = new LineAdjudication837
        {
            PayerId = svd.RequireString(1),
            PaidAmount = svd.RequireDecimal(2),
            Procedure = ProcedureCode.Read(svd, 3, _cache),
            Units = svd.GetDecimal(5) ?? 1,
            AdjudicationDate = default,
        };
        _loop = Loop.LineAdjudication;
        _party = Party.None;
    }

    private void CloseAdjudication()
    {
        if (_adjudication is null)
            return;
        _line!.Adjudications.Add(_adjudication);
        _adjudication = null;
    }

    private void CloseOtherPayer()
    {
        if (_otherPayer is null)
            return;
        _claim!.OtherPayers.Add(_otherPayer);
        _otherPayer = null;
    }

    private void CloseLine()
    {
        CloseAdjudication();
        if (_line is null)
            return;
        if (_line.Service is null)
            throw X12ParseException.At("LX", _line.Position, null, "the service line has no SV1");
        if (_line.ServiceDate is null)
            throw X12ParseException.At("LX", _line.Position, null, "the service line has no date of service (DTP*472)");
        _claim!.Lines.Add(_line.Service with
        {
            ServiceDate = _line.ServiceDate.Value,
            LineItemControlNumber = _line.LineItemControlNumber,
            Adjudications = ValueList.Freeze(_line.Adjudications),
        });
        _line = null;
    }

    private void CloseClaim()
    {
        CloseLine();
        CloseOtherPayer();
        if (_claim is null)
            return;
        if (_claim.Lines.Count == 0)
            throw X12ParseException.At("CLM", _claim.Position, null, $"claim '{_claim.Claim.PatientControlNumber}' has no service line (loop 2400)");
        if (_claim.Diagnoses.Count == 0)
            throw X12ParseException.At("CLM", _claim.Position, null, $"claim '{_claim.Claim.PatientControlNumber}' has no diagnosis (HI)");
        _claims.Add(_claim.Claim with
        {
            PriorAuthorization = _claim.PriorAuthorization,
            PayerClaimControlNumber = _claim.PayerClaimControlNumber,
            Diagnoses = ValueList.Freeze(_claim.Diagnoses),
            RenderingProvider = _claim.Rendering,
            ServiceFacility = _claim.ServiceFacility,
            OtherPayers = ValueList.Freeze(_claim.OtherPayers),
            Lines = ValueList.Freeze(_claim.Lines),
        });
        _claim = null;
        _loop = _patient is not null ? Loop.Patient : Loop.Subscriber;
        _party = Party.None;
    }

    private X12ParseException NotHere(in X12Segment segment) =>
        segment.Error($"{segment.Id} is not expected here (loop {_loop}) in an 837P");

    private sealed class ClaimUnderConstruction
    {
        public long Position;
        public required Claim837 Claim;
        public string? PriorAuthorization;
        public string? PayerClaimControlNumber;
        public RenderingProvider837? Rendering;
        public ServiceFacility837? ServiceFacility;
        public List<string> Diagnoses { get; } = [];
        public List<OtherPayer837> OtherPayers { get; } = [];
        public List<ServiceLine837> Lines { get; } = [];
    }

    private sealed class LineUnderConstruction
    {
        public long Position;
        public ServiceLine837? Service;
        public DateOnly? ServiceDate;
        public string? LineItemControlNumber;
        public List<LineAdjudication837> Adjudications { get; } = [];
    }
}
