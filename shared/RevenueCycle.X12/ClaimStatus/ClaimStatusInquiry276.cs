using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.X12.ClaimStatus;

/// <summary>
/// A 276 claim status request (005010X212): a provider (information receiver, HL 21) asks a payer
/// (information source, HL 20) where each of its claims stands. Each claim is asked about under its
/// service provider (HL 19) and subscriber (HL 22), or dependent (HL 23) when the patient is not the subscriber.
/// </summary>
public sealed record ClaimStatusInquiry276
{
    public required X12Envelope Envelope { get; init; }

    /// <summary>BHT03: the inquirer's reference (X212 BHT02 13 request).</summary>
    public required string ReferenceId { get; init; }

    public required DateTime Created { get; init; }

    /// <summary>2100A NM1*PR with PI payer id.</summary>
    public required EntityName Payer { get; init; }

    /// <summary>2100B NM1*41: the submitter asking (46 ETIN).</summary>
    public required EntityName InformationReceiver { get; init; }

    public ValueList<ClaimStatusQuestion> Claims { get; init; } = [];
}

/// <summary>Loops 2000C..2200D (or 2200E for a dependent): one claim asked about.</summary>
public sealed record ClaimStatusQuestion
{
    /// <summary>2100C NM1*1P with XX NPI: the provider who billed the claim.</summary>
    public required EntityName ServiceProvider { get; init; }

    /// <summary>2100D NM1*IL.</summary>
    public required PersonName Subscriber { get; init; }

    /// <summary>2100D NM109 (MI).</summary>
    public required string MemberId { get; init; }

    /// <summary>2000D DMG: the subscriber's birth date and gender (required when the subscriber is the patient).</summary>
    public DateOnly? SubscriberBirthDate { get; init; }

    public Gender? SubscriberGender { get; init; }

    /// <summary>2000E/2100E: the patient, when not the subscriber (NM1*QC, DMG).</summary>
    public DependentInquiry? Dependent { get; init; }

    /// <summary>2200D TRN02 (TRN01 1): the inquirer's trace number; the 277 answers it in TRN*2.</summary>
    public required string TraceNumber { get; init; }

    /// <summary>REF*1K: the payer's claim control number, when the payer has given one (277CA or 835).</summary>
    public string? PayerClaimControlNumber { get; init; }

    /// <summary>REF*EJ: CLM01 of the claim asked about.</summary>
    public string? PatientControlNumber { get; init; }

    /// <summary>AMT*T3: the claim's total charge (CLM02).</summary>
    public decimal? TotalCharge { get; init; }

    /// <summary>DTP*472 (RD8): the claim's first and last dates of service.</summary>
    public DateOnly? ServiceDateFrom { get; init; }

    public DateOnly? ServiceDateTo { get; init; }
}
