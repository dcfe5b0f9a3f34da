namespace RevenueCycle.Contracts.Registration;

public sealed record PatientRegistered(
    Guid TenantId, Guid PatientId, string Mrn, string FirstName, string LastName,
    DateOnly DateOfBirth, string Sex, Address Address, string? Phone, DateTimeOffset RegisteredAt);
