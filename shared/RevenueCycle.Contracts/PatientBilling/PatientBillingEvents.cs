namespace RevenueCycle.Contracts.PatientBilling;

public sealed record StatementIssued(Guid TenantId, Guid StatementId, Guid PatientId, decimal AmountDue, DateOnly DueDate, int DunningStep, DateTimeOffset IssuedAt);

public sealed record PatientPaymentReceived(Guid TenantId, Guid PaymentId, Guid PatientId, decimal Amount, string Method, string? Reference, DateTimeOffset ReceivedAt);

public sealed record PatientAccountSentToCollections(Guid TenantId, Guid PatientId, decimal Balance, DateTimeOffset SentAt);
