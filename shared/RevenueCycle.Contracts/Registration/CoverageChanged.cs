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
}

public sealed record CoverageChanged(Guid TenantId, Guid PatientId, Coverage Coverage, bool Active, DateTimeOffset ChangedAt);
