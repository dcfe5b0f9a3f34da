namespace RevenueCycle.X12.Eligibility;

/// <summary>
/// A 270 eligibility inquiry (005010X279A1): a provider (information receiver, HL 21) asks a payer
/// (information source, HL 20) about one or more subscribers (HL 22).
/// </summary>
public sealed record EligibilityInquiry270
{
    public required X12Envelope Envelope { get; init; }

    /// <summary>BHT03: the inquirer's reference, echoed on the 271.</summary>
    public required string ReferenceId { get; init; }

    public required DateTime Created { get; init; }

    /// <summary>2100A NM1*PR*2 with PI payer id.</summary>
    public required EntityName Payer { get; init; }

    /// <summary>2100B NM1*1P (1 person, 2 organization) with XX NPI.</summary>
    public required EntityName Provider { get; init; }

    public ValueList<SubscriberInquiry> Subscribers { get; init; } = [];
}

/// <summary>
/// Loop 2000C/2100C of a 270: whom the provider asks about, for which services and date. When
/// <see cref="Dependent"/> is set the patient is that dependent (loop 2000D), and the trace, the date and
/// the EQ go at the dependent's level; the subscriber's level only names the policy.
/// </summary>
public sealed record SubscriberInquiry
{
    /// <summary>TRN02 (TRN01 1): the provider's trace number; the 271 returns it in TRN*2.</summary>
    public required string TraceNumber { get; init; }

    /// <summary>TRN03: "9" followed by the provider's identifier, or the tax id with "1".</summary>
    public required string TraceOriginatorId { get; init; }

    public required PersonName Name { get; init; }

    /// <summary>NM109 (MI).</summary>
    public required string MemberId { get; init; }

    public DateOnly? BirthDate { get; init; }
    public Gender? Gender { get; init; }

    /// <summary>DTP*291: the date of service asked about; absent means today.</summary>
    public DateOnly? ServiceDate { get; init; }

    /// <summary>EQ01: service type codes; 30 is health benefit plan coverage.</summary>
    public ValueList<string> ServiceTypeCodes { get; init; } = [HealthBenefitPlanCoverage];

    /// <summary>
    /// The patient when a dependent the payer knows only through the subscriber's member id (X279A1 1.4.7:
    /// a dependent with a unique member id of their own is sent as the subscriber, in 2100C, instead).
    /// </summary>
    public DependentInquiry? Dependent { get; init; }

    /// <summary>EQ01 30: health benefit plan coverage, the generic question every payer must answer (X279A1 1.4.7.1).</summary>
    public const string HealthBenefitPlanCoverage = "30";

    /// <summary>EQ01 98: professional (physician) visit – office.</summary>
    public const string ProfessionalOfficeVisit = "98";

    /// <summary>EQ01 86: emergency services.</summary>
    public const string EmergencyServices = "86";
}

/// <summary>Loop 2000D/2100D of a 270: a dependent (NM1*03; NM108/NM109 are not used in 2100D).</summary>
public sealed record DependentInquiry
{
    public required PersonName Name { get; init; }
    public DateOnly? BirthDate { get; init; }
    public Gender? Gender { get; init; }
}
