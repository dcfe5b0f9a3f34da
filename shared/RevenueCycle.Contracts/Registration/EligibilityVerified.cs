namespace RevenueCycle.Contracts.Registration;

/// <summary>The outcome of a 270/271 exchange: status active, inactive or error (with the reason).</summary>
public sealed record EligibilityVerified(
    Guid TenantId, Guid CheckId, Guid PatientId, Guid CoverageId, string Status, decimal? Copay, decimal? DeductibleRemaining,
    decimal? CoinsurancePercent, string? RejectionReason, DateTimeOffset CheckedAt);
