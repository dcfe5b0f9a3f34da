using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RevenueCycle.ServiceDefaults.Database;

public static class DatabaseSetup
{
    /// <summary>
    /// The service's own database: <c>ConnectionStrings:Postgres</c> names the server, and
    /// <c>Database:Name</c> (default: the service's name, prefixed by <c>Database:Prefix</c>) the database.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration, string serviceDatabase)
    {
        var server = configuration.GetConnectionString("Postgres") ?? "Host=127.0.0.1;Port=54329;Username=postgres";
        var name = configuration["Database:Name"] ?? (configuration["Database:Prefix"] ?? "") + serviceDatabase;
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static void AddServiceDatabase(this WebApplicationBuilder builder, string serviceDatabase, Assembly migrations)
    {
        DapperSetup.Configure();
        var connectionString = ConnectionString(builder.Configuration, serviceDatabase);
        builder.Services.AddNpgsqlDataSource(connectionString);
        builder.Services.AddSingleton(new MigrationPlan(connectionString, migrations));
        builder.Services.AddHostedService<MigrationRunner>();
    }

    /// <summary>
    /// What a service does at start, for a database of its own outside a host (tests, benchmarks): creates the database when
    /// missing and applies the platform's and <paramref name="serviceAssembly"/>'s embedded migrations, in the same order and
    /// transactions.
    /// </summary>
    public static Task MigrateAsync(string connectionString, Assembly serviceAssembly, CancellationToken ct = default) =>
        new MigrationRunner(new MigrationPlan(connectionString, serviceAssembly),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MigrationRunner>.Instance).StartAsync(ct);

    static void AddNpgsqlDataSource(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(sp =>
        {
            var dsb = new NpgsqlDataSourceBuilder(connectionString);
            // A service runs the same few hundred statements all day: prepared after their second use, PostgreSQL parses and plans
            // each once per connection instead of on every call (issue 20: most of the database's CPU per encounter was that).
            // A connection string that names these settings keeps its own.
            if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
            {
                dsb.ConnectionStringBuilder.MaxAutoPrepare = 256;
                dsb.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
            }
            // Npgsql resets a pooled connection's session on every checkout (RESET ALL, CLOSE ALL, UNLISTEN *, advisory locks
            // released, DISCARD SEQUENCES/TEMP): about 75 checkouts and so 75 resets per encounter (issue 20). The platform keeps
            // no session state across a checkout: no SET outside a transaction, temporary tables only ON COMMIT DROP, session
            // advisory locks released by SessionLocks (which discards the connection when it cannot), the outbox relay's LISTEN
            // undone before its connection is returned.
            if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
                dsb.ConnectionStringBuilder.NoResetOnClose = true;
            dsb.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            return dsb.Build();
        });
    }
}

public sealed record MigrationPlan(string ConnectionString, Assembly ServiceAssembly);

/// <summary>
/// Creates the database when missing (if the role may: a provisioned service's role already owns its
/// database) and applies the platform's and the service's embedded migrations, as that role, before
/// the service takes traffic. An advisory lock serialises instances that start
/// together (several submission workers, or a test run beside <c>./rcm up</c>).
/// </summary>
sealed class MigrationRunner(MigrationPlan plan, ILogger<MigrationRunner> logger) : IHostedService
{
    const long MigrationLockKey = 0x52434D5F4D494752; // "RCM_MIGR"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureDatabaseAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(plan.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var cmd = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", connection))
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            var platform = typeof(MigrationRunner).Assembly;
            var upgrader = DeployChanges.To.PostgresqlDatabase(plan.ConnectionString)
                .WithScriptsEmbeddedInAssembly(platform, s => s.EndsWith(".sql"), new DbUp.Engine.SqlScriptOptions { RunGroupOrder = 0 })
                .WithScriptsEmbeddedInAssembly(plan.ServiceAssembly, s => s.Contains(".Migrations.") && s.EndsWith(".sql"), new DbUp.Engine.SqlScriptOptions { RunGroupOrder = 1 })
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build();
            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
                throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
            foreach (var script in result.Scripts)
                logger.LogInformation("Applied migration {Script}", script.Name);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    async Task EnsureDatabaseAsync(CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(plan.ConnectionString);
        // A service's role owns its database and may connect to no other, not even "postgres" (the provisioning
        // revokes CONNECT from PUBLIC): when its database is there, that is all this needs to know.
        try
        {
            await using var own = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(plan.ConnectionString) { Pooling = false }.ConnectionString);
            await own.OpenAsync(ct);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Missing: created below, which takes a role allowed to (a development or test server's superuser).
        }
        var admin = new NpgsqlConnectionStringBuilder(plan.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(target.Database!);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "")}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
            logger.LogInformation("Created database {Database}", target.Database);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another instance created it first.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
