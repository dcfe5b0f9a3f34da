using System.Net;
using System.Net.Sockets;
using MassTransit;

namespace RevenueCycle.EndToEnd.Platform;

/// <summary>What <c>./rcm test</c> started for the tests: PostgreSQL, a RabbitMQ virtual host, the built services.</summary>
public static class TestEnvironment
{
    public static string Root { get; } = Environment.GetEnvironmentVariable("RCM_ROOT") ?? FindRoot();
    public static string Configuration { get; } = Environment.GetEnvironmentVariable("RCM_CONFIGURATION") ?? "Debug";
    public static string Postgres { get; } = Environment.GetEnvironmentVariable("RCM_TEST_PG") ?? "Host=127.0.0.1;Port=54329;Username=postgres";
    public static string RabbitHost { get; } = Environment.GetEnvironmentVariable("RCM_TEST_RABBIT_HOST") ?? "127.0.0.1";
    public static int RabbitPort { get; } = int.Parse(Environment.GetEnvironmentVariable("RCM_TEST_RABBIT_PORT") ?? "5673");
    public static string RabbitVirtualHost { get; } = Environment.GetEnvironmentVariable("RCM_TEST_RABBIT_VHOST") ?? "/";
    public static string RabbitUsername { get; } = Environment.GetEnvironmentVariable("RCM_TEST_RABBIT_USER") ?? "guest";
    public static string RabbitPassword { get; } = Environment.GetEnvironmentVariable("RCM_TEST_RABBIT_PASSWORD") ?? "guest";
    public static int RabbitDistributionPort { get; } = int.Parse(Environment.GetEnvironmentVariable("RCM_TEST_RABBIT_DIST_PORT") ?? "25673");
    /// <summary>psql, which runs deploy/postgres/provision-service.sql for the run's databases.</summary>
    public static string Psql { get; } = Environment.GetEnvironmentVariable("RCM_TEST_PSQL") ?? "psql";

    /// <summary>The broker user <c>./rcm</c> made (guest is deleted), for the tests' own buses.</summary>
    public static void RabbitCredentials(IRabbitMqHostConfigurator host)
    {
        host.Username(RabbitUsername);
        host.Password(RabbitPassword);
    }

    /// <summary>
    /// A bus of the test's own on the run's broker (not started): it publishes as the services' outbox relays do, and listens on
    /// whatever receive endpoints <paramref name="configure"/> adds.
    /// </summary>
    public static IBusControl Bus(Action<IRabbitMqBusFactoryConfigurator>? configure = null) =>
        MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(RabbitHost, (ushort)RabbitPort, RabbitVirtualHost, RabbitCredentials);
            configure?.Invoke(cfg);
        });

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RevenueCycle.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the tests from the repository (./rcm test).");
    }

    static readonly HashSet<int> HandedOut = [];
    static readonly int EphemeralLow = ReadEphemeralLow();

    // The kernel gives outgoing connections ports from its ephemeral range (net.ipv4.ip_local_port_range, 32768–60999
    // by default). A port found free there can be taken by some process's connection to PostgreSQL or RabbitMQ before
    // the service it was meant for binds it (seen under load: "address already in use"), so ports come from below it.
    static int ReadEphemeralLow()
    {
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(text[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }

    /// <summary>A loopback port no one listens on, below the ephemeral range, never the same twice in this run.</summary>
    public static int FreePort()
    {
        var low = Math.Max(10_000, EphemeralLow - 12_000);
        lock (HandedOut)
        {
            for (var attempt = 0; ; attempt++)
            {
                var port = Random.Shared.Next(low, EphemeralLow);
                if (!HandedOut.Add(port)) continue;
                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException) when (attempt < 1000)
                {
                }
            }
        }
    }
}
