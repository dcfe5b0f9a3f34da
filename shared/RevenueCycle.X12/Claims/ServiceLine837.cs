namespace RevenueCycle.X12.Claims;

/// <summary>Loop 2400: one service line.</summary>
public sealed record ServiceLine837
{
    public const int MaxDiagnosisPointers = 4; // SV107-1..SV107-4

    /// <summary>SV101.</summary>
    public required ProcedureCode Procedure { get; init; }

    /// <summary>SV102.</summary>
    public required decimal ChargeAmount { get; init; }

    /// <summary>SV104 with SV103 UN (units).</summary>
    public decimal Units { get; init; } = 1;

    /// <summary>SV105: only when it differs from the claim's CLM05-1.</summary>
    public string? PlaceOfService { get; init; }

    /// <summary>SV107: 1-based positions in the claim's diagnoses, the first being the primary for this line.</summary>
    public ValueList<int> DiagnosisPointers { get; init; } = [1];

    /// <summary>DTP*472*D8.</summary>
    public required DateOnly ServiceDate { get; init; }

    /// <summary>REF*6R: the provider's line identifier, echoed in 835 2110 REF*6R.</summary>
    public string? LineItemControlNumber { get; init; }

    /// <summary>Loop 2430: other payers' adjudication of this line.</summary>
    public ValueList<LineAdjudication837> Adjudications { get; init; } = [];
}

/// <summary>Loop 2430: SVD, CAS and DTP*573 of a payer that adjudicated the line before.</summary>
public sealed record LineAdjudication837
{
    /// <summary>SVD01: the 2330B payer id.</summary>
    public required string PayerId { get; init; }

    public required decimal PaidAmount { get; init; }
    public required ProcedureCode Procedure { get; init; }
    public decimal Units { get; init; } = 1;
    public ValueList<Adjustment> Adjustments { get; init; } = [];

    /// <summary>DTP*573: when the other payer adjudicated the line.</summary>
    public required DateOnly AdjudicationDate { get; init; }

    /// <summary>AMT*EAF: what the patient still owes on this line after that payer (X222A1 2430 AMT*EAF).</summary>
    public decimal? RemainingPatientLiability { get; init; }
}
