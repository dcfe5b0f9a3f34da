using System.Net;
using System.Net.Sockets;

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

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RevenueCycle.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the tests from the repository (./rcm test).");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
