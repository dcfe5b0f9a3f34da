namespace RevenueCycle.X12.ClaimStatus;

/// <summary>
/// A 277 claim status response (005010X212, GS01 HN), answering a 276: for each claim asked about, its
/// status at the payer (STC), with the amounts, adjudication date and check when it is finalized. Not the
/// 277CA (005010X214, <see cref="Acknowledgments.ClaimAcknowledgment277"/>), which acknowledges an 837.
/// </summary>
public sealed record ClaimStatusResponse277
{
    public required X12Envelope Envelope { get; init; }

    /// <summary>BHT03: the 276's BHT03, echoed.</summary>
    public required string ReferenceId { get; init; }

    public required DateTime Created { get; init; }

    /// <summary>2100A NM1*PR.</summary>
    public required EntityName Payer { get; init; }

    /// <summary>2100B NM1*41.</summary>
    public required EntityName InformationReceiver { get; init; }

    public ValueList<ClaimStatusAnswer> Claims { get; init; } = [];
}

/// <summary>Loops 2000C..2220D (or ..2220E for a dependent): the status of one claim asked about.</summary>
public sealed record ClaimStatusAnswer
{
    /// <summary>2100C NM1*1P.</summary>
    public required EntityName ServiceProvider { get; init; }

    /// <summary>2100D NM1*IL.</summary>
    public required PersonName Subscriber { get; init; }

    /// <summary>2100D NM109 (MI).</summary>
    public string? MemberId { get; init; }

    /// <summary>2100E NM1*QC: the patient, when a dependent.</summary>
    public PersonName? Dependent { get; init; }

    /// <summary>2200D TRN02 (TRN01 2): the 276's trace number.</summary>
    public required string TraceNumber { get; init; }

    /// <summary>2200D STC, one or more: the first is the claim's status, the others add to it.</summary>
    public ValueList<StatusInformation> Statuses { get; init; } = [];

    /// <summary>REF*1K.</summary>
    public string? PayerClaimControlNumber { get; init; }

    /// <summary>REF*EJ: CLM01.</summary>
    public string? PatientControlNumber { get; init; }

    /// <summary>DTP*472: the claim's service dates (D8, or RD8 for a range).</summary>
    public DateOnly? ServiceDateFrom { get; init; }

    public DateOnly? ServiceDateTo { get; init; }

    /// <summary>2220D: lines the payer reports on apart (SVC with its own STC).</summary>
    public ValueList<ServiceLineStatus> ServiceLines { get; init; } = [];

    /// <summary>The claim's status: its first STC (X212 2200D), null when the payer sent none.</summary>
    public StatusInformation? Status => Statuses.Count > 0 ? Statuses[0] : null;
}

/// <summary>2220D: one service line's status.</summary>
public sealed record ServiceLineStatus
{
    /// <summary>SVC01.</summary>
    public required ProcedureCode Procedure { get; init; }

    /// <summary>SVC02: the line's charge.</summary>
    public decimal ChargeAmount { get; init; }

    /// <summary>SVC03: what the payer paid on the line.</summary>
    public decimal? PaidAmount { get; init; }

    /// <summary>SVC07: units.</summary>
    public decimal? Units { get; init; }

    public ValueList<StatusInformation> Statuses { get; init; } = [];

    /// <summary>REF*FJ: the line item control number (837P REF*6R).</summary>
    public string? LineItemControlNumber { get; init; }

    public DateOnly? ServiceDateFrom { get; init; }

    public DateOnly? ServiceDateTo { get; init; }
}

/// <summary>A C043 composite: category (code source 507), status (508), entity.</summary>
public sealed record StatusCode(string Category, string Code, string? EntityCode = null)
{
    public override string ToString() => EntityCode is null ? $"{Category}:{Code}" : $"{Category}:{Code}:{EntityCode}";
}

/// <summary>
/// STC (X12 005010, STC Status Information): STC01 the status, STC02 its effective date, STC04 the total charge,
/// STC05 the amount paid, STC06 the adjudication (paid) date, STC07 the payment method, STC08 the check issue date,
/// STC09 the check number, STC10 and STC11 further statuses, STC12 a free-form message.
/// </summary>
public sealed record StatusInformation
{
    public required StatusCode Status { get; init; }

    /// <summary>STC02.</summary>
    public DateOnly? EffectiveDate { get; init; }

    /// <summary>STC04.</summary>
    public decimal? TotalCharge { get; init; }

    /// <summary>STC05.</summary>
    public decimal? PaymentAmount { get; init; }

    /// <summary>STC06.</summary>
    public DateOnly? AdjudicationDate { get; init; }

    /// <summary>STC07: ACH, BOP, CHK, FWT, NON.</summary>
    public string? PaymentMethod { get; init; }

    /// <summary>STC08.</summary>
    public DateOnly? CheckIssueDate { get; init; }

    /// <summary>STC09: the check or EFT trace number (the 835's TRN02).</summary>
    public string? CheckNumber { get; init; }

    /// <summary>STC10, STC11.</summary>
    public ValueList<StatusCode> AdditionalStatuses { get; init; } = [];

    /// <summary>STC12.</summary>
    public string? Message { get; init; }

    public string Category => Status.Category;

    public ClaimStatusCategory Kind => ClaimStatusCategories.Classify(Status.Category);
}
