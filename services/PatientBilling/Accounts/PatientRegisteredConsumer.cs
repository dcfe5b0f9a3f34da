using MassTransit;
using Npgsql;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.PatientBilling.Accounts;

/// <summary>Opens the patient's account, keeping the demographics a statement needs (event-carried state).</summary>
public sealed class PatientRegisteredConsumer(NpgsqlDataSource db, TimeProvider clock) : IConsumer<PatientRegistered>
{
    public async Task Consume(ConsumeContext<PatientRegistered> context)
    {
        var p = context.Message;
        await using var work = await Inbox.BeginAsync(db, context, nameof(PatientRegisteredConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        await Demographics.UpsertAsync(connection, tx, p.TenantId, p.PatientId, p.Mrn, p.FirstName, p.LastName, p.DateOfBirth,
            p.Address, p.Phone, p.RegisteredAt);
        await Claims.ClaimPaymentPostedConsumer.ApplyPendingAsync(connection, tx, p.TenantId, p.PatientId, clock.GetUtcNow());
        await tx.CommitAsync(context.CancellationToken);
    }
}

/// <summary>Keeps the statement's name and mailing address current when Registration corrects them.</summary>
public sealed class PatientUpdatedConsumer(NpgsqlDataSource db) : IConsumer<PatientUpdated>
{
    public async Task Consume(ConsumeContext<PatientUpdated> context)
    {
        var p = context.Message;
        await using var work = await Inbox.BeginAsync(db, context, nameof(PatientUpdatedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        await Demographics.UpsertAsync(connection, tx, p.TenantId, p.PatientId, p.Mrn, p.FirstName, p.LastName, p.DateOfBirth,
            p.Address, p.Phone, p.UpdatedAt);
        await tx.CommitAsync(context.CancellationToken);
    }
}

static class Demographics
{
    /// <summary>
    /// Opens the account or refreshes it; an older event arriving late (out of order) changes nothing,
    /// and a PatientUpdated that overtakes its PatientRegistered still opens the account.
    /// </summary>
    public static Task UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid patient, string mrn,
        string firstName, string lastName, DateOnly dateOfBirth, Address address, string? phone, DateTimeOffset asOf) =>
        Dapper.SqlMapper.ExecuteAsync(connection,
            """
            INSERT INTO accounts (tenant_id, patient_id, mrn, first_name, last_name, date_of_birth,
                                  address_line1, address_line2, city, state, zip, phone, demographics_as_of)
            VALUES (@Tenant, @Patient, @Mrn, @FirstName, @LastName, @DateOfBirth, @Line1, @Line2, @City, @State, @Zip, @Phone, @AsOf)
            ON CONFLICT (tenant_id, patient_id) DO UPDATE SET
                mrn = excluded.mrn, first_name = excluded.first_name, last_name = excluded.last_name,
                date_of_birth = excluded.date_of_birth, address_line1 = excluded.address_line1,
                address_line2 = excluded.address_line2, city = excluded.city, state = excluded.state, zip = excluded.zip,
                phone = excluded.phone, demographics_as_of = excluded.demographics_as_of
            WHERE accounts.demographics_as_of < excluded.demographics_as_of
            """,
            new
            {
                Tenant = tenant, Patient = patient, Mrn = mrn, FirstName = firstName, LastName = lastName, DateOfBirth = dateOfBirth,
                address.Line1, address.Line2, address.City, address.State, address.Zip, Phone = phone, AsOf = asOf,
            }, tx);
}
