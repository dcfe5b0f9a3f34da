namespace RevenueCycle.Contracts.Registration;

public sealed record PatientUpdated(
    Guid TenantId, Guid PatientId, string Mrn, string FirstName, string LastName,
    DateOnly DateOfBirth, string Sex, Address Address, string? Phone, DateTimeOffset UpdatedAt);
