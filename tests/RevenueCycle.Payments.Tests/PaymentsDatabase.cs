using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RevenueCycle.Payments.Remittances;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Payments.Tests;

/// <summary>
/// A throw-away PostgreSQL database with the platform's and Payments' migrations, as the service applies them, and the claims
/// Payments knows (what ClaimSubmitted leaves: the claim, its lines and their charges). The server comes from RCM_TEST_PG
/// (default: the local test server on port 54329).
/// </summary>
public sealed class PaymentsDatabase : IAsyncLifetime
{
    const string DefaultServer = "Host=127.0.0.1;Port=54329;Username=postgres";

    readonly string server = Environment.GetEnvironmentVariable("RCM_TEST_PG") is { Length: > 0 } s ? s : DefaultServer;
    readonly string name = $"payments_posting_test_{Guid.NewGuid():N}";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public RemittanceImporter Importer() => new(DataSource, NullLogger<RemittanceImporter>.Instance, TimeProvider.System);

    public async ValueTask InitializeAsync()
    {
        DapperSetup.Configure();
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        await DatabaseSetup.MigrateAsync(connectionString, typeof(RemittanceImporter).Assembly);
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Claims of one line each (code 99213, the given charge), primary, sent to ACME01; returns their ids by patient control number.</summary>
    public async Task<Dictionary<string, Guid>> SubmitAsync(Guid tenant, IReadOnlyList<string> pcns, decimal charge)
    {
        var ids = pcns.ToDictionary(p => p, _ => Guid.CreateVersion7());
        await using var connection = await DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO claims (tenant_id, claim_id, encounter_id, patient_id, patient_control_number, payer_ref, payer_id, payer_name, payer_responsibility,
                                frequency, date_of_service, total_charge, submitted_at)
            SELECT @Tenant, c.id, gen_random_uuid(), gen_random_uuid(), c.pcn, gen_random_uuid(), 'ACME01', 'Acme Health ACME01', 'primary', 1, '2026-03-01', @Charge, now()
            FROM unnest(@Ids, @Pcns) AS c(id, pcn);
            INSERT INTO claim_lines (tenant_id, claim_id, line_number, procedure_code, modifiers, units, charge, date_of_service)
            SELECT @Tenant, id, 1, '99213', '{}', 1, @Charge, '2026-03-01' FROM unnest(@Ids) AS id;
            INSERT INTO ledger_entries (id, tenant_id, claim_id, line_number, kind, bucket, amount, description)
            SELECT gen_random_uuid(), @Tenant, id, 1, 'charge', 'charge', @Charge, 'Charge, line 1 99213' FROM unnest(@Ids) AS id;
            """, new { Tenant = tenant, Ids = ids.Values.ToArray(), Pcns = ids.Keys.ToArray(), Charge = charge });
        return ids;
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException($"No value: {sql}");
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<T>(sql, parameters)];
    }
}
