namespace RevenueCycle.X12.Remittance;

/// <summary>Collects loop 2110 (SVC..LQ) of one service line; reused from line to line.</summary>
internal sealed class ServicePaymentBuilder(StringCache cache)
{
    private const string LineItemControlNumberQualifier = "6R";
    private const string AllowedAmountQualifier = "B6";

    public long Position;
    public decimal ChargeAmount;
    public decimal PaymentAmount;
    public decimal AdjustmentTotal;
    private ServicePayment _line = null!;
    private DateOnly? _serviceDate, _start, _end;
    private string? _lineItemControlNumber;
    private decimal? _allowed;

    public List<Adjustment> Adjustments { get; } = [];
    public List<Reference> References { get; } = [];
    public List<QualifiedAmount> Amounts { get; } = [];
    public List<QualifiedQuantity> Quantities { get; } = [];
    public List<Remark> Remarks { get; } = [];

    public string ProcedureCode => _line.Procedure.Code;

    public void Start(in X12Segment svc)
    {
        Position = svc.Position;
        ChargeAmount = svc.RequireDecimal(2);
        PaymentAmount = svc.RequireDecimal(3);
        _line = new ServicePayment
        {
            Procedure = X12.ProcedureCode.Read(svc, 1, cache),
            ChargeAmount = ChargeAmount,
            PaymentAmount = PaymentAmount,
            RevenueCode = cache.GetOrNull(svc.Element(4)),
            Units = svc.GetDecimal(5),
            SubmittedProcedure = svc.HasElement(6) ? X12.ProcedureCode.Read(svc, 6, cache) : null,
            SubmittedUnits = svc.GetDecimal(7),
        };
    }

    public void AddDate(in X12Segment dtm)
    {
        var date = dtm.RequireDate(2);
        switch (dtm.Element(1))
        {
            case "472": _serviceDate = date; break;
            case "150": _start = date; break;
            case "151": _end = date; break;
            default: throw dtm.Error(1, $"'{dtm.Element(1)}' is not a service date qualifier (472, 150, 151)");
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

    public ServicePayment Build() => _line with
    {
        ServiceDate = _serviceDate,
        ServiceStartDate = _start,
        ServiceEndDate = _end,
        Adjustments = ValueList.Freeze(Adjustments),
        LineItemControlNumber = _lineItemControlNumber,
        References = ValueList.Freeze(References),
        AllowedAmount = _allowed,
        Amounts = ValueList.Freeze(Amounts),
        Quantities = ValueList.Freeze(Quantities),
        Remarks = ValueList.Freeze(Remarks),
    };

    public void Clear()
    {
        AdjustmentTotal = 0;
        _serviceDate = _start = _end = null;
        _lineItemControlNumber = null;
        _allowed = null;
        Adjustments.Clear();
        References.Clear();
        Amounts.Clear();
        Quantities.Clear();
        Remarks.Clear();
    }
}
