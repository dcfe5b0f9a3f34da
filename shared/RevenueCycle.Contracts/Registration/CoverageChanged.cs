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
    Subscriber Subscriber, DateOnly EffectiveFrom, DateOnly? EffectiveTo);

public sealed record CoverageChanged(Guid TenantId, Guid PatientId, Coverage Coverage, bool Active, DateTimeOffset ChangedAt);
