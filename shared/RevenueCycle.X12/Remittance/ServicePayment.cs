namespace RevenueCycle.X12.Remittance;

/// <summary>Loop 2110: the payer's adjudication of one service line (SVC and what follows it).</summary>
/// <remarks>
/// A large 835 has hundreds of thousands of lines, and most set the same few values: procedure, amounts,
/// units, date, adjustments, line item control number, allowed amount, remarks. The others live in a
/// <see cref="Details"/> record created only for a line that has one, and the optional units, allowed
/// amount and date are kept as plain values with a bit saying they are present (a decimal? takes 24 bytes,
/// a decimal 16): 128 bytes a line instead of 216. The public properties are as they were; records compare
/// their fields, and these fields compare as the properties did (<see cref="Details"/> is itself a record,
/// and is null whenever it would hold nothing, so a line that never had details equals one that lost them).
/// </remarks>
public sealed record ServicePayment
{
    private Details? _details;
    private decimal _units, _allowed;
    private int _serviceDay; // DateOnly.DayNumber: an int packs with the flags, where the runtime would put a DateOnly struct after the decimals
    private Present _present;

    /// <summary>SVC01: the procedure as adjudicated.</summary>
    public required ProcedureCode Procedure { get; init; }

    /// <summary>SVC02.</summary>
    public required decimal ChargeAmount { get; init; }

    /// <summary>SVC03.</summary>
    public required decimal PaymentAmount { get; init; }

    /// <summary>SVC04: NUBC revenue code (institutional).</summary>
    public string? RevenueCode
    {
        get => _details?.RevenueCode;
        init => _details = Details.OrNull((_details ?? Details.None) with { RevenueCode = value });
    }

    /// <summary>SVC05: units paid; absent means one.</summary>
    public decimal? Units
    {
        get => (_present & Present.Units) != 0 ? _units : null;
        init => _units = Set(value, Present.Units);
    }

    /// <summary>SVC06: the procedure as submitted, when the payer recoded it.</summary>
    public ProcedureCode? SubmittedProcedure
    {
        get => _details?.SubmittedProcedure;
        init => _details = Details.OrNull((_details ?? Details.None) with { SubmittedProcedure = value });
    }

    /// <summary>SVC07: units submitted, when they differ from SVC05.</summary>
    public decimal? SubmittedUnits
    {
        get => _details?.SubmittedUnits;
        init => _details = Details.OrNull((_details ?? Details.None) with { SubmittedUnits = value });
    }

    /// <summary>DTM*472.</summary>
    public DateOnly? ServiceDate
    {
        get => (_present & Present.ServiceDate) != 0 ? DateOnly.FromDayNumber(_serviceDay) : null;
        init => _serviceDay = Set(value, Present.ServiceDate).DayNumber;
    }

    /// <summary>DTM*150 and DTM*151, for a range of service dates.</summary>
    public DateOnly? ServiceStartDate
    {
        get => _details?.ServiceStartDate;
        init => _details = Details.OrNull((_details ?? Details.None) with { ServiceStartDate = value });
    }

    public DateOnly? ServiceEndDate
    {
        get => _details?.ServiceEndDate;
        init => _details = Details.OrNull((_details ?? Details.None) with { ServiceEndDate = value });
    }

    public ValueList<Adjustment> Adjustments { get; init; } = [];

    /// <summary>REF*6R: the line item control number the provider sent (837 2400 REF*6R), which ties the line back.</summary>
    public string? LineItemControlNumber { get; init; }

    /// <summary>Other line REFs (LU location, 0K policy form, rendering provider ids).</summary>
    public ValueList<Reference> References
    {
        get => _details?.References ?? ValueList<Reference>.Empty;
        init => _details = Details.OrNull((_details ?? Details.None) with { References = value });
    }

    /// <summary>AMT*B6: the allowed amount.</summary>
    public decimal? AllowedAmount
    {
        get => (_present & Present.AllowedAmount) != 0 ? _allowed : null;
        init => _allowed = Set(value, Present.AllowedAmount);
    }

    /// <summary>Other line AMTs (KH late filing reduction, T tax, ...).</summary>
    public ValueList<QualifiedAmount> Amounts
    {
        get => _details?.Amounts ?? ValueList<QualifiedAmount>.Empty;
        init => _details = Details.OrNull((_details ?? Details.None) with { Amounts = value });
    }

    public ValueList<QualifiedQuantity> Quantities
    {
        get => _details?.Quantities ?? ValueList<QualifiedQuantity>.Empty;
        init => _details = Details.OrNull((_details ?? Details.None) with { Quantities = value });
    }

    /// <summary>LQ: remittance advice remark codes (HE) and NCPDP reject codes (RX).</summary>
    public ValueList<Remark> Remarks { get; init; } = [];

    /// <summary>The reader's way in: all the rare values at once, null when the line has none of them.</summary>
    internal Details? Rare
    {
        get => _details;
        init => _details = value is null ? null : Details.OrNull(value);
    }

    /// <summary>Records whether an optional value is present and returns the value to store (the default when absent, so that absent values compare equal).</summary>
    private T Set<T>(T? value, Present flag)
        where T : struct
    {
        _present = value.HasValue ? _present | flag : _present & ~flag;
        return value.GetValueOrDefault();
    }

    [Flags]
    private enum Present : byte
    {
        Units = 1,
        AllowedAmount = 2,
        ServiceDate = 4,
    }

    /// <summary>The values few lines have (institutional revenue codes, recoded procedures, date ranges, other REF, AMT, QTY).</summary>
    internal sealed record Details
    {
        public static readonly Details None = new();

        public string? RevenueCode { get; init; }
        public ProcedureCode? SubmittedProcedure { get; init; }
        public decimal? SubmittedUnits { get; init; }
        public DateOnly? ServiceStartDate { get; init; }
        public DateOnly? ServiceEndDate { get; init; }
        public ValueList<Reference> References { get; init; } = ValueList<Reference>.Empty;
        public ValueList<QualifiedAmount> Amounts { get; init; } = ValueList<QualifiedAmount>.Empty;
        public ValueList<QualifiedQuantity> Quantities { get; init; } = ValueList<QualifiedQuantity>.Empty;

        /// <summary>The details, or null when they hold nothing: a line without details has none, whichever way it was made.</summary>
        public static Details? OrNull(Details details) => details == None ? null : details;
    }
}

/// <summary>An LQ remark: HE for a RARC (N130, M15...), RX for an NCPDP reject code.</summary>
public sealed record Remark(string Qualifier, string Code)
{
    public const string Rarc = "HE";

    public static Remark RemittanceAdviceRemark(string code) => new(Rarc, code);
}
