using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace RevenueCycle.EndToEnd.Platform;

/// <summary>
/// Each service process of a run logs in as a role of its own, named like its database and owning only it, as under
/// <c>./rcm</c>: the tests' superuser provisions both with the same script (deploy/postgres/provision-service.sql, through
/// psql) and hands the process only that role's password. <see cref="PlatformFixture.DropDatabasesAsync"/> drops them.
/// </summary>
public sealed class DatabaseRoles
{
    readonly Dictionary<string, string> passwords = [];
    readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>The login role of <paramref name="database"/> (same name), created with its database when missing.</summary>
    public async Task<(string Username, string Password)> ProvisionAsync(string database)
    {
        await gate.WaitAsync();
        try
        {
            if (!passwords.TryGetValue(database, out var password))
            {
                password = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
                await RunProvisioningAsync(database, password);
                passwords[database] = password;
            }
            return (database, password);
        }
        finally
        {
            gate.Release();
        }
    }

    static async Task RunProvisioningAsync(string database, string password)
    {
        var superuser = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres);
        var start = new ProcessStartInfo(TestEnvironment.Psql,
        [
            "-X", "-q", "-w", "-v", "ON_ERROR_STOP=1", "-h", superuser.Host!, "-p", superuser.Port.ToString(),
            "-U", superuser.Username ?? "postgres", "-d", "postgres", "-v", $"role={database}", "-v", $"database={database}",
            "-f", Path.Combine(TestEnvironment.Root, "deploy", "postgres", "provision-service.sql"),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Passwords go by environment, never on a command line another user could read (ps).
        start.Environment["PGPASSWORD"] = superuser.Password ?? "";
        start.Environment["RCM_ROLE_PASSWORD"] = password;
        using var psql = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {TestEnvironment.Psql}");
        var output = psql.StandardOutput.ReadToEndAsync();
        var errors = psql.StandardError.ReadToEndAsync();
        await psql.WaitForExitAsync();
        if (psql.ExitCode != 0)
            throw new InvalidOperationException($"Provisioning {database} failed ({psql.ExitCode}): {await errors}{await output}");
    }
}
