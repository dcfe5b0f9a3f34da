using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;
using RevenueCycle.Gateway.Access;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Gateway.Proxy;

/// <summary>API.md's path prefixes, each to the service that owns it.</summary>
public static class Routes
{
    static readonly (string Service, string[] Prefixes)[] Owned =
    [
        ("registration", ["/api/practice", "/api/providers", "/api/payers", "/api/patients", "/api/coverages", "/api/encounters"]),
        ("coding", ["/api/coding"]),
        ("claims", ["/api/claims"]),
        ("payments", ["/api/remittances", "/api/payments"]),
        ("patient_billing", ["/api/patient-billing"]),
        ("integrations", ["/api/webhooks", "/api/events"]),
    ];

    /// <summary>Each service's prefixes, with <c>/api/work-queues/{queue}</c> for every queue it owns (<see cref="WorkQueueCatalog"/>).</summary>
    public static readonly (string Service, string[] Prefixes)[] Table =
        [.. Owned.Select(o => (o.Service, (string[])[.. o.Prefixes, .. WorkQueueCatalog.All.Where(q => q.Service == o.Service).Select(q => WorkQueueCatalog.PathOf(q.Name))]))];

    public static string Address(IConfiguration configuration, string service) =>
        configuration[$"Gateway:Services:{service}"] ?? throw new InvalidOperationException($"Gateway:Services:{service} is not set.");

    public static IReverseProxyBuilder AddRevenueCycleRoutes(this IReverseProxyBuilder proxy, IConfiguration configuration)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var (service, prefixes) in Table)
        {
            clusters.Add(new ClusterConfig
            {
                ClusterId = service,
                Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = Address(configuration, service) } },
                // Liveness, not readiness: a service whose broker is away still serves reads and queues its
                // events in the outbox, so the gateway must keep routing to it.
                HealthCheck = new HealthCheckConfig
                {
                    Active = new ActiveHealthCheckConfig { Enabled = true, Path = "/health/live", Interval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromSeconds(5) },
                },
                HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(2) },
            });
            routes.AddRange(prefixes.Select(prefix => new RouteConfig
            {
                RouteId = $"{service}{prefix.Replace('/', '-')}",
                ClusterId = service,
                Match = new RouteMatch { Path = prefix + "/{**rest}" },
            }));
        }
        routes.Add(new RouteConfig
        {
            RouteId = "coding-operator-code-sets",
            ClusterId = "coding",
            Match = new RouteMatch { Path = "/api/admin/code-sets/{**rest}" },
            Transforms = [new Dictionary<string, string> { ["PathPattern"] = "/api/coding/code-sets/{**rest}" }],
        });
        return proxy.LoadFromMemory(routes, clusters).AddTransforms(t => t.AddRequestTransform(context =>
        {
            // The client's API key never reaches a service: it gets the gateway's signed token instead.
            context.ProxyRequest.Headers.Remove("Authorization");
            if (context.HttpContext.Items[AccessMiddleware.InternalTokenItem] is string token)
                context.ProxyRequest.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            return ValueTask.CompletedTask;
        }));
    }
}
