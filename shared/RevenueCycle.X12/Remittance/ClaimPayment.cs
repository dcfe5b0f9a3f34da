namespace RevenueCycle.X12.Remittance;

/// <summary>Loop 2100: the payer's adjudication of one claim (CLP and what follows it).</summary>
/// <remarks>
/// As for <see cref="ServicePayment"/>: the values most claims leave unset (DRG, discharge fraction, the
/// corrected, crossover, priority-payer and other-subscriber parties, MIA, MOA, coverage expiration, contacts,
/// quantities) live in a <see cref="Details"/> record created only for a claim that has one, and the optional
/// patient responsibility, frequency and dates are plain values with a bit saying they are present: 184 bytes
/// a claim instead of 328. The public properties are as they were, and so are equality, hashing, <c>with</c>
/// and ToString (<see cref="Details"/> is a record, null whenever it would hold nothing).
/// </remarks>
public sealed record ClaimPayment
{
    private Details? _details;
    private decimal _patientResponsibility;
    private ClaimFrequency _frequency;
    private int _statementFromDay, _statementToDay, _receivedDay; // DateOnly.DayNumber: ints pack with the flags, DateOnly structs would not
    private Present _present;

    /// <summary>CLP01: the provider's own claim number, sent as CLM01 on the 837.</summary>
    public required string PatientControlNumber { get; init; }

    /// <summary>CLP02.</summary>
    public required ClaimStatusCode Status { get; init; }

    /// <summary>CLP03: total submitted charges.</summary>
    public required decimal ChargeAmount { get; init; }

    /// <summary>CLP04: what the payer paid on the claim.</summary>
    public required decimal PaymentAmount { get; init; }

    /// <summary>CLP05: the patient's share (deductible, coinsurance, copay).</summary>
    public decimal? PatientResponsibilityAmount
    {
        get => (_present & Present.PatientResponsibility) != 0 ? _patientResponsibility : null;
        init => _patientResponsibility = Set(value, Present.PatientResponsibility);
    }

    /// <summary>CLP06: MB Medicare Part B, MC Medicaid, CI commercial, 12 PPO, HM HMO, ...</summary>
    public required string ClaimFilingIndicator { get; init; }

    /// <summary>CLP07: the payer's internal control number, needed for a replacement (REF*F8 on the 837).</summary>
    public string? PayerClaimControlNumber { get; init; }

    /// <summary>CLP08: place of service (professional) or facility type (institutional).</summary>
    public string? FacilityCode { get; init; }

    /// <summary>CLP09.</summary>
    public ClaimFrequency? Frequency
    {
        get => (_present & Present.Frequency) != 0 ? _frequency : null;
        init => _frequency = Set(value, Present.Frequency);
    }

    /// <summary>CLP11 diagnosis related group code and CLP12 DRG weight (inpatient).</summary>
    public string? DrgCode
    {
        get => _details?.DrgCode;
        init => _details = Details.OrNull((_details ?? Details.None) with { DrgCode = value });
    }

    public decimal? DrgWeight
    {
        get => _details?.DrgWeight;
        init => _details = Details.OrNull((_details ?? Details.None) with { DrgWeight = value });
    }

    /// <summary>CLP13: percent of discharge fraction.</summary>
    public decimal? DischargeFraction
    {
        get => _details?.DischargeFraction;
        init => _details = Details.OrNull((_details ?? Details.None) with { DischargeFraction = value });
    }

    /// <summary>Claim-level CAS.</summary>
    public ValueList<Adjustment> Adjustments { get; init; } = [];

    /// <summary>NM1*QC.</summary>
    public EntityName? Patient { get; init; }

    /// <summary>NM1*IL, when the insured is not the patient.</summary>
    public EntityName? Insured { get; init; }

    /// <summary>NM1*74: the payer's correction of the insured's name or id.</summary>
    public EntityName? CorrectedInsured
    {
        get => _details?.CorrectedInsured;
        init => _details = Details.OrNull((_details ?? Details.None) with { CorrectedInsured = value });
    }

    /// <summary>NM1*82.</summary>
    public EntityName? RenderingProvider { get; init; }

    /// <summary>NM1*TT: the payer the claim was forwarded to (crossover).</summary>
    public EntityName? CrossoverCarrier
    {
        get => _details?.CrossoverCarrier;
        init => _details = Details.OrNull((_details ?? Details.None) with { CrossoverCarrier = value });
    }

    /// <summary>NM1*PR: the payer that should have been billed first.</summary>
    public EntityName? CorrectedPriorityPayer
    {
        get => _details?.CorrectedPriorityPayer;
        init => _details = Details.OrNull((_details ?? Details.None) with { CorrectedPriorityPayer = value });
    }

