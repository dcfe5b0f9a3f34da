// Every call here is bounded by the HttpClient timeout.
#pragma warning disable xUnit1051
using System.Net;
using System.Text.RegularExpressions;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Portal;

/// <summary>
/// Issue 18: the gateway serves the built portal at <c>/</c>, the same origin as <c>/api</c>: the page for every route of the portal,
/// never cached and under a strict content security policy (OWASP Secure Headers; CSP Level 3), its hashed assets cached for good,
/// and nothing of the API hidden behind it (an unknown <c>/api</c> path stays a 404 problem, not the page).
/// </summary>
public sealed partial class Portal_served_by_the_gateway(PlatformFixture platform)
{
    [GeneratedRegex("src=\"(/assets/[^\"]+\\.js)\"")]
    private static partial Regex Script();

    [Fact]
    public async Task The_page_is_served_for_every_portal_route_with_a_strict_policy_and_its_assets_are_cached_for_good()
    {
        using var anonymous = new HttpClient { BaseAddress = platform.Gateway };
        foreach (var route in new[] { "/", "/claims/0194f0a2-0000-7000-8000-000000000000", "/follow-up/underpayments?f.sort=-variance" })
        {
            var page = await anonymous.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            var csp = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
            Assert.Contains("<div id=\"root\">", await page.Content.ReadAsStringAsync());
        }

        var html = await anonymous.GetStringAsync("/");
        var script = Script().Match(html).Groups[1].Value;
        Assert.NotEmpty(script);
        var asset = await anonymous.GetAsync(script);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString());

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/assets/no-such-file.js")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await anonymous.PostAsync("/", new StringContent(""))).StatusCode);
    }

    [Fact]
    public async Task An_unknown_API_path_is_a_404_problem_not_the_page()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var answer = await client.GetAsync("/api/no-such-resource");
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        using var anonymous = new HttpClient { BaseAddress = platform.Gateway };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/no-such-resource")).StatusCode);
    }
}
