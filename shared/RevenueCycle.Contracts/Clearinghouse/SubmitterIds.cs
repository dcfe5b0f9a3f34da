namespace RevenueCycle.Contracts.Clearinghouse;

/// <summary>
/// A tenant's submitter id at the clearinghouse: "RCM" + the first 12 hex digits of the tenant id,
/// 15 characters, so it fits ISA06 (15) and 1000A NM109, and every service derives the same one.
/// </summary>
public static class SubmitterIds
{
    public static string For(Guid tenantId) => "RCM" + tenantId.ToString("N")[..12].ToUpperInvariant();
}
