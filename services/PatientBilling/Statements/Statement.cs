using RevenueCycle.PatientBilling.Ledger;

namespace RevenueCycle.PatientBilling.Statements;

public sealed record StatementPractice(string Name, string AddressLine1, string? AddressLine2, string City, string State, string Zip, string? Phone);

/// <param name="AccountNumber">The patient's MRN: what the patient writes on the check and the practice looks up.</param>
public sealed record StatementPatient(Guid PatientId, string AccountNumber, string Name, string AddressLine1, string? AddressLine2, string City, string State, string Zip);

/// <summary>One service as the payer adjudicated it; <see cref="Adjustments"/> is what the practice wrote off under its contract.</summary>
public sealed record StatementService(string ProcedureCode, IReadOnlyList<string> Modifiers, decimal Charge, decimal InsurancePaid, decimal Adjustments, decimal PatientOwes);

/// <summary>
/// A date of service: its services, what insurance paid and adjusted, what was left to the patient,
/// what the patient has paid toward it (a copay at check-in, a later payment) and what remains.
/// </summary>
public sealed record StatementVisit(
    DateOnly DateOfService, IReadOnlyList<string> Payers, IReadOnlyList<StatementService> Services, decimal Charges, decimal InsurancePaid,
    decimal Adjustments, decimal PatientOwes, decimal PatientPaid, decimal Remaining);

/// <summary>A payment, refund or adjustment since the last statement, signed as on the ledger (a payment is negative).</summary>
public sealed record StatementActivity(DateOnly Date, string Kind, string Description, decimal Amount, string? Method, string? Reference);

public sealed record StatementPlan(Guid PlanId, string Status, decimal Amount, decimal Paid, decimal Remaining, DateOnly? NextDueDate, decimal? NextInstallment);

/// <summary>
/// A patient statement as issued, kept as it was mailed: the summary reconciles
/// (<c>previousBalance + newCharges + paymentsAndCredits = balance</c>). It bills what the payers have adjudicated;
/// visits still with insurance are listed in <see cref="PendingInsurance"/> and are in neither the balance nor the amount due.
/// </summary>
/// <param name="PendingInsuranceTotal">What the listed visits may still be paid by insurance; not owed by the patient yet.</param>
public sealed record Statement(
    Guid Id, Guid PatientId, DateOnly StatementDate, DateOnly DueDate, string Notice, int DunningStep, string Message,
    StatementPractice Practice, StatementPatient Patient, DateOnly? PreviousStatementDate, decimal PreviousBalance,
    decimal NewCharges, decimal PaymentsAndCredits, decimal Balance, decimal AmountDue, decimal UnappliedCredit,
    IReadOnlyList<StatementVisit> DatesOfService, IReadOnlyList<StatementActivity> PaymentsSinceLastStatement,
    AgingBuckets Aging, StatementPlan? PaymentPlan, DateTimeOffset IssuedAt,
    IReadOnlyList<StatementPendingVisit>? PendingInsurance = null, decimal PendingInsuranceTotal = 0)
{
    // Statements issued before pending visits were listed are stored without them.
    public IReadOnlyList<StatementPendingVisit> PendingInsurance { get; init; } = PendingInsurance ?? [];
}

public sealed record StatementSummary
{
    public Guid Id { get; init; }
    public Guid PatientId { get; init; }
    public DateOnly StatementDate { get; init; }
    public DateOnly DueDate { get; init; }
    public decimal Balance { get; init; }
    public decimal AmountDue { get; init; }
    public int DunningStep { get; init; }
    public string Notice { get; init; } = "";
    public DateTimeOffset IssuedAt { get; init; }
}
