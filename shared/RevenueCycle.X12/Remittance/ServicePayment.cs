namespace RevenueCycle.X12.Remittance;

/// <summary>Loop 2110: the payer's adjudication of one service line (SVC and what follows it).</summary>
/// <remarks>
/// Plain properties: the reader holds one claim, and so its lines, at a time (it streams claim by claim).
/// </remarks>
public sealed record ServicePayment
{
    /// <summary>SVC01: the procedure as adjudicated.</summary>
    public required ProcedureCode Procedure { get; init; }

    /// <summary>SVC02.</summary>
    public required decimal ChargeAmount { get; init; }

    /// <summary>SVC03.</summary>
    public required decimal PaymentAmount { get; init; }

    /// <summary>SVC04: NUBC revenue code (institutional).</summary>
    public string? RevenueCode { get; init; }

    /// <summary>SVC05: units paid; absent means one.</summary>
    public decimal? Units { get; init; }

    /// <summary>SVC06: the procedure as submitted, when the payer recoded it.</summary>
    public ProcedureCode? SubmittedProcedure { get; init; }

    /// <summary>SVC07: units submitted, when they differ from SVC05.</summary>
    public decimal? SubmittedUnits { get; init; }

    /// <summary>DTM*472.</summary>
    public DateOnly? ServiceDate { get; init; }

    /// <summary>DTM*150 and DTM*151, for a range of service dates.</summary>
    public DateOnly? ServiceStartDate { get; init; }

    public DateOnly? ServiceEndDate { get; init; }

    public ValueList<Adjustment> Adjustments { get; init; } = ValueList<Adjustment>.Empty;

    /// <summary>REF*6R: the line item control number the provider sent (837 2400 REF*6R), which ties the line back.</summary>
    public string? LineItemControlNumber { get; init; }

    /// <summary>Other line REFs (LU location, 0K policy form, rendering provider ids).</summary>
    public ValueList<Reference> References { get; init; } = ValueList<Reference>.Empty;

    /// <summary>AMT*B6: the allowed amount.</summary>
    public decimal? AllowedAmount { get; init; }

    /// <summary>Other line AMTs (KH late filing reduction, T tax, ...).</summary>
    public ValueList<QualifiedAmount> Amounts { get; init; } = ValueList<QualifiedAmount>.Empty;

    public ValueList<QualifiedQuantity> Quantities { get; init; } = ValueList<QualifiedQuantity>.Empty;

    /// <summary>LQ: remittance advice remark codes (HE) and NCPDP reject codes (RX).</summary>
    public ValueList<Remark> Remarks { get; init; } = ValueList<Remark>.Empty;
}

/// <summary>An LQ remark: HE for a RARC (N130, M15...), RX for an NCPDP reject code.</summary>
public sealed record Remark(string Qualifier, string Code)
{
    public const string Rarc = "HE";

    public static Remark RemittanceAdviceRemark(string code) => new(Rarc, code);
}
