namespace RevenueCycle.X12.Remittance;

/// <summary>Loop 1000A (payer, N1*PR) or 1000B (payee, N1*PE).</summary>
public sealed record RemittanceParty
{
    public required string Name { get; init; }

    /// <summary>N103: XV CMS plan id for payers; XX NPI, FI tax id for payees.</summary>
    public string? IdQualifier { get; init; }

    public string? Identifier { get; init; }

    public Address? Address { get; init; }

    /// <summary>REF: payer 2U/EO/HI/NF; payee TJ tax id, PQ, 0B, D3.</summary>
    public ValueList<Reference> References { get; init; } = [];

    /// <summary>PER (payer only): CX business contact, BL technical contact, IC web site.</summary>
    public ValueList<Contact> Contacts { get; init; } = [];

    /// <summary>The NPI, when N103 is XX.</summary>
    public string? Npi => IdQualifier == EntityName.NpiQualifier ? Identifier : null;

    /// <summary>The federal tax id: N104 with N103 FI, or else REF*TJ.</summary>
    public string? TaxId => IdQualifier == "FI" ? Identifier : References.FirstOrDefault(r => r.Qualifier == "TJ")?.Value;
}
