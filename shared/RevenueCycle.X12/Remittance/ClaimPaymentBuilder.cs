namespace RevenueCycle.X12.Remittance;

/// <summary>
/// Collects loop 2100 (CLP..) of one claim; reused from claim to claim. The CLP's values are kept in
/// fields and the <see cref="ClaimPayment"/> is created once, in <see cref="Build"/>: a record made at
/// CLP and copied with <c>with</c> at the end would allocate every claim twice.
/// </summary>
internal sealed class ClaimPaymentBuilder(StringCache cache, RecordCache<EntityName> names)
{
    private const int MiaLastElement = 24;

    public long Position;
    public string PatientControlNumber = "";
    public decimal ChargeAmount;
    public decimal PaymentAmount;
    public long ChargeCents, PaymentCents; // the same in cents, or Cents.None

    /// <summary>Σ of the claim's own CAS amounts, and Σ of its lines' CAS amounts, in cents (<see cref="Cents"/>).</summary>
    public long AdjustmentCents, LineAdjustmentCents;
    private ClaimStatusCode _status;
    private decimal? _patientResponsibility, _drgWeight, _dischargeFraction;
    private string _filingIndicator = "";
    private string? _payerClaimControlNumber, _facilityCode, _drgCode;
    private ClaimFrequency? _frequency;
    private EntityName? _patient, _insured, _correctedInsured, _rendering, _crossover, _priorityPayer, _otherSubscriber;
    private InpatientAdjudication? _inpatient;
    private OutpatientAdjudication? _outpatient;
    private DateOnly? _statementFrom, _statementTo, _coverageExpiration, _received;

    public ScratchList<Adjustment> Adjustments { get; } = new();
    public ScratchList<Reference> References { get; } = new();
    public ScratchList<Contact> Contacts { get; } = new();
    public ScratchList<QualifiedAmount> Amounts { get; } = new();
    public ScratchList<QualifiedQuantity> Quantities { get; } = new();
    public ScratchList<ServicePayment> Lines { get; } = new();
    private readonly ScratchList<string> _moaRemarks = new();

    /// <summary>Σ of the claim's own CAS amounts as decimals (for the message when the claim does not balance).</summary>
    public decimal AdjustmentTotal => Adjustment.Total(Adjustments.AsSpan());

    /// <summary>Σ of the CAS amounts of the claim's lines as decimals.</summary>
    public decimal LineAdjustmentTotal
    {
        get
        {
            var total = 0m;
            foreach (var line in Lines)
                total += Adjustment.Total(line.Adjustments.AsSpan());
            return total;
        }
    }

    /// <summary>Charge − paid = Σ claim CAS + Σ line CAS: in cents when every amount is a whole number of cents, else in decimals.</summary>
    public bool Balances()
    {
        var adjustments = Cents.Add(AdjustmentCents, LineAdjustmentCents);
        return ChargeCents != Cents.None && PaymentCents != Cents.None && adjustments != Cents.None
            ? ChargeCents - PaymentCents == adjustments
            : ChargeAmount - PaymentAmount == AdjustmentTotal + LineAdjustmentTotal;
    }

    public void Start(in X12Segment clp)
    {
        Position = clp.Position;
        PatientControlNumber = clp.RequireString(1);
        if (!ClaimStatusCodes.TryParse(clp.Element(2), out var status))
            throw clp.NotA(2, "a claim status code (1, 2, 3, 4, 19, 20, 21, 22, 23)");
        ChargeAmount = clp.RequireDecimal(3, out ChargeCents);
        PaymentAmount = clp.RequireDecimal(4, out PaymentCents);
        _status = status;
        _patientResponsibility = clp.GetDecimal(5);
        _filingIndicator = cache.Get(clp.Element(6)) is { Length: > 0 } filing ? filing : throw clp.Error(6, "a claim filing indicator is required");
        _payerClaimControlNumber = clp.GetString(7);
        _facilityCode = cache.GetOrNull(clp.Element(8));
        _frequency = null;
        if (clp.HasElement(9))
            _frequency = ClaimFrequencyCodes.TryParse(clp.Element(9), out var parsed) ? parsed : throw clp.NotA(9, "a claim frequency code");
        _drgCode = cache.GetOrNull(clp.Element(11));
        _drgWeight = clp.GetDecimal(12);
        _dischargeFraction = clp.GetDecimal(13);
    }

