namespace RevenueCycle.Contracts.Registration;

/// <summary>The practice as billing provider (837P loop 2010AA): NPI, EIN, taxonomy, address with ZIP+4.</summary>
public sealed record PracticeProfile(string Name, string Npi, string TaxId, string? Taxonomy, Address Address, string? Phone)
{
    /// <summary>
    /// The NPI's NPPES entity type as the practice states it: 2 an organisation (the default), 1 a sole
    /// practitioner billing under their own NPI. Never derived from the NPI, which is intelligence-free.
    /// </summary>
    public int NpiEntityType { get; init; } = Identifiers.NpiEntityType.Organization;
}

public sealed record PracticeProfileChanged(Guid TenantId, PracticeProfile Practice, DateTimeOffset ChangedAt);
