namespace RevenueCycle.X12.Remittance;

/// <summary>
/// Collects loop 2110 (SVC..LQ) of one service line; reused from line to line. As for claims, the
/// <see cref="ServicePayment"/> is created once, in <see cref="Build"/>, from the values kept in fields.
/// </summary>
internal sealed class ServicePaymentBuilder(StringCache cache, RecordCache<ProcedureCode> procedures, RecordCache<ValueList<Remark>> remarks)
{
    private const string LineItemControlNumberQualifier = "6R";
    private const string AllowedAmountQualifier = "B6";

    public long Position;
    public decimal ChargeAmount;
    public decimal PaymentAmount;
    public long ChargeCents, PaymentCents; // the same in cents, or Cents.None

    /// <summary>Σ of the line's CAS amounts in cents (<see cref="Cents"/>).</summary>
    public long AdjustmentCents;
    private ProcedureCode _procedure = null!;
    private ProcedureCode? _submittedProcedure;
    private string? _revenueCode;
    private decimal? _units, _submittedUnits;
    private DateOnly? _serviceDate, _start, _end;
    private string? _lineItemControlNumber;
    private decimal? _allowed;
    private ValueList<Remark>? _lastRemarkAlone;

    public ScratchList<Adjustment> Adjustments { get; } = new();
    public ScratchList<Reference> References { get; } = new();
    public ScratchList<QualifiedAmount> Amounts { get; } = new();
    public ScratchList<QualifiedQuantity> Quantities { get; } = new();
    public ScratchList<Remark> Remarks { get; } = new();

    public string ProcedureCode => _procedure.Code;

    /// <summary>Σ of the line's CAS amounts as decimals (for the message when the line does not balance).</summary>
    public decimal AdjustmentTotal => Adjustment.Total(Adjustments.AsSpan());

    /// <summary>Charge − paid = Σ CAS: in cents when every amount is a whole number of cents, else in decimals.</summary>
    public bool Balances() =>
        ChargeCents != Cents.None && PaymentCents != Cents.None && AdjustmentCents != Cents.None
            ? ChargeCents - PaymentCents == AdjustmentCents
            : ChargeAmount - PaymentAmount == AdjustmentTotal;

    public void Start(in X12Segment svc)
    {
        Position = svc.Position;
        ChargeAmount = svc.RequireDecimal(2, out ChargeCents);
        PaymentAmount = svc.RequireDecimal(3, out PaymentCents);
        _procedure = ReadProcedure(svc, 1);
        _revenueCode = cache.GetOrNull(svc.Element(4));
        _units = svc.GetDecimal(5);
        _submittedProcedure = svc.HasElement(6) ? ReadProcedure(svc, 6) : null;
        _submittedUnits = svc.GetDecimal(7);
    }

    /// <summary>
    /// A remittance names a few hundred distinct procedures (HC:99213, HC:99213:25) on hundreds of
    /// thousands of lines: one immutable <see cref="X12.ProcedureCode"/> per distinct composite.
    /// </summary>
    private ProcedureCode ReadProcedure(in X12Segment svc, int element)
    {
        var composite = svc.Element(element);
        if (procedures.TryGet(composite, out var procedure))
            return procedure;
        procedure = X12.ProcedureCode.Read(svc, element, cache);
        procedures.Add(composite, procedure);
        return procedure;
    }

    /// <summary>
    /// LQ: remark codes repeat as much as procedures do, so the records are shared the same way; and as most
    /// lines have one remark or none, the cache keeps each remark as a list of one, which such a line shares too.
    /// </summary>
    public void AddRemark(in X12Segment lq)
    {
        var key = lq.Text[(lq.Id.Length + 1)..];
        if (!remarks.TryGet(key, out var alone))
        {
            var code = cache.Get(lq.Element(2));
            if (code.Length == 0)
                throw lq.Error(2, "a remark code is required");
            alone = new ValueList<Remark>([new Remark(cache.Get(lq.Element(1)), code)]);
            remarks.Add(key, alone);
        }
        Remarks.Add(alone[0]);
        _lastRemarkAlone = alone;
    }

    /// <summary>The line's remarks: the shared list of one when it has a single remark.</summary>
    private ValueList<Remark> FreezeRemarks()
    {
        if (Remarks.Count != 1)
            return Remarks.Freeze();
        Remarks.Clear();
        return _lastRemarkAlone!;
    }

    public void AddDate(in X12Segment dtm)
    {
        var date = dtm.RequireDate(2);
        switch (dtm.Element(1))
        {
            case "472": _serviceDate = date; break;
            case "150": _start = date; break;
            case "151": _end = date; break;
            default: throw dtm.NotA(1, "a service date qualifier (472, 150, 151)");
        }
    }

    public void AddReference(in X12Segment reference)
    {
        if (reference.Element(1).SequenceEqual(LineItemControlNumberQualifier))
            _lineItemControlNumber = reference.RequireString(2);
        else
            References.Add(Reference.Read(reference, cache));
    }

    public void AddAmount(in X12Segment amount)
    {
        if (amount.Element(1).SequenceEqual(AllowedAmountQualifier))
            _allowed = amount.RequireDecimal(2);
        else
            Amounts.Add(QualifiedAmount.Read(amount, cache));
    }

    public ServicePayment Build() => new()
    {
        Procedure = _procedure,
        ChargeAmount = ChargeAmount,
        PaymentAmount = PaymentAmount,
        RevenueCode = _revenueCode,
        Units = _units,
        SubmittedProcedure = _submittedProcedure,
        SubmittedUnits = _submittedUnits,
        ServiceDate = _serviceDate,
        ServiceStartDate = _start,
        ServiceEndDate = _end,
        Adjustments = Adjustments.Freeze(),
        LineItemControlNumber = _lineItemControlNumber,
        References = References.Freeze(),
        AllowedAmount = _allowed,
        Amounts = Amounts.Freeze(),
        Quantities = Quantities.Freeze(),
        Remarks = FreezeRemarks(),
    };

    public void Clear()
    {
        AdjustmentCents = 0;
        _serviceDate = _start = _end = null;
        _lineItemControlNumber = null;
        _allowed = null;
        _lastRemarkAlone = null;
        Adjustments.Clear();
        References.Clear();
        Amounts.Clear();
        Quantities.Clear();
        Remarks.Clear();
    }
}
