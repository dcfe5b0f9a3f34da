namespace RevenueCycle.Contracts.PatientBilling;

public sealed record StatementIssued(Guid TenantId, Guid StatementId, Guid PatientId, decimal AmountDue, DateOnly DueDate, int DunningStep, DateTimeOffset IssuedAt);

/// <summary>A payment from a patient. <see cref="ReceivedOn"/> is the day the practice received it (it may be entered later).</summary>
public sealed record PatientPaymentReceived(Guid TenantId, Guid PaymentId, Guid PatientId, decimal Amount, string Method, string? Reference, DateTimeOffset ReceivedAt,
    DateOnly? ReceivedOn = null);

/// <summary>Money paid back to a patient from a credit balance: it takes back that much of what the practice collected.</summary>
public sealed record PatientRefundIssued(Guid TenantId, Guid RefundId, Guid PatientId, decimal Amount, string? Method, string? Reference, string Reason,
    DateOnly IssuedOn, DateTimeOffset IssuedAt);

public sealed record PatientAccountSentToCollections(Guid TenantId, Guid PatientId, decimal Balance, DateTimeOffset SentAt);

/// <summary>
/// A patient account after a change to its ledger (responsibility moved to the patient or back to insurance, a payment,
/// a refund, an adjustment): <see cref="Owed"/> is what the patient owes (the open charges, the patient AR), <see cref="Credit"/>
/// what the account holds unapplied. <see cref="Version"/> is the number of entries in the ledger, so a later state has a
/// higher version however the events arrive.
/// </summary>
public sealed record PatientBalanceChanged(Guid TenantId, Guid PatientId, long Version, decimal Owed, decimal Credit, DateTimeOffset ChangedAt);
