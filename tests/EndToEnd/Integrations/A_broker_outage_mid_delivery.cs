// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Integrations;

/// <summary>
/// RabbitMQ goes away while events are on their way to a practice's webhook and comes back: what was published meanwhile waits in
/// the broker, and Integrations, reconnected, delivers every event once, each with its own id (issue #19: "a restart … of RabbitMQ
/// mid-delivery loses nothing and doubles nothing"). The broker is cut from Integrations alone (a TCP proxy between them), so the
/// other processes of the run keep theirs.
/// </summary>
public sealed class A_broker_outage_mid_delivery(PlatformFixture platform)
{
    [Fact]
    public async Task Events_published_while_the_broker_is_unreachable_are_delivered_once_each_when_it_is_back()
    {
        var tenant = await platform.NewTenantAsync("Webhooks: broker outage");
        await using var broker = new TcpProxy(TestEnvironment.RabbitHost, TestEnvironment.RabbitPort);
        broker.Start();
        // An Integrations of its own: own database, and a queue of its own bound to the same events (the run's Integrations keeps its).
        var environment = platform.IntegrationsEnvironment(platform.CommonEnvironment(platform.DatabasePrefix + "hooks_outage_", rabbitPort: broker.Port));
        environment["Integrations__Queue"] = $"integrations-outage-{Guid.NewGuid():N}";
        await using var integrations = await platform.StartExtraAsync("integrations-outage", "services/Integrations", environment);
        using var client = new HttpClient { BaseAddress = integrations.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", platform.Signer().Issue(tenant.TenantId, tenant.ApiKeyId, ["admin"]));

        await using var receiver = new WebhookReceiver();
        var created = await client.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url, events = new[] { "claim.paid" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var bus = TestEnvironment.Bus();
        await bus.StartAsync();
        try
        {
            var claims = Enumerable.Range(0, 5).Select(_ => Guid.CreateVersion7()).ToList();
            Task Paid(Guid claim) => bus.Publish(new ClaimPaid(tenant.TenantId, claim, Guid.CreateVersion7(), 80m, false, DateTimeOffset.UtcNow),
                c => c.MessageId = Guid.CreateVersion7());

            await Paid(claims[0]);
            await receiver.WaitForAsync(r => r.Data.GetProperty("claimId").GetGuid() == claims[0], "the first claim.paid", TimeSpan.FromSeconds(60));

            broker.Stop(); // the broker is gone for Integrations: its connection dropped, in-flight messages unacknowledged
            foreach (var claim in claims.Skip(1)) await Paid(claim);
            broker.Start();

            await Eventually.True(() => Task.FromResult(claims.All(c => receiver.All.Any(r => r.Data.GetProperty("claimId").GetGuid() == c))),
                TimeSpan.FromSeconds(90), "every claim.paid delivered after the broker came back");

            // Once each: one public event per internal one (the inbox), one delivery per event, whatever was redelivered to Integrations.
            var feed = await client.GetFromJsonAsync<JsonElement>("/api/events?types=claim.paid&limit=100");
            var published = feed.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("data").GetProperty("claimId").GetGuid()).ToList();
            Assert.Equal(claims.Order(), published.Order());
            var received = receiver.All.Where(r => r.Type == "claim.paid").ToList();
            Assert.Equal(claims.Order(), received.Select(r => r.Data.GetProperty("claimId").GetGuid()).Order());
            Assert.Equal(received.Count, received.Select(r => r.EventId).Distinct().Count());
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
