using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// A gateway of its own in front of the platform's services, with the per-key limit raised so a sweep of thousands of requests
/// meets the services rather than 429, and the shared gateway's budget is left to the other tests.
/// </summary>
public static class UnlimitedGateway
{
    public static Task<ServiceProcess> StartAsync(PlatformFixture platform, string name)
    {
        var environment = platform.CommonEnvironment();
        foreach (var (service, address) in platform.ServiceAddresses)
            environment[$"Gateway__Services__{service}"] = address.ToString().TrimEnd('/');
        environment["Gateway__RateLimit__PermitsPerSecond"] = "100000";
        environment["Gateway__RateLimit__Burst"] = "100000";
        return platform.StartExtraAsync(name, "gateway", environment);
    }

    public static HttpClient Client(this ServiceProcess gateway, string apiKey)
    {
        var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return client;
    }
}
