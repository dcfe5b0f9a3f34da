using Npgsql;

namespace RevenueCycle.Coding.Tests.CodeSets;

/// <summary>
/// A throw-away PostgreSQL database with the Coding service's code-set migrations applied. The server comes
/// from RCM_TEST_PG (default: the local test server on port 54329).
/// </summary>
public sealed class CodeSetDatabase : IAsyncLifetime
{
    private const string DefaultServer = "Host=127.0.0.1;Port=54329;Username=postgres";

    private readonly string _server = Environment.GetEnvironmentVariable("RCM_TEST_PG") is { Length: > 0 } server ? server : DefaultServer;
    private readonly string _name = $"coding_codesets_test_{Guid.NewGuid():N}";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(_server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_server) { Database = _name, Pooling = false }.ConnectionString);
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var migrate = new NpgsqlCommand(Migration(), connection);
        await migrate.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task<string?> TextAsync(string sql)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The code-set migrations (0001_code_sets.sql, 0002_modifier_code_sets.sql), in order.</summary>
    private static string Migration()
    {
        var assembly = typeof(RevenueCycle.Coding.CodeSets.CodeSetImporter).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.EndsWith("code_sets.sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        return string.Join("\n", names.Select(name =>
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            return reader.ReadToEnd();
        }));
    }
}
