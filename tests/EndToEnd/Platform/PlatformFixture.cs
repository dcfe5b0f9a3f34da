using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace RevenueCycle.EndToEnd.Platform;

/// <summary>
/// The whole platform for the end-to-end tests: every service, the simulator and the gateway as
/// their own processes, on free ports, against the PostgreSQL and RabbitMQ virtual host that
/// <c>./rcm test</c> started, with databases of their own (dropped afterwards) and traces exported
/// to <see cref="Traces"/>.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public static readonly (string Name, string Project, string Database)[] Services =
    [
        ("registration", "services/Registration", "registration"),
        ("coding", "services/Coding", "coding"),
        ("claims", "services/Claims", "claims"),
        ("payments", "services/Payments", "payments"),
        ("patient_billing", "services/PatientBilling", "patient_billing"),
        ("integrations", "services/Integrations", "integrations"),
        ("clearinghouse_simulator", "services/ClearinghouseSimulator", "clearinghouse_simulator"),
    ];

    readonly List<ServiceProcess> processes = [];
    public string DatabasePrefix { get; } = $"e2e_{Guid.NewGuid():N}"[..16] + "_";
    public string SigningKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public string AdminKey { get; } = "rcm_admin_" + Guid.NewGuid().ToString("N");
    /// <summary>The key submitters' secrets at the simulator are derived from (the services' <c>Clearinghouse__SubmitterKey</c>).</summary>
    public string SubmitterKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    /// <summary>The simulator operator's key (<c>Simulator__OperatorKey</c>): payer and member settings, mailbox delivery, every submitter's files.</summary>
    public string SimulatorOperatorKey { get; } = "sim_operator_" + Guid.NewGuid().ToString("N");
    /// <summary>The key Integrations seals webhook signing secrets with (<c>Integrations__SecretKey</c>).</summary>
    public string IntegrationsSecretKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public OtlpTraceReceiver Traces { get; } = new();
    public Dictionary<string, Uri> ServiceAddresses { get; } = [];
    public Uri Gateway { get; private set; } = null!;
    public DatabaseRoles DatabaseRoles { get; } = new();

    /// <summary>
    /// What every process of the run shares. The database server comes without credentials: each process is given its
    /// own role when it starts (<see cref="StartExtraAsync"/>), never the superuser.
    /// </summary>
    public Dictionary<string, string> CommonEnvironment(string? databasePrefix = null, int? rabbitPort = null) => new()
    {
        ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Username = null, Password = null, MaxPoolSize = 20 }.ConnectionString,
        ["Database__Prefix"] = databasePrefix ?? DatabasePrefix,
        ["RabbitMq__Host"] = TestEnvironment.RabbitHost,
        ["RabbitMq__Port"] = (rabbitPort ?? TestEnvironment.RabbitPort).ToString(),
        ["RabbitMq__VirtualHost"] = TestEnvironment.RabbitVirtualHost,
        ["RabbitMq__Username"] = TestEnvironment.RabbitUsername,
        ["RabbitMq__Password"] = TestEnvironment.RabbitPassword,
        ["InternalAuth__SigningKey"] = SigningKey,
        ["RCM_ADMIN_KEY"] = AdminKey,
        ["Clearinghouse__SubmitterKey"] = SubmitterKey,
        // The tests run the status checker as of a later instant instead of waiting days (POST /api/claims/status-checks/run?asOf=).
        ["Claims__StatusChecks__AllowAsOf"] = "true",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Traces.Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "600000",
    };

    public async ValueTask InitializeAsync()
    {
        await Traces.StartAsync();
        var environment = CommonEnvironment();
        foreach (var (name, _, _) in Services)
            ServiceAddresses[name] = new Uri($"http://127.0.0.1:{TestEnvironment.FreePort()}");
        environment["Clearinghouse__SimulatorUrl"] = ServiceAddresses["clearinghouse_simulator"].ToString().TrimEnd('/');
        foreach (var (name, address) in ServiceAddresses)
            environment[$"Gateway__Services__{name}"] = address.ToString().TrimEnd('/');

        foreach (var (name, project, _) in Services)
            processes.Add(ServiceProcess.Start(name, project, ServiceAddresses[name].Port,
                await WithOwnDatabaseRoleAsync(project, name switch
                {
                    "clearinghouse_simulator" => SimulatorEnvironment(environment),
                    "integrations" => IntegrationsEnvironment(environment),
                    _ => environment,
                })));
        var gatewayPort = TestEnvironment.FreePort();
        processes.Add(ServiceProcess.Start("gateway", "gateway", gatewayPort, await WithOwnDatabaseRoleAsync("gateway", environment)));
        Gateway = new Uri($"http://127.0.0.1:{gatewayPort}");
        await Task.WhenAll(processes.Select(p => p.WaitReadyAsync(TimeSpan.FromSeconds(120))));
    }

    /// <summary>The simulator's environment: the platform's, and the clearinghouse's own keys, which only it holds.</summary>
    public Dictionary<string, string> SimulatorEnvironment(Dictionary<string, string> environment) => new(environment)
    {
        ["Simulator__OperatorKey"] = SimulatorOperatorKey,
        ["Simulator__SubmitterKey"] = SubmitterKey,
    };

    /// <summary>
    /// Integrations' environment: the platform's, its own sealing key, receivers on loopback (the tests' listeners) and
    /// a short first retry delay, so a retried delivery is seen in seconds (the schedule itself is unit-tested with a fake clock).
    /// </summary>
    public Dictionary<string, string> IntegrationsEnvironment(Dictionary<string, string> environment) => new(environment)
    {
        ["Integrations__SecretKey"] = IntegrationsSecretKey,
        ["Integrations__AllowLoopback"] = "true",
        ["Integrations__Delivery__BaseDelay"] = "00:00:01",
        ["Integrations__Delivery__MaxDelay"] = "00:00:04",
        ["Integrations__Delivery__PollInterval"] = "00:00:00.200",
    };

    /// <summary>The simulator as its operator calls it (Bearer <see cref="SimulatorOperatorKey"/>).</summary>
    public HttpClient SimulatorOperator()
    {
        var client = new HttpClient { BaseAddress = ServiceAddresses["clearinghouse_simulator"], Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorOperatorKey);
        return client;
    }

    /// <summary>The simulator as one submitter calls it over plain HTTP (its id and derived secret as HTTP Basic).</summary>
    public HttpClient SimulatorSubmitter(string submitterId)
    {
        var client = new HttpClient { BaseAddress = ServiceAddresses["clearinghouse_simulator"], Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = RevenueCycle.ServiceDefaults.Clearinghouse.SubmitterCredentials.Basic(submitterId,
            RevenueCycle.ServiceDefaults.Clearinghouse.SubmitterCredentials.Derive(SubmitterKey, submitterId));
        return client;
    }

    /// <summary>The services' clearinghouse client, with the platform's submitter credentials.</summary>
    public RevenueCycle.ServiceDefaults.Clearinghouse.ClearinghouseClient ClearinghouseClient() =>
        new(new HttpClient { BaseAddress = new Uri(ServiceAddresses["clearinghouse_simulator"], "/") },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RevenueCycle.ServiceDefaults.Clearinghouse.ClearinghouseClient>.Instance,
            new RevenueCycle.ServiceDefaults.Clearinghouse.SubmitterCredentials(SubmitterKey));

    public ServiceProcess Process(string name) => processes.Single(p => p.Name == name);

    /// <summary>Starts one more instance of a service (for tests that need their own, e.g. behind a broken broker).</summary>
    public async Task<ServiceProcess> StartExtraAsync(string name, string project, Dictionary<string, string> environment, string readiness = "/health/ready")
    {
        var process = ServiceProcess.Start(name, project, TestEnvironment.FreePort(), await WithOwnDatabaseRoleAsync(project, environment));
        processes.Add(process);
        await process.WaitReadyAsync(TimeSpan.FromSeconds(120), readiness);
        return process;
    }

    /// <summary>
    /// The environment with the process's own login role in its connection string (whatever server and options the
    /// environment names): the role of its database under the environment's <c>Database__Prefix</c>, provisioned when new.
    /// </summary>
    async Task<Dictionary<string, string>> WithOwnDatabaseRoleAsync(string project, Dictionary<string, string> environment)
    {
        var database = environment.GetValueOrDefault("Database__Prefix", "") + DatabaseOf(project);
        var (username, password) = await DatabaseRoles.ProvisionAsync(database);
        var server = new NpgsqlConnectionStringBuilder(environment["ConnectionStrings__Postgres"]) { Username = username, Password = password };
        return new(environment) { ["ConnectionStrings__Postgres"] = server.ConnectionString };
    }

    public static string DatabaseOf(string project) => project == "gateway" ? "gateway" : Services.Single(s => s.Project == project).Database;

    /// <summary>Signs internal tokens as the gateway does (with <paramref name="signingKey"/>, default the platform's).</summary>
    public RevenueCycle.ServiceDefaults.Auth.InternalToken Signer(string? signingKey = null) =>
        new(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["InternalAuth:SigningKey"] = signingKey ?? SigningKey }).Build());

    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public HttpClient Admin() => Client(AdminKey);

    public sealed record Tenant(Guid TenantId, Guid ApiKeyId, string ApiKey);

    /// <summary>A new practice with its first key: every test works in a tenant of its own.</summary>
    public async Task<Tenant> NewTenantAsync(string name = "Test Practice")
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/admin/tenants", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Tenant>())!;
    }

    public NpgsqlDataSource Database(string service, string? prefix = null) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = (prefix ?? DatabasePrefix) + service }.ConnectionString);

    public async ValueTask DisposeAsync()
    {
        // Each process's output is kept for after the run (.rcm/logs/e2e/), where a failed test's cause usually is.
        var logs = Path.Combine(TestEnvironment.Root, ".rcm", "logs", "e2e");
        Directory.CreateDirectory(logs);
        foreach (var p in processes) await File.WriteAllTextAsync(Path.Combine(logs, $"{p.Name}-{p.BaseAddress.Port}.log"), p.Log);
        foreach (var p in processes) await p.DisposeAsync();
        await Traces.DisposeAsync();
        await DropDatabasesAsync(DatabasePrefix);
    }

    public static async Task DropDatabasesAsync(string prefix)
    {
        // DROP DATABASE waits for its checkpoint; on a machine busy with other builds that takes longer than the default 30 s.
        await using var db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = "postgres", CommandTimeout = 300 }.ConnectionString);
        await using var list = db.CreateCommand("SELECT datname FROM pg_database WHERE datname LIKE $1");
        list.Parameters.AddWithValue(prefix + "%");
        var names = new List<string>();
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        foreach (var name in names)
        {
            await using var drop = db.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
        // Then their login roles (DatabaseRoles), which owned nothing else.
        await using var roles = db.CreateCommand("SELECT rolname FROM pg_roles WHERE rolname LIKE $1 AND NOT rolsuper");
        roles.Parameters.AddWithValue(prefix + "%");
        names.Clear();
        await using (var reader = await roles.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        foreach (var name in names)
        {
            await using var drop = db.CreateCommand($"DROP ROLE IF EXISTS \"{name}\"");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
