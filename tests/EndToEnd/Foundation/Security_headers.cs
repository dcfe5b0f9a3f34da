using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>OWASP secure headers on every answer: no sniffing, no referrer, no caching of API answers, and no Server header naming the stack.</summary>
public sealed class Security_headers(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_answer_carries_the_secure_headers_and_no_Server_header()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        using var anonymous = platform.Client();
        foreach (var (caller, path) in new[] { (client, "/api/patients"), (anonymous, "/api/patients"), (client, "/api/claims/measures"), (anonymous, "/health/live") })
        {
            using var response = await caller.GetAsync(path, Ct);
            Assert.False(response.Headers.Contains("Server"), $"{path}: Server {string.Join(",", response.Headers.TryGetValues("Server", out var s) ? s : [])}");
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
            if (path.StartsWith("/api", StringComparison.Ordinal)) Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task A_problem_never_names_a_dotnet_type()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        using var content = new StringContent("""{"mrn": 12, "firstName": true}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/patients", content, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("System.", body);
        Assert.DoesNotContain("RevenueCycle.", body);
    }
}
