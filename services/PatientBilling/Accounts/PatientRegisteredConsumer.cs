using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.PatientBilling.Accounts;

/// <summary>Opens the patient's account, keeping the demographics a statement needs (event-carried state).</summary>
public sealed class PatientRegisteredConsumer(NpgsqlDataSource db) : IConsumer<PatientRegistered>
{
    public async Task Consume(ConsumeContext<PatientRegistered> context)
    {
        var p = context.Message;
        await using var connection = await db.OpenConnectionAsync(context.CancellationToken);
        await using var tx = await connection.BeginTransactionAsync(context.CancellationToken);
        if (!await Inbox.TryAcceptAsync(connection, tx, context, nameof(PatientRegisteredConsumer))) return;
        await connection.ExecuteAsync(
            """
            INSERT INTO accounts (tenant_id, patient_id, mrn, first_name, last_name, date_of_birth,
                                  address_line1, address_line2, city, state, zip)
            VALUES (@TenantId, @PatientId, @Mrn, @FirstName, @LastName, @DateOfBirth, @Line1, @Line2, @City, @State, @Zip)
            ON CONFLICT (tenant_id, patient_id) DO NOTHING
            """,
            new
            {
                p.TenantId, p.PatientId, p.Mrn, p.FirstName, p.LastName, p.DateOfBirth,
                p.Address.Line1, p.Address.Line2, p.Address.City, p.Address.State, p.Address.Zip,
            }, tx);
        await tx.CommitAsync(context.CancellationToken);
    }
}
