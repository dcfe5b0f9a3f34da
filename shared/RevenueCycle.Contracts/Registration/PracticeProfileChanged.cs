namespace RevenueCycle.Contracts.Registration;

/// <summary>The practice as billing provider (837P loop 2010AA): NPI, EIN, taxonomy, address with ZIP+4.</summary>
public sealed record PracticeProfile(string Name, string Npi, string TaxId, string? Taxonomy, Address Address, string? Phone)
{
    /// <summary>
    /// The NPI's NPPES entity type as the practice states it: 2 an organisation (the default), 1 a sole
    /// practitioner billing under their own NPI. Never derived from the NPI, which is intelligence-free.
    /// </summary>
    public int NpiEntityType { get; init; } = Identifiers.NpiEntityType.Organization;

    /// <summary>A sole practitioner's (NPI entity type 1) own name, billed in 2010AA NM103/NM104; null for an organisation.</summary>
    public string? ProviderLastName { get; init; }

    public string? ProviderFirstName { get; init; }

    /// <summary><see cref="TaxIdTypes.Ein"/> (REF*EI) or, for a sole practitioner only, <see cref="TaxIdTypes.Ssn"/> (REF*SY).</summary>
    public string TaxIdType { get; init; } = TaxIdTypes.Ein;

    /// <summary>
    /// Where payers send payment when it is not <see cref="Address"/>: a P.O. box or lockbox (837P 2010AB), since the
    /// billing provider's own address must be a street address (X222A1 2010AA N3). Null when payment goes to the address.
    /// </summary>
    public Address? PayToAddress { get; init; }
}

public static class TaxIdTypes
{
    public const string Ein = "EIN";
    public const string Ssn = "SSN";
}

public sealed record PracticeProfileChanged(Guid TenantId, PracticeProfile Practice, DateTimeOffset ChangedAt);
