using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RevenueCycle.ServiceDefaults;

namespace RevenueCycle.ServiceDefaults.Tests;

/// <summary>A service built with the real defaults against the PostgreSQL and RabbitMQ of <c>./rcm test</c>.</summary>
public sealed class TestHost : IAsyncDisposable
{
    public static string Postgres => Environment.GetEnvironmentVariable("RCM_TEST_PG") ?? "Host=127.0.0.1;Port=54329;Username=postgres";

    public WebApplication App { get; }
    public string DatabaseName { get; }
    public NpgsqlDataSource Db => App.Services.GetRequiredService<NpgsqlDataSource>();

    readonly bool ownsDatabase;

    TestHost(WebApplication app, string database, bool ownsDatabase)
    {
        App = app;
        DatabaseName = database;
        this.ownsDatabase = ownsDatabase;
    }

    public static async Task<TestHost> StartAsync(Action<IBusRegistrationConfigurator> consumers,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? sharedDatabase = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var database = sharedDatabase ?? $"sdtest_{suffix}"; // another process of the same service: its database, which it does not drop
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = Postgres,
            ["Database:Name"] = database,
            ["RabbitMq:Host"] = Environment.GetEnvironmentVariable("RCM_TEST_RABBIT_HOST") ?? "127.0.0.1",
            ["RabbitMq:Port"] = Environment.GetEnvironmentVariable("RCM_TEST_RABBIT_PORT") ?? "5673",
            ["RabbitMq:VirtualHost"] = Environment.GetEnvironmentVariable("RCM_TEST_RABBIT_VHOST") ?? "/",
            ["RabbitMq:Username"] = Environment.GetEnvironmentVariable("RCM_TEST_RABBIT_USER") ?? "guest",
            ["RabbitMq:Password"] = Environment.GetEnvironmentVariable("RCM_TEST_RABBIT_PASSWORD") ?? "guest",
            ["Outbox:PollInterval"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        var options = new ServiceDefaultsOptions
        {
            ServiceName = $"sdtest-{suffix}",
            Database = database,
            MigrationsAssembly = typeof(TestHost).Assembly,
            Consumers = consumers,
            RequiresInternalToken = false,
        };
        builder.AddServiceDefaults(options);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseServiceDefaults(options);
        await app.StartAsync();
        // The host's start does not wait for the receive endpoints: a message published before a consumer's queue is
        // bound goes nowhere (seen on a loaded machine). Healthy means every endpoint is ready.
        var health = await app.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        if (health != BusHealthStatus.Healthy) throw new InvalidOperationException($"The test host's bus is {health} after 60 s.");
        return new TestHost(app, database, ownsDatabase: sharedDatabase is null);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (!ownsDatabase) return;
        await using var admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(Postgres) { Database = "postgres" }.ConnectionString);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }
}
