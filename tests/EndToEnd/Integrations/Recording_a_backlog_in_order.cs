// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Integrations;

/// <summary>
/// Integrations takes every internal event from one queue and records them one at a time, so that a claim's public events are
/// numbered in the order its service published them (issue 20 lets the broker push deliveries ahead, a prefetch, to keep the
/// queue from backing up: the order must survive it). Events of many claims are published back to back, interleaved, as a busy
/// practice's would be, faster than they are recorded.
/// </summary>
public sealed class Recording_a_backlog_in_order(PlatformFixture platform)
{
    [Fact]
    public async Task Events_of_many_claims_published_back_to_back_are_recorded_in_the_order_they_were_published()
    {
        var tenant = await platform.NewTenantAsync("Integrations: a backlog in order");
        using var client = platform.Client(tenant.ApiKey);
        var bus = TestEnvironment.Bus();
        await bus.StartAsync();
        var published = new List<(string Type, Guid Claim)>();
        const int Claims = 40;
        var claims = Enumerable.Range(0, Claims).Select(_ => (Claim: Guid.CreateVersion7(), Patient: Guid.CreateVersion7())).ToArray();
        try
        {
            var at = DateTimeOffset.UtcNow;
            async Task Publish<T>(T message, string type, Guid claim) where T : class
            {
                await bus.Publish(message, c => c.MessageId = Guid.CreateVersion7());
                published.Add((type, claim));
            }
            // Claim i is created while claim i-1 is accepted and claim i-2 paid: each claim's three events in its own order, the
            // claims' events interleaved, all on the queue at once.
            for (var i = 0; i < Claims + 2; i++)
            {
                if (i < Claims)
                {
                    var (claim, patient) = claims[i];
                    await Publish(new ClaimCreated(tenant.TenantId, claim, Guid.CreateVersion7(), patient, $"PCN{i:D5}", 150m, "ready", at), "claim.created", claim);
                }
                if (i is >= 1 and <= Claims)
                {
                    var claim = claims[i - 1].Claim;
                    // claim.accepted comes from the 277CA without the patient: Integrations names it from the claim's claim.created.
                    await Publish(new ClaimAccepted(tenant.TenantId, claim, $"PCN{i - 1:D5}", $"PCN-{i - 1}", at), "claim.accepted", claim);
                }
                if (i >= 2)
                {
                    var (claim, patient) = claims[i - 2];
                    await Publish(new ClaimPaid(tenant.TenantId, claim, patient, 120m, false, at), "claim.paid", claim);
                }
            }
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }

        List<JsonElement> feed = [];
        await Eventually.True(async () =>
        {
            feed = (await client.GetFromJsonAsync<JsonElement>("/api/events?types=claim.created,claim.accepted,claim.paid&limit=500"))
                .GetProperty("items").EnumerateArray().ToList();
            return feed.Count >= published.Count;
        }, TimeSpan.FromSeconds(90), $"all {published.Count} events in the practice's feed");

        // The feed is in the order the events were recorded: exactly the order they were published.
        Assert.Equal(published, feed.Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("data").GetProperty("claimId").GetGuid())));
        foreach (var (claim, patient) in claims)
        {
            var ofClaim = feed.Where(e => e.GetProperty("data").GetProperty("claimId").GetGuid() == claim).ToList();
            Assert.Equal(["claim.created", "claim.accepted", "claim.paid"], ofClaim.Select(e => e.GetProperty("type").GetString()));
            Assert.Equal([1L, 2L, 3L], ofClaim.Select(e => e.GetProperty("sequence").GetInt64()));
            Assert.Equal(patient, ofClaim[1].GetProperty("data").GetProperty("patientId").GetGuid());
        }
    }
}
