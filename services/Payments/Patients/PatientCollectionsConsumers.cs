using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Contracts.PatientBilling;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Payments.Patients;

/// <summary>
/// Keeps Payments' copy of what patients paid and were refunded (PatientBilling owns the patient ledger), for
/// the net collection rate. Each event is recorded once, however often it is delivered.
/// </summary>
public sealed class PatientPaymentReceivedConsumer(NpgsqlDataSource db) : IConsumer<PatientPaymentReceived>
{
    public async Task Consume(ConsumeContext<PatientPaymentReceived> context)
    {
        var m = context.Message;
        await PatientCollections.RecordAsync(db, context, nameof(PatientPaymentReceivedConsumer), m.TenantId, m.PaymentId, m.PatientId, "payment",
            m.Amount, m.Method, m.Reference, m.ReceivedOn ?? DateOnly.FromDateTime(m.ReceivedAt.UtcDateTime));
    }
}

public sealed class PatientRefundIssuedConsumer(NpgsqlDataSource db) : IConsumer<PatientRefundIssued>
{
    public async Task Consume(ConsumeContext<PatientRefundIssued> context)
    {
        var m = context.Message;
        await PatientCollections.RecordAsync(db, context, nameof(PatientRefundIssuedConsumer), m.TenantId, m.RefundId, m.PatientId, "refund",
            -m.Amount, m.Method, m.Reference, m.IssuedOn);
    }
}

/// <summary>Keeps Payments' copy of what each patient owes (PatientBilling's ledger), for days in AR. Each state is kept once.</summary>
public sealed class PatientBalanceChangedConsumer(NpgsqlDataSource db) : IConsumer<PatientBalanceChanged>
{
    public async Task Consume(ConsumeContext<PatientBalanceChanged> context)
    {
        var m = context.Message;
        await using var work = await Inbox.BeginAsync(db, context, nameof(PatientBalanceChangedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        await connection.ExecuteAsync(
            """
            INSERT INTO patient_balances (tenant_id, patient_id, version, owed, credit, changed_at)
            VALUES (@TenantId, @PatientId, @Version, @Owed, @Credit, @ChangedAt) ON CONFLICT DO NOTHING
            """, new { m.TenantId, m.PatientId, m.Version, m.Owed, m.Credit, m.ChangedAt }, tx);
        await tx.CommitAsync(context.CancellationToken);
    }
}

static class PatientCollections
{
    public static async Task RecordAsync(NpgsqlDataSource db, ConsumeContext context, string consumer, Guid tenant, Guid id, Guid patient, string kind,
        decimal amount, string? method, string? reference, DateOnly day)
    {
        await using var work = await Inbox.BeginAsync(db, context, consumer);
        if (work is null) return;
        var (connection, tx) = work;
        await connection.ExecuteAsync(
            """
            INSERT INTO patient_collections (id, tenant_id, patient_id, kind, amount, method, reference, on_day)
            VALUES (@id, @tenant, @patient, @kind, @amount, @method, @reference, @day) ON CONFLICT (id) DO NOTHING
            """, new { id, tenant, patient, kind, amount, method, reference, day }, tx);
        await tx.CommitAsync(context.CancellationToken);
    }
}
