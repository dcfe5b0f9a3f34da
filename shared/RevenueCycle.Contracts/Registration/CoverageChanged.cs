namespace RevenueCycle.Contracts.Registration;

/// <summary>The insured person when not the patient (837P 2010BA), or the patient themself.</summary>
public sealed record Subscriber(string FirstName, string LastName, DateOnly DateOfBirth, string Sex, Address Address);

/// <summary>A payer as the practice registered it (SBR09 claim filing indicator, timely filing limit, clearinghouse route).</summary>
public sealed record PayerInfo(Guid Id, string Name, string PayerId, string ClaimFilingCode, int TimelyFilingDays, string Clearinghouse);

/// <summary>
/// One coverage of a patient. <see cref="Priority"/> is primary, secondary or tertiary;
/// <see cref="Relationship"/> the patient's relationship to the subscriber (self, spouse, child, other).
/// </summary>
public sealed record Coverage(
    Guid Id, PayerInfo Payer, string MemberId, string? GroupNumber, string Priority, string Relationship,
    Subscriber Subscriber, DateOnly EffectiveFrom, DateOnly? EffectiveTo)
{
    /// <summary>
    /// The patient's own member id on the subscriber's policy, when the payer issues dependents one (a card
    /// with a suffix, say). Such a dependent is identified on their own and sent as the subscriber
    /// (X279A1 1.4.7 and the 2100C notes; 837P 2000C likewise); null when the patient is the subscriber or
    /// is known to the payer only through <see cref="MemberId"/>.
    /// </summary>
    public string? PatientMemberId { get; init; }

    /// <summary>
    /// The Medicare secondary payer type when this is Medicare and Medicare is not primary: 837P SBR05 (X222A1 2000B and
    /// 2320 SBR05): 12 working aged, 13 ESRD, 14 no-fault, 15 workers' compensation, 16 public health service,
    /// 41 black lung, 42 veterans affairs, 43 disability, 47 other liability.
    /// </summary>
    public string? MedicareSecondaryPayerType { get; init; }
}

public static class MedicareSecondaryPayerTypes
{
    public static readonly IReadOnlyDictionary<string, string> Codes = new Dictionary<string, string>
    {
        ["12"] = "working aged (employer group health plan)", ["13"] = "end-stage renal disease", ["14"] = "no-fault insurance",
        ["15"] = "workers' compensation", ["16"] = "public health service or other federal agency", ["41"] = "black lung",
        ["42"] = "veterans affairs", ["43"] = "disability (large group health plan)", ["47"] = "other liability insurance",
    };

    /// <summary>SBR09 MA (Part A) or MB (Part B): the payer is Medicare.</summary>
    public static bool IsMedicare(string claimFilingCode) => claimFilingCode is "MA" or "MB";
}

public sealed record CoverageChanged(Guid TenantId, Guid PatientId, Coverage Coverage, bool Active, DateTimeOffset ChangedAt);
