using System.Net;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>A gateway instance of its own with tight limits, so the shared one keeps its generous defaults.</summary>
public sealed class Gateway_limits(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<HttpClient> TightGatewayAsync(string apiKey)
    {
        var environment = platform.CommonEnvironment();
        foreach (var (name, address) in platform.ServiceAddresses)
            environment[$"Gateway__Services__{name}"] = address.ToString().TrimEnd('/');
        environment["Gateway__RateLimit__PermitsPerSecond"] = "1";
        environment["Gateway__RateLimit__Burst"] = "3";
        environment["Gateway__MaxRequestBodyBytes"] = "2048";
        var gateway = await platform.StartExtraAsync("gateway-tight", "gateway", environment);
        var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return client;
    }

    [Fact]
    public async Task Past_the_keys_rate_answers_429_with_retry_after()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = await TightGatewayAsync(tenant.ApiKey);

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++) statuses.Add(await client.GetAsync("/api/patients", Ct));

        var limited = statuses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, statuses[0].StatusCode);

        // Another key of another tenant has its own bucket.
        var other = await platform.NewTenantAsync();
        client.DefaultRequestHeaders.Authorization = new("Bearer", other.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/patients", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = await TightGatewayAsync(tenant.ApiKey);
        var body = new StringContent("{\"mrn\":\"" + new string('x', 10_000) + "\"}", System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/patients", body, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
