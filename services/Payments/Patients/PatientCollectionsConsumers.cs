using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Contracts.PatientBilling;

namespace RevenueCycle.Payments.Patients;

// These consumers keep Payments' copies of PatientBilling's figures. Each copy is keyed by what it copies (a payment's or a
// refund's id, an account's version), so writing it is one statement that a redelivered event leaves as it was: they take no
// inbox. The inbox (a transaction, its row and two more round trips) bought nothing here, and PatientBalanceChanged comes
// once an encounter (issue 20, item 3).

/// <summary>Keeps Payments' copy of what patients paid and were refunded (PatientBilling owns the patient ledger), for the net collection rate.</summary>
public sealed class PatientPaymentReceivedConsumer(NpgsqlDataSource db) : IConsumer<PatientPaymentReceived>
{
    public Task Consume(ConsumeContext<PatientPaymentReceived> context)
    {
        var m = context.Message;
        return PatientCollections.RecordAsync(db, m.TenantId, m.PaymentId, m.PatientId, "payment", m.Amount, m.Method, m.Reference,
            m.ReceivedOn ?? DateOnly.FromDateTime(m.ReceivedAt.UtcDateTime), context.CancellationToken);
    }
}

public sealed class PatientRefundIssuedConsumer(NpgsqlDataSource db) : IConsumer<PatientRefundIssued>
{
    public Task Consume(ConsumeContext<PatientRefundIssued> context)
    {
        var m = context.Message;
        return PatientCollections.RecordAsync(db, m.TenantId, m.RefundId, m.PatientId, "refund", -m.Amount, m.Method, m.Reference, m.IssuedOn,
            context.CancellationToken);
    }
}

/// <summary>Keeps Payments' copy of what each patient owes (PatientBilling's ledger), for days in AR.</summary>
public sealed class PatientBalanceChangedConsumer(NpgsqlDataSource db) : IConsumer<PatientBalanceChanged>
{
    public Task Consume(ConsumeContext<PatientBalanceChanged> context) => PatientBalances.RecordAsync(db, context.Message, context.CancellationToken);
}

public static class PatientBalances
{
    /// <summary>Records one state of a patient's account; false when it was recorded already (a redelivery).</summary>
    public static async Task<bool> RecordAsync(NpgsqlDataSource db, PatientBalanceChanged m, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO patient_balances (tenant_id, patient_id, version, owed, credit, changed_at)
            VALUES (@TenantId, @PatientId, @Version, @Owed, @Credit, @ChangedAt) ON CONFLICT DO NOTHING
            """, new { m.TenantId, m.PatientId, m.Version, m.Owed, m.Credit, m.ChangedAt }, cancellationToken: ct)) == 1;
    }
}

public static class PatientCollections
{
    /// <summary>Records a payment (positive) or refund (negative) once; false when it was recorded already (a redelivery).</summary>
    public static async Task<bool> RecordAsync(NpgsqlDataSource db, Guid tenant, Guid id, Guid patient, string kind, decimal amount, string? method,
        string? reference, DateOnly day, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO patient_collections (id, tenant_id, patient_id, kind, amount, method, reference, on_day)
            VALUES (@id, @tenant, @patient, @kind, @amount, @method, @reference, @day) ON CONFLICT (id) DO NOTHING
            """, new { id, tenant, patient, kind, amount, method, reference, day }, cancellationToken: ct)) == 1;
    }
}
