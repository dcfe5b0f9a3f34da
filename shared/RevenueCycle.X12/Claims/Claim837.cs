namespace RevenueCycle.X12.Claims;

/// <summary>Loop 2300 with its context: one professional claim.</summary>
public sealed record Claim837
{
    public const int MaxDiagnosesPerClaim = 12; // 837P 2300 HI01..HI12
    public const int MaxServiceLines = 50;      // 837P 2400 repeats at most 50 times
    public const int MaxOtherPayers = 10;       // 837P 2320 repeats at most 10 times

    public required BillingProvider837 BillingProvider { get; init; }
    public required Subscriber837 Subscriber { get; init; }
    public required Payer837 Payer { get; init; }

    /// <summary>Loop 2000C; null when the patient is the subscriber.</summary>
    public Patient837? Patient { get; init; }

    /// <summary>CLM01: the provider's claim number, echoed as CLP01 on the 835.</summary>
    public required string PatientControlNumber { get; init; }

    /// <summary>CLM02: must equal the sum of the lines' SV102.</summary>
    public required decimal TotalCharge { get; init; }

    /// <summary>CLM05-1: two digits (11 office, 22 outpatient hospital, 02/10 telehealth).</summary>
    public required string PlaceOfService { get; init; }

    /// <summary>CLM05-3.</summary>
    public ClaimFrequency Frequency { get; init; } = ClaimFrequency.Original;

    /// <summary>CLM06: the provider's signature is on file.</summary>
    public bool ProviderSignatureOnFile { get; init; } = true;

    /// <summary>CLM07: A assigned, B assignment accepted on clinical lab services only, C not assigned.</summary>
    public string AssignmentCode { get; init; } = "A";

    /// <summary>CLM08: the insured authorised payment to the provider.</summary>
    public bool BenefitsAssigned { get; init; } = true;

    /// <summary>CLM09: Y signed release of information, I informed consent without signature.</summary>
    public string ReleaseOfInformation { get; init; } = "Y";

    /// <summary>REF*G1.</summary>
    public string? PriorAuthorization { get; init; }

    /// <summary>REF*F8: the payer's claim control number; required for replacement and void (frequency 7 and 8).</summary>
    public string? PayerClaimControlNumber { get; init; }

    /// <summary>HI: ICD-10-CM codes without the dot, principal first (ABK), then the others (ABF).</summary>
    public ValueList<string> Diagnoses { get; init; } = [];

    /// <summary>Loop 2310B; only when the rendering provider is not the billing provider.</summary>
    public RenderingProvider837? RenderingProvider { get; init; }

    /// <summary>
    /// Loop 2310C: where the care was given, required when that is not the billing provider's address (2010AA), as for
    /// a visit in a hospital (X222A1 2310C situational rule). Read from the 837; <see cref="Claim837Writer"/> does not write it yet.
    /// </summary>
    public ServiceFacility837? ServiceFacility { get; init; }

    /// <summary>Loops 2320/2330: payers that adjudicated before this one (secondary and tertiary claims).</summary>
    public ValueList<OtherPayer837> OtherPayers { get; init; } = [];

    /// <summary>Loop 2400.</summary>
    public ValueList<ServiceLine837> Lines { get; init; } = [];
}
