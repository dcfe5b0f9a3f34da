namespace RevenueCycle.Contracts.Registration;

/// <summary>The practice as billing provider (837P loop 2010AA): type-2 NPI, EIN, taxonomy, address with ZIP+4.</summary>
public sealed record PracticeProfile(string Name, string Npi, string TaxId, string? Taxonomy, Address Address, string? Phone);

public sealed record PracticeProfileChanged(Guid TenantId, PracticeProfile Practice, DateTimeOffset ChangedAt);
