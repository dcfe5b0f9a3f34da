namespace RevenueCycle.X12.Remittance;

/// <summary>Loop 2100: the payer's adjudication of one claim (CLP and what follows it).</summary>
/// <remarks>
/// Plain properties: the reader holds one claim at a time (it streams claim by claim), so the claim's size in
/// memory no longer decides how large a remittance can be read.
/// </remarks>
public sealed record ClaimPayment
{
    /// <summary>CLP01: the provider's own claim number, sent as CLM01 on the 837.</summary>
    public required string PatientControlNumber { get; init; }

    /// <summary>CLP02.</summary>
    public required ClaimStatusCode Status { get; init; }

    /// <summary>CLP03: total submitted charges.</summary>
    public required decimal ChargeAmount { get; init; }

    /// <summary>CLP04: what the payer paid on the claim.</summary>
    public required decimal PaymentAmount { get; init; }

    /// <summary>CLP05: the patient's share (deductible, coinsurance, copay).</summary>
    public decimal? PatientResponsibilityAmount { get; init; }

    /// <summary>CLP06: MB Medicare Part B, MC Medicaid, CI commercial, 12 PPO, HM HMO, ...</summary>
    public required string ClaimFilingIndicator { get; init; }

    /// <summary>CLP07: the payer's internal control number, needed for a replacement (REF*F8 on the 837).</summary>
    public string? PayerClaimControlNumber { get; init; }

    /// <summary>CLP08: place of service (professional) or facility type (institutional).</summary>
    public string? FacilityCode { get; init; }

    /// <summary>CLP09.</summary>
    public ClaimFrequency? Frequency { get; init; }

    /// <summary>CLP11 diagnosis related group code and CLP12 DRG weight (inpatient).</summary>
    public string? DrgCode { get; init; }

    public decimal? DrgWeight { get; init; }

    /// <summary>CLP13: percent of discharge fraction.</summary>
    public decimal? DischargeFraction { get; init; }

    /// <summary>Claim-level CAS.</summary>
    public ValueList<Adjustment> Adjustments { get; init; } = ValueList<Adjustment>.Empty;

    /// <summary>NM1*QC.</summary>
    public EntityName? Patient { get; init; }

    /// <summary>NM1*IL, when the insured is not the patient.</summary>
    public EntityName? Insured { get; init; }

    /// <summary>NM1*74: the payer's correction of the insured's name or id.</summary>
    public EntityName? CorrectedInsured { get; init; }

    /// <summary>NM1*82.</summary>
    public EntityName? RenderingProvider { get; init; }

    /// <summary>NM1*TT: the payer the claim was forwarded to (crossover).</summary>
    public EntityName? CrossoverCarrier { get; init; }

    /// <summary>NM1*PR: the payer that should have been billed first.</summary>
    public EntityName? CorrectedPriorityPayer { get; init; }

    /// <summary>NM1*GB.</summary>
    public EntityName? OtherSubscriber { get; init; }

    /// <summary>MIA (inpatient) adjudication information.</summary>
    public InpatientAdjudication? InpatientAdjudication { get; init; }

    /// <summary>MOA (outpatient) adjudication information.</summary>
    public OutpatientAdjudication? OutpatientAdjudication { get; init; }

    /// <summary>REF: 1L group, EA medical record, G1 prior authorization, F8 original reference, ...</summary>
    public ValueList<Reference> References { get; init; } = ValueList<Reference>.Empty;

    /// <summary>DTM*232.</summary>
    public DateOnly? StatementFromDate { get; init; }

    /// <summary>DTM*233.</summary>
    public DateOnly? StatementToDate { get; init; }

    /// <summary>DTM*036.</summary>
    public DateOnly? CoverageExpirationDate { get; init; }

    /// <summary>DTM*050.</summary>
    public DateOnly? ReceivedDate { get; init; }

    /// <summary>PER*CX.</summary>
    public ValueList<Contact> Contacts { get; init; } = ValueList<Contact>.Empty;

    /// <summary>AMT: AU coverage, D8 discount, F5 patient paid, I interest, ...</summary>
    public ValueList<QualifiedAmount> Amounts { get; init; } = ValueList<QualifiedAmount>.Empty;

    /// <summary>QTY: CA covered days, CD co-insured days, ...</summary>
    public ValueList<QualifiedQuantity> Quantities { get; init; } = ValueList<QualifiedQuantity>.Empty;

    /// <summary>Loop 2110.</summary>
    public ValueList<ServicePayment> ServiceLines { get; init; } = ValueList<ServicePayment>.Empty;

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
}
