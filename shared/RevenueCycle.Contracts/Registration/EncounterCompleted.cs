namespace RevenueCycle.Contracts.Registration;

public sealed record PatientInfo(
    Guid Id, string Mrn, string FirstName, string LastName, DateOnly DateOfBirth, string Sex, Address Address, string? Phone);

/// <summary>The rendering provider (837P 2310B).</summary>
public sealed record ProviderInfo(Guid Id, string Npi, string FirstName, string LastName, string? Taxonomy)
{
    /// <summary>The NPI's NPPES entity type as stated at registration: 1 an individual (the default).</summary>
    public int NpiEntityType { get; init; } = Identifiers.NpiEntityType.Individual;
}

/// <summary>
/// Everything downstream services need to code and bill the visit, so none of them ever calls
/// Registration back: the patient, the coverages active on the date of service in priority order
/// (empty for self-pay), the rendering provider and the practice as billing provider.
/// </summary>
public sealed record EncounterCompleted(
    Guid TenantId, Guid EncounterId, PatientInfo Patient, ProviderInfo RenderingProvider, PracticeProfile? Practice,
    IReadOnlyList<Coverage> Coverages, bool SelfPay, DateOnly DateOfService, string PlaceOfService, string? Note,
    string? PriorAuthorizationNumber, DateTimeOffset CompletedAt)
{
    /// <summary>Where the care was given when not at the practice's address (837P 2310C); null at the practice.</summary>
    public ServiceFacility? ServiceFacility { get; init; }
}

/// <summary>A hospital, nursing home or other place of service that is not the practice (837P 2310C NM1*77, N3/N4).</summary>
public sealed record ServiceFacility(string Name, string? Npi, Address Address);
