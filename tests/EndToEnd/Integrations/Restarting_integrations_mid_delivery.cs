// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Integrations;

/// <summary>
/// The Integrations process is killed while a receiver holds one of its deliveries open: the delivery's lock rolls back,
/// the next process sends it again, with the same event id and body, and every event arrives.
/// </summary>
public sealed class Restarting_integrations_mid_delivery(PlatformFixture platform)
{
    [Fact]
    public async Task A_process_killed_mid_delivery_loses_nothing_and_resends_only_with_the_same_event_id()
    {
        var tenant = await platform.NewTenantAsync("Webhooks: restart");
        // An Integrations of its own (own database, and a broker address where none listens, so it takes no other test's
        // events): its API and its delivery worker are all this test needs.
        var prefix = platform.DatabasePrefix + "hooks_restart_";
        var environment = platform.IntegrationsEnvironment(platform.CommonEnvironment(prefix, rabbitPort: TestEnvironment.FreePort()));
        var first = await platform.StartExtraAsync("integrations-restart-1", "services/Integrations", environment, readiness: "/health/live");

        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var receiver = new WebhookReceiver
        {
            // The first request is held unanswered (the process is killed meanwhile); the rest are answered at once.
            Answer = async (n, _) =>
            {
                if (n == 1)
                {
                    held.TrySetResult();
                    await release.Task;
                }
                return 200;
            },
        };
        HttpClient Direct(ServiceProcess process)
        {
            var client = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", platform.Signer().Issue(tenant.TenantId, tenant.ApiKeyId, ["admin"]));
            return client;
        }

        Guid webhook;
        var events = new List<Guid>();
        using (var client = Direct(first))
        {
            var created = await client.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url, events = new[] { "*" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            webhook = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            for (var i = 0; i < 3; i++)
            {
                var test = await client.PostAsync($"/api/webhooks/{webhook}/test", null);
                Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
                events.Add((await test.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetGuid());
            }
        }

        await held.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await first.DisposeAsync(); // killed, its delivery unanswered
        release.SetResult();
        var second = await platform.StartExtraAsync("integrations-restart-2", "services/Integrations", environment, readiness: "/health/live");

        using var after = Direct(second);
        await Eventually.True(async () =>
        {
            var log = await after.GetFromJsonAsync<JsonElement>($"/api/webhooks/{webhook}/deliveries");
            return log.GetProperty("items").EnumerateArray().Count(d => d.GetProperty("status").GetString() == "delivered") == 3;
        }, TimeSpan.FromSeconds(90), "the three deliveries delivered by the restarted process");

        var received = receiver.All;
        Assert.Equal(events.Order(), received.Select(r => Guid.Parse(r.EventId)).Distinct().Order());
        // The held one came twice (before the kill and after), identical; each other once; per resource, in order.
        Assert.Equal(2, received.Count(r => r.EventId == events[0].ToString()));
        Assert.Single(received.Select(r => r.Body).Where(b => b.Contains(events[0].ToString())).Distinct());
        Assert.Equal(4, received.Count);
        Assert.Equal(events, received.Skip(1).Select(r => Guid.Parse(r.EventId)));
    }
}
