// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Integrations;

/// <summary>
/// An endpoint that answers nothing but errors for the whole retry period (3 days; seconds here, by
/// Integrations__Delivery__GiveUpAfter) is disabled, the practice's admin reads why, and it gets nothing more until enabled.
/// </summary>
public sealed class An_endpoint_failing_for_the_whole_retry_period(PlatformFixture platform)
{
    [Fact]
    public async Task Is_disabled_with_the_reason_shown_and_resumes_when_enabled_again()
    {
        var tenant = await platform.NewTenantAsync("Webhooks: give up");
        // An Integrations of its own (own database, no broker), with a retry period of seconds.
        var environment = platform.IntegrationsEnvironment(platform.CommonEnvironment(platform.DatabasePrefix + "hooks_giveup_", rabbitPort: TestEnvironment.FreePort()));
        environment["Integrations__Delivery__GiveUpAfter"] = "00:00:05";
        var integrations = await platform.StartExtraAsync("integrations-give-up", "services/Integrations", environment, readiness: "/health/live");
        var healthy = false;
        await using var receiver = new WebhookReceiver { Answer = (_, _) => Task.FromResult(healthy ? 200 : 503) };
        using var client = new HttpClient { BaseAddress = integrations.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", platform.Signer().Issue(tenant.TenantId, tenant.ApiKeyId, ["admin"]));

        var created = await client.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url, events = new[] { "*" } });
        var webhook = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var first = (await (await client.PostAsync($"/api/webhooks/{webhook}/test", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetGuid();

        var disabled = await Eventually.Get<object>(async () =>
        {
            var w = await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/{webhook}");
            return w.GetProperty("enabled").GetBoolean() ? null : w;
        }, TimeSpan.FromSeconds(60), "the endpoint disabled") is JsonElement w ? w : default;
        var reason = disabled.GetProperty("disabledReason").GetString()!;
        Assert.Contains("no delivery succeeded", reason);
        Assert.Contains("503", reason);
        var log = await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/{webhook}/deliveries");
        var failed = Assert.Single(log.GetProperty("items").EnumerateArray());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.True(failed.GetProperty("attempts").GetInt32() >= 3, $"retried before giving up: {failed}");
        var tries = receiver.All.Count;
        Assert.Equal(failed.GetProperty("attempts").GetInt32(), tries);

        // While disabled it is sent nothing, not even a test; enabled again, it receives what comes next.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/webhooks/{webhook}/test", null)).StatusCode);
        healthy = true;
        var enabled = await client.PutAsJsonAsync($"/api/webhooks/{webhook}", new { url = receiver.Url, events = new[] { "*" }, enabled = true });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(tries, receiver.All.Count);
        var second = (await (await client.PostAsync($"/api/webhooks/{webhook}/test", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetGuid();
        await receiver.WaitForAsync(r => r.EventId == second.ToString(), "the test event after enabling");
        Assert.All(receiver.All.Take(tries), r => Assert.Equal(first.ToString(), r.EventId));
    }
}
