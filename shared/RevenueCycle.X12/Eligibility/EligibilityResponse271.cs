namespace RevenueCycle.X12.Eligibility;

/// <summary>A 271 eligibility response (005010X279A1): the payer's answer, per subscriber, with benefits (EB) or rejections (AAA).</summary>
public sealed record EligibilityResponse271
{
    public required X12Envelope Envelope { get; init; }

    /// <summary>BHT03: the 270's reference.</summary>
    public required string ReferenceId { get; init; }

    public required DateTime Created { get; init; }

    public required EntityName Payer { get; init; }

    /// <summary>AAA in 2100A: the payer could not answer at all (e.g. 42 unable to respond now).</summary>
    public ValueList<RequestRejection> PayerRejections { get; init; } = [];

    public required EntityName Provider { get; init; }

    /// <summary>AAA in 2100B: the provider is not known to the payer (e.g. 43 invalid provider id).</summary>
    public ValueList<RequestRejection> ProviderRejections { get; init; } = [];

    public ValueList<SubscriberEligibility> Subscribers { get; init; } = [];
}

/// <summary>Loops 2000C/2100C/2110C (or 2000D for a dependent): one person's eligibility.</summary>
public sealed record SubscriberEligibility
{
    /// <summary>HL 23: the person is a dependent of the subscriber above.</summary>
    public bool IsDependent { get; init; }

    /// <summary>TRN*2: the trace number of the 270 this answers.</summary>
    public string? TraceNumber { get; init; }

    public string? TraceOriginatorId { get; init; }

    public required PersonName Name { get; init; }
    public string? MemberId { get; init; }
    public DateOnly? BirthDate { get; init; }
    public Gender? Gender { get; init; }

    /// <summary>AAA in 2100C: 72 invalid member id, 73 invalid name, 75 subscriber not found, 58 invalid birth date, ...</summary>
    public ValueList<RequestRejection> Rejections { get; init; } = [];

    /// <summary>DTP*346.</summary>
    public DateOnly? PlanBeginDate { get; init; }

    /// <summary>DTP*347.</summary>
    public DateOnly? PlanEndDate { get; init; }

    public ValueList<EligibilityBenefit> Benefits { get; init; } = [];

    /// <summary>
    /// Whether the plan covers the person: an active EB (EB01 1–5) and no inactive EB (EB01 6–8) for the plan
    /// as a whole (service type 30, or no EB03). An EB*6 for one service type (say 33 chiropractic) while
    /// EB*1 covers 30 says that service is not covered, not that the plan is inactive.
    /// </summary>
    public bool IsActive => Benefits.Any(b => b.Code.IsActiveCoverage()) && !Benefits.Any(b => b.Code.IsInactiveCoverage() && b.AppliesToPlan);

    /// <summary>Whether the payer reports <paramref name="serviceType"/> (EB03) inactive, or the whole plan.</summary>
    public bool IsInactiveFor(string serviceType) =>
        !IsActive || Benefits.Any(b => b.Code.IsInactiveCoverage() && b.ServiceTypeCodes.Contains(serviceType));
}

/// <summary>AAA: a request the payer rejected, why, and what to do.</summary>
public sealed record RequestRejection(bool ValidRequest, string ReasonCode, string? FollowUpActionCode)
{
    public const string UnableToRespondNow = "42";
    public const string InvalidMemberId = "72";
    public const string InvalidName = "73";
    public const string SubscriberNotFound = "75";

    /// <summary>AAA04 C: correct and resubmit; N: do not resubmit; R: resubmit original; Y: do not resubmit, we will respond.</summary>
    public const string CorrectAndResubmit = "C";

    internal static RequestRejection Read(in X12Segment aaa) => new(
        aaa.Element(1) switch
        {
            "Y" => true,
            "N" => false,
            var other => throw aaa.Error(1, $"'{other}' is not Y or N"),
        },
        aaa.RequireString(3),
        aaa.GetString(4));

    internal void Write(X12Writer x12) =>
        x12.Segment("AAA").Element(ValidRequest ? "Y" : "N").Element((string?)null).Element(ReasonCode).Element(FollowUpActionCode);
}

/// <summary>An EB segment and its 2110C companions (MSG, AAA).</summary>
public sealed record EligibilityBenefit
{
    /// <summary>EB01.</summary>
    public required BenefitCode Code { get; init; }

    /// <summary>EB02: IND individual, FAM family, EMP employee only, ...</summary>
    public string? CoverageLevel { get; init; }

    /// <summary>EB03 (repeating): 30 plan coverage, 1 medical care, 98 professional office visit, 88 pharmacy, ...</summary>
    public ValueList<string> ServiceTypeCodes { get; init; } = [];

    /// <summary>EB04: C1 commercial, HM HMO, PR PPO, MB Medicare Part B, ...</summary>
    public string? InsuranceType { get; init; }

    /// <summary>EB05: the plan's name as the payer describes it.</summary>
    public string? PlanCoverageDescription { get; init; }

    /// <summary>EB06: 23 calendar year, 29 remaining, 27 visit, 22 service year, 32 lifetime.</summary>
    public string? TimePeriod { get; init; }

    /// <summary>EB07: copay, deductible or out-of-pocket amount.</summary>
    public decimal? Amount { get; init; }

    /// <summary>EB08: coinsurance as a fraction (0.2 is 20%).</summary>
    public decimal? Percent { get; init; }

    /// <summary>EB09/EB10: e.g. VS visits, 99 quantity used.</summary>
    public string? QuantityQualifier { get; init; }

    public decimal? Quantity { get; init; }

    /// <summary>EB11: Y/N/U, prior authorization required.</summary>
    public string? AuthorizationRequired { get; init; }

    /// <summary>EB12: Y in network, N out of network, W not applicable, U unknown.</summary>
    public string? InPlanNetwork { get; init; }

    /// <summary>MSG: free-form messages.</summary>
    public ValueList<string> Messages { get; init; } = [];

    /// <summary>AAA in 2110C: the service type asked about could not be answered.</summary>
    public ValueList<RequestRejection> Rejections { get; init; } = [];

    public const string ServiceYear = "22";
    public const string CalendarYear = "23";
    public const string YearToDate = "24";
    public const string Contract = "25";
    public const string Visit = "27";
    public const string Remaining = "29";

    /// <summary>EB02 IND: the amounts of the person asked about.</summary>
    public const string Individual = "IND";

    /// <summary>EB02 FAM: the amounts shared by the family.</summary>
    public const string Family = "FAM";

    public bool? IsInNetwork => InPlanNetwork switch { "Y" => true, "N" => false, _ => null };

    /// <summary>EB03 carries service type 30 (health benefit plan coverage), or no service type at all.</summary>
    public bool AppliesToPlan => ServiceTypeCodes.Count == 0 || ServiceTypeCodes.Contains(SubscriberInquiry.HealthBenefitPlanCoverage);
}
