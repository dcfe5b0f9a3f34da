using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.PatientBilling.Practice;

/// <summary>Keeps the practice's name, address and phone: the statement's header and remit-to address.</summary>
public sealed class PracticeProfileChangedConsumer(NpgsqlDataSource db) : IConsumer<PracticeProfileChanged>
{
    public async Task Consume(ConsumeContext<PracticeProfileChanged> context)
    {
        var m = context.Message;
        var p = m.Practice;
        await using var work = await Inbox.BeginAsync(db, context, nameof(PracticeProfileChangedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        await connection.ExecuteAsync(
            """
            INSERT INTO practices (tenant_id, name, npi, tax_id, address_line1, address_line2, city, state, zip, phone, changed_at)
            VALUES (@TenantId, @Name, @Npi, @TaxId, @Line1, @Line2, @City, @State, @Zip, @Phone, @ChangedAt)
            ON CONFLICT (tenant_id) DO UPDATE SET
                name = excluded.name, npi = excluded.npi, tax_id = excluded.tax_id, address_line1 = excluded.address_line1,
                address_line2 = excluded.address_line2, city = excluded.city, state = excluded.state, zip = excluded.zip,
                phone = excluded.phone, changed_at = excluded.changed_at
            WHERE practices.changed_at < excluded.changed_at
            """,
            new { m.TenantId, p.Name, p.Npi, p.TaxId, p.Address.Line1, p.Address.Line2, p.Address.City, p.Address.State, p.Address.Zip, p.Phone, m.ChangedAt },
            tx);
        await tx.CommitAsync(context.CancellationToken);
    }
}

public sealed record PracticeRow
{
    public string Name { get; init; } = "";
    public string AddressLine1 { get; init; } = "";
    public string? AddressLine2 { get; init; }
    public string City { get; init; } = "";
    public string State { get; init; } = "";
    public string Zip { get; init; } = "";
    public string? Phone { get; init; }

    public static Task<PracticeRow?> FindAsync(NpgsqlConnection connection, Guid tenant, NpgsqlTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<PracticeRow>(
            "SELECT name, address_line1, address_line2, city, state, zip, phone FROM practices WHERE tenant_id = @Tenant",
            new { Tenant = tenant }, tx);
}
