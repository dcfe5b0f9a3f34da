using System.Net;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// Requests without a valid key are limited per client address before any key lookup (OWASP API4:2023, unrestricted resource
/// consumption; credential stuffing): a flood of them, or of bad keys, is answered 429 with Retry-After, and the address is served again
/// once the bucket refills.
/// </summary>
public sealed class Unauthenticated_traffic(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_flood_without_a_valid_key_is_limited_per_address_and_a_valid_key_is_served_once_it_refills()
    {
        var tenant = await platform.NewTenantAsync();
        // A gateway of its own with a small budget, so the shared one's budget is left to the other tests.
        var environment = platform.CommonEnvironment();
        foreach (var (name, address) in platform.ServiceAddresses)
            environment[$"Gateway__Services__{name}"] = address.ToString().TrimEnd('/');
        environment["Gateway__AnonymousRateLimit__PermitsPerSecond"] = "1";
        environment["Gateway__AnonymousRateLimit__Burst"] = "5";
        var gateway = await platform.StartExtraAsync("gateway-anonymous-limit", "gateway", environment);
        try
        {
            using var anonymous = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            using var guessing = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            guessing.DefaultRequestHeaders.Authorization = new("Bearer", "rcm_guess_" + Guid.NewGuid().ToString("N"));
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 40; i++)
            {
                using var response = await (i % 2 == 0 ? anonymous : guessing).GetAsync("/api/patients", Ct);
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    Assert.Equal("1", string.Join(",", response.Headers.GetValues("Retry-After")));
            }
            Assert.Contains(HttpStatusCode.Unauthorized, statuses);
            Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 20, string.Join(",", statuses.Select(s => (int)s)));
            Assert.DoesNotContain(statuses, s => (int)s >= 500);

            // The health endpoints are not limited; a valid key is served again once the address's bucket refills.
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live", Ct)).StatusCode);
            using var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", tenant.ApiKey);
            await Eventually.True(async () => (await client.GetAsync("/api/patients", Ct)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20),
                "a valid key served after the refill");
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }
}