    public void AddName(in X12Segment nm1)
    {
        ref var slot = ref SlotFor(nm1, out var recurring);
        if (slot is not null)
            throw SecondName(nm1);
        slot = recurring ? ReadRecurringName(nm1) : EntityName.Read(nm1, cache);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static X12ParseException SecondName(in X12Segment nm1) => nm1.Error(1, $"a second NM1*{nm1.Element(1)} in the same claim");

    /// <summary>The field an NM1 fills; <paramref name="recurring"/> when the same party comes back claim after claim.</summary>
    private ref EntityName? SlotFor(in X12Segment nm1, out bool recurring)
    {
        recurring = false;
        switch (nm1.Element(1))
        {
            case "QC": return ref _patient;
            case "IL": return ref _insured;
            case "74": return ref _correctedInsured;
            case "82": recurring = true; return ref _rendering;
            case "TT": recurring = true; return ref _crossover;
            case "PR": recurring = true; return ref _priorityPayer;
            case "GB": return ref _otherSubscriber;
            default: throw nm1.NotA(1, "a claim party of the 835 (QC, IL, 74, 82, TT, PR, GB)");
        }
    }

    /// <summary>
    /// Rendering providers, crossover carriers and payers are a handful of parties repeated on thousands of
    /// claims: one <see cref="EntityName"/> per distinct NM1 (an immutable record, so sharing it is safe).
    /// Patients and insureds are nearly always distinct and are not cached.
    /// </summary>
    private EntityName ReadRecurringName(in X12Segment nm1)
    {
        var key = nm1.Text[(nm1.Id.Length + 1)..]; // the entity code and everything after it
        if (names.TryGet(key, out var name))
            return name;
        name = EntityName.Read(nm1, cache);
        names.Add(key, name);
        return name;
    }

    public void ReadInpatient(in X12Segment mia)
    {
        if (_inpatient is not null)
            throw mia.Error("a second MIA in the same claim");
        var others = new List<string?>(MiaLastElement);
        for (var i = 2; i <= Math.Min(mia.ElementCount, MiaLastElement); i++)
            others.Add(mia.GetString(i));
        _inpatient = new InpatientAdjudication { CoveredDaysOrVisits = mia.RequireDecimal(1), OtherElements = ValueList.Freeze(others) };
    }

    public void ReadOutpatient(in X12Segment moa)
    {
        if (_outpatient is not null)
            throw moa.Error("a second MOA in the same claim");
        for (var i = 3; i < 3 + OutpatientAdjudication.MaxRemarkCodes; i++)
            if (moa.HasElement(i))
                _moaRemarks.Add(cache.Get(moa.Element(i)));
        _outpatient = new OutpatientAdjudication
        {
            ReimbursementRate = moa.GetDecimal(1),
            HcpcsPayableAmount = moa.GetDecimal(2),
            RemarkCodes = _moaRemarks.Freeze(),
            EsrdPaymentAmount = moa.GetDecimal(8),
            NonPayableProfessionalComponentAmount = moa.GetDecimal(9),
        };
    }

    public void AddDate(in X12Segment dtm)
    {
        var date = dtm.RequireDate(2);
        switch (dtm.Element(1))
        {
            case "232": _statementFrom = date; break;
            case "233": _statementTo = date; break;
            case "036": _coverageExpiration = date; break;
            case "050": _received = date; break;
            default: throw dtm.NotA(1, "a claim date qualifier (232, 233, 036, 050)");
        }
    }

    public ClaimPayment Build() => new()
    {
        PatientControlNumber = PatientControlNumber,
        Status = _status,
        ChargeAmount = ChargeAmount,
        PaymentAmount = PaymentAmount,
        PatientResponsibilityAmount = _patientResponsibility,
        ClaimFilingIndicator = _filingIndicator,
        PayerClaimControlNumber = _payerClaimControlNumber,
        FacilityCode = _facilityCode,
        Frequency = _frequency,
        DrgCode = _drgCode,
        DrgWeight = _drgWeight,
        DischargeFraction = _dischargeFraction,
        Adjustments = Adjustments.Freeze(),
        Patient = _patient,
        Insured = _insured,
        CorrectedInsured = _correctedInsured,
        RenderingProvider = _rendering,
        CrossoverCarrier = _crossover,
        CorrectedPriorityPayer = _priorityPayer,
        OtherSubscriber = _otherSubscriber,
        InpatientAdjudication = _inpatient,
        OutpatientAdjudication = _outpatient,
        References = References.Freeze(),
        StatementFromDate = _statementFrom,
        StatementToDate = _statementTo,
        CoverageExpirationDate = _coverageExpiration,
        ReceivedDate = _received,
        Contacts = Contacts.Freeze(),
        Amounts = Amounts.Freeze(),
        Quantities = Quantities.Freeze(),
        ServiceLines = Lines.Freeze(),
    };

    public void Clear()
    {
        AdjustmentCents = LineAdjustmentCents = 0;
        _patient = _insured = _correctedInsured = _rendering = _crossover = _priorityPayer = _otherSubscriber = null;
        _inpatient = null;
        _outpatient = null;
        _statementFrom = _statementTo = _coverageExpiration = _received = null;
        Adjustments.Clear();
        References.Clear();
        Contacts.Clear();
        Amounts.Clear();
        Quantities.Clear();
        Lines.Clear();
        _moaRemarks.Clear(); // left with items only by an MOA that failed
    }
}