    /// <summary>NM1*GB.</summary>
    public EntityName? OtherSubscriber
    {
        get => _details?.OtherSubscriber;
        init => _details = Details.OrNull((_details ?? Details.None) with { OtherSubscriber = value });
    }

    /// <summary>MIA (inpatient) adjudication information.</summary>
    public InpatientAdjudication? InpatientAdjudication
    {
        get => _details?.InpatientAdjudication;
        init => _details = Details.OrNull((_details ?? Details.None) with { InpatientAdjudication = value });
    }

    /// <summary>MOA (outpatient) adjudication information.</summary>
    public OutpatientAdjudication? OutpatientAdjudication
    {
        get => _details?.OutpatientAdjudication;
        init => _details = Details.OrNull((_details ?? Details.None) with { OutpatientAdjudication = value });
    }

    /// <summary>REF: 1L group, EA medical record, G1 prior authorization, F8 original reference, ...</summary>
    public ValueList<Reference> References { get; init; } = [];

    /// <summary>DTM*232.</summary>
    public DateOnly? StatementFromDate
    {
        get => (_present & Present.StatementFromDate) != 0 ? DateOnly.FromDayNumber(_statementFromDay) : null;
        init => _statementFromDay = Set(value, Present.StatementFromDate).DayNumber;
    }

    /// <summary>DTM*233.</summary>
    public DateOnly? StatementToDate
    {
        get => (_present & Present.StatementToDate) != 0 ? DateOnly.FromDayNumber(_statementToDay) : null;
        init => _statementToDay = Set(value, Present.StatementToDate).DayNumber;
    }

    /// <summary>DTM*036.</summary>
    public DateOnly? CoverageExpirationDate
    {
        get => _details?.CoverageExpirationDate;
        init => _details = Details.OrNull((_details ?? Details.None) with { CoverageExpirationDate = value });
    }

    /// <summary>DTM*050.</summary>
    public DateOnly? ReceivedDate
    {
        get => (_present & Present.ReceivedDate) != 0 ? DateOnly.FromDayNumber(_receivedDay) : null;
        init => _receivedDay = Set(value, Present.ReceivedDate).DayNumber;
    }

    /// <summary>PER*CX.</summary>
    public ValueList<Contact> Contacts
    {
        get => _details?.Contacts ?? ValueList<Contact>.Empty;
        init => _details = Details.OrNull((_details ?? Details.None) with { Contacts = value });
    }

    /// <summary>AMT: AU coverage, D8 discount, F5 patient paid, I interest, ...</summary>
    public ValueList<QualifiedAmount> Amounts { get; init; } = [];

    /// <summary>QTY: CA covered days, CD co-insured days, ...</summary>
    public ValueList<QualifiedQuantity> Quantities
    {
        get => _details?.Quantities ?? ValueList<QualifiedQuantity>.Empty;
        init => _details = Details.OrNull((_details ?? Details.None) with { Quantities = value });
    }

    /// <summary>Loop 2110.</summary>
    public ValueList<ServicePayment> ServiceLines { get; init; } = [];

    /// <summary>Σ claim CAS + Σ line CAS, which must equal CLP03 − CLP04.</summary>
    public decimal TotalAdjustmentAmount
    {
        get
        {
            var total = Adjustment.Total(Adjustments.AsSpan());
            foreach (var line in ServiceLines)
                total += Adjustment.Total(line.Adjustments.AsSpan());
            return total;
        }
    }

    /// <summary>The reader's way in: all the rare values at once, null when the claim has none of them.</summary>
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
        PatientResponsibility = 1,
        Frequency = 2,
        StatementFromDate = 4,
        StatementToDate = 8,
        ReceivedDate = 16,
    }

    /// <summary>The values few claims have.</summary>
    internal sealed record Details
    {
        public static readonly Details None = new();

        public string? DrgCode { get; init; }
        public decimal? DrgWeight { get; init; }
        public decimal? DischargeFraction { get; init; }
        public EntityName? CorrectedInsured { get; init; }
        public EntityName? CrossoverCarrier { get; init; }
        public EntityName? CorrectedPriorityPayer { get; init; }
        public EntityName? OtherSubscriber { get; init; }
        public InpatientAdjudication? InpatientAdjudication { get; init; }
        public OutpatientAdjudication? OutpatientAdjudication { get; init; }
        public DateOnly? CoverageExpirationDate { get; init; }
        public ValueList<Contact> Contacts { get; init; } = ValueList<Contact>.Empty;
        public ValueList<QualifiedQuantity> Quantities { get; init; } = ValueList<QualifiedQuantity>.Empty;

        /// <summary>The details, or null when they hold nothing: a claim without details has none, whichever way it was made.</summary>
        public static Details? OrNull(Details details) => details == None ? null : details;
    }
}
