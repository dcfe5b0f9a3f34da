using Dapper;
using Npgsql;
using RevenueCycle.PatientBilling.Ledger;

namespace RevenueCycle.PatientBilling.Accounts;

public sealed record AccountRow
{
    public Guid TenantId { get; init; }
    public Guid PatientId { get; init; }
    public string Mrn { get; init; } = "";
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public DateOnly DateOfBirth { get; init; }
    public string AddressLine1 { get; init; } = "";
    public string? AddressLine2 { get; init; }
    public string City { get; init; } = "";
    public string State { get; init; } = "";
    public string Zip { get; init; } = "";
    public string? Phone { get; init; }
    public string Status { get; init; } = "";
    public int DunningStep { get; init; }
    public DateOnly? CollectionsAt { get; init; }
    public DateTimeOffset OpenedAt { get; init; }

    public string Name => $"{FirstName} {LastName}";
}

public static class AccountStatus
{
    public const string Active = "active";
    public const string Collections = "collections";
}

public static class AccountStore
{
    const string Select =
        """
        SELECT tenant_id, patient_id, mrn, first_name, last_name, date_of_birth, address_line1, address_line2, city, state::text AS state,
               zip, phone, status, dunning_step, collections_at, opened_at
        FROM accounts
        """;

    /// <summary>The tenant's account, locked for the transaction when <paramref name="tx"/> is given (so balance checks hold until commit).</summary>
    public static Task<AccountRow?> FindAsync(NpgsqlConnection connection, Guid tenant, Guid patient, NpgsqlTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<AccountRow>(
            $"{Select} WHERE tenant_id = @Tenant AND patient_id = @Patient {(tx is null ? "" : "FOR UPDATE")}",
            new { Tenant = tenant, Patient = patient }, tx);

    public static Task<IEnumerable<AccountRow>> ListAsync(NpgsqlConnection connection, Guid tenant, NpgsqlTransaction? tx = null) =>
        connection.QueryAsync<AccountRow>($"{Select} WHERE tenant_id = @Tenant ORDER BY patient_id", new { Tenant = tenant }, tx);

    public static async Task<List<LedgerEntry>> EntriesAsync(NpgsqlConnection connection, Guid tenant, Guid patient, NpgsqlTransaction? tx = null) =>
        (await connection.QueryAsync<LedgerEntry>(
            $"{LedgerSql.SelectEntries} WHERE tenant_id = @Tenant AND patient_id = @Patient ORDER BY effective_date, posted_at, id",
            new { Tenant = tenant, Patient = patient }, tx)).ToList();

    public static async Task<ILookup<Guid, LedgerEntry>> EntriesByAccountAsync(NpgsqlConnection connection, Guid tenant, NpgsqlTransaction? tx = null) =>
        (await connection.QueryAsync<LedgerEntry>(
            $"{LedgerSql.SelectEntries} WHERE tenant_id = @Tenant ORDER BY effective_date, posted_at, id", new { Tenant = tenant }, tx))
        .ToLookup(e => e.PatientId);
}
