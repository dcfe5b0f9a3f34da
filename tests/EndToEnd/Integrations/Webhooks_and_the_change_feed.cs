// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Integrations;

/// <summary>
/// Issue 19: a practice subscribes a receiver (an HTTP listener on 127.0.0.1) and hears about its claims, signed, retried,
/// in order; those who poll read the same events from the change feed.
/// </summary>
public sealed class Webhooks_and_the_change_feed(PlatformFixture platform)
{
    static async Task<JsonElement> SubscribeAsync(HttpClient client, string url, params string[] events)
    {
        var response = await client.PostAsJsonAsync("/api/webhooks", new { url, events, description = "PM system" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/webhooks answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    static async Task<JsonElement> DeliveryLogWhenAsync(HttpClient client, Guid webhook, Func<JsonElement, bool> condition, string what) =>
        await Eventually.Get<object>(async () =>
        {
            var log = await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/{webhook}/deliveries");
            return condition(log) ? log : null;
        }, TimeSpan.FromSeconds(90), what) is JsonElement found ? found : default;

    [Fact]
    public async Task A_denied_claim_reaches_the_receiver_as_claim_submitted_then_claim_denied_signed_and_the_feed_has_the_same_events_in_order()
    {
        await using var h = await StartAsync(platform, "Webhooks: denial");
        await using var receiver = new WebhookReceiver();
        var webhook = await SubscribeAsync(h.Client, receiver.Url, "claim.submitted", "claim.denied");
        var secret = Str(webhook, "secret")!;
        Assert.StartsWith("whsec_", secret);
        // The secret is shown once: never again in a read.
        Assert.DoesNotContain(secret, await h.Client.GetStringAsync($"/api/webhooks/{Id(webhook)}"));
        Assert.DoesNotContain(secret, await h.Client.GetStringAsync("/api/webhooks"));

        var (payer, payerId) = await h.PayerAsync("Blue Plains BCBS", new { allowedPercent = 80m, requirePriorAuthorizationFor = new[] { "72100" } });
        var memberId = h.NewMemberId();
        await h.MemberAsync(payerId, memberId, Plan(deductible: 1000m, deductibleMet: 1000m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Henry", "Ford");
        await h.CoverageAsync(patient, payer, memberId);
        var encounter = await h.VisitAsync(patient, ["M54.50"], Line("72100"));
        var claim = Id(await h.ClaimForEncounterAsync(encounter));
        await h.ClaimInStatusAsync(claim, "denied");

        bool About(Received r) => r.Data.GetProperty("claimId").GetGuid() == claim;
        var denied = await receiver.WaitForAsync(r => r.Type == "claim.denied" && About(r), "claim.denied at the receiver");
        var ofClaim = receiver.All.Where(About).ToList();
        var submitted = Assert.Single(ofClaim, r => r.Type == "claim.submitted");
        Assert.True(ofClaim.IndexOf(submitted) < ofClaim.IndexOf(denied), "claim.submitted came before claim.denied");
        Assert.DoesNotContain(receiver.All, r => r.Type is not ("claim.submitted" or "claim.denied"));

        foreach (var r in new[] { submitted, denied })
        {
            Assert.True(r.SignedWith(secret), $"{r.Type} is not signed with the endpoint's secret: {r.Signature}");
            Assert.False(r.SignedWith("whsec_someone_else"));
            Assert.Equal(r.Id.ToString(), r.EventId);
            Assert.Equal(h.Tenant.TenantId, r.Json.GetProperty("tenantId").GetGuid());
            Assert.Equal("2026-12-01", r.Json.GetProperty("apiVersion").GetString());
            Assert.Equal(patient, r.Data.GetProperty("patientId").GetGuid());
            Assert.Equal("claim", r.Json.GetProperty("resource").GetProperty("type").GetString());
            Assert.Equal(claim, r.Json.GetProperty("resource").GetProperty("id").GetGuid());
        }
        Assert.Equal("197", denied.Data.GetProperty("carc").GetString());
        Assert.True(denied.Json.GetProperty("sequence").GetInt64() > submitted.Json.GetProperty("sequence").GetInt64(), "the later event has the higher sequence");
        Assert.Equal(encounter, submitted.Data.GetProperty("encounterId").GetGuid());
        Assert.DoesNotContain("Henry", submitted.Body);

        // The delivery log shows both delivered with the receiver's answer.
        var log = await DeliveryLogWhenAsync(h.Client, Id(webhook),
            l => l.GetProperty("items").EnumerateArray().Count(d => Str(d, "status") == "delivered") >= 2, "both deliveries logged as delivered");
        var entry = log.GetProperty("items").EnumerateArray().First(d => d.GetProperty("eventId").GetGuid() == denied.Id);
        var attempt = entry.GetProperty("attemptLog").EnumerateArray().Last();
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
        Assert.StartsWith("request ", Str(attempt, "responseBody"));

        // The change feed: the same events (same ids), in the same order; walking it one by one with the cursor gives them again.
        var feed = await h.Client.GetFromJsonAsync<JsonElement>("/api/events?types=claim.submitted,claim.denied&limit=500");
        var fed = feed.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("data").GetProperty("claimId").GetGuid() == claim).ToList();
        Assert.Equal([submitted.Id, denied.Id], fed.Select(e => e.GetProperty("id").GetGuid()));
        Assert.Equal("197", fed[1].GetProperty("data").GetProperty("carc").GetString());
        Assert.Equal(denied.Json.GetProperty("sequence").GetInt64(), fed[1].GetProperty("sequence").GetInt64());
        // The feed answers each event's recorded text as it is: byte for byte the body its webhook delivery carried and signed.
        Assert.Equal(submitted.Body, fed[0].GetRawText());
        Assert.Equal(denied.Body, fed[1].GetRawText());
        // claim.accepted comes from the 277CA without the patient: Integrations names it from the claim's earlier events.
        // The simulator, like a fast payer, puts the 835 in the mailbox with the 277CA, and Claims reads the 277CA while Payments
        // posts the 835: the acceptance may be recorded before or after the denial (then the history says "after the remittance"),
        // so it is waited for, and its place relative to claim.denied is not asserted.
        var accepted = await Eventually.Get<object>(async () => (await h.Client.GetFromJsonAsync<JsonElement>("/api/events?types=claim.accepted&limit=500"))
            .GetProperty("items").EnumerateArray().Where(e => e.GetProperty("data").GetProperty("claimId").GetGuid() == claim)
            .Select(e => (object)e.Clone()).SingleOrDefault(), TimeSpan.FromSeconds(60), "claim.accepted in the feed") is JsonElement a ? a : default;
        Assert.Equal(patient, accepted.GetProperty("data").GetProperty("patientId").GetGuid());

        var walked = new List<Guid>();
        string? cursor = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await h.Client.GetFromJsonAsync<JsonElement>($"/api/events?limit=1{(cursor is null ? "" : "&after=" + cursor)}");
            walked.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
            var next = page.GetProperty("nextCursor").GetString();
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                // At the end the cursor stays where it is: a poller asks again with it and gets nothing it had (only what was
                // recorded since, if anything: the practice's cycle may still be moving, e.g. remittance.posted after claim.denied).
                var again = await h.Client.GetFromJsonAsync<JsonElement>($"/api/events?after={next}");
                Assert.DoesNotContain(again.GetProperty("items").EnumerateArray(), e => walked.Contains(e.GetProperty("id").GetGuid()));
                break;
            }
            cursor = next;
        }
        var all = (await h.Client.GetFromJsonAsync<JsonElement>("/api/events?limit=500")).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(all.Take(walked.Count), walked);
        Assert.True(walked.IndexOf(submitted.Id) < walked.IndexOf(denied.Id));
        // Everything the practice did is in its feed, webhooks or not: the patient, the encounter, the claim.
        var types = (await h.Client.GetFromJsonAsync<JsonElement>("/api/events?limit=500")).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("type").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "patient.registered", "encounter.completed", "encounter.coded", "claim.created", "claim.submitted", "claim.denied" }, types);
    }

    [Fact]
    public async Task A_receiver_answering_500_three_times_gets_the_event_once_more_after_the_back_off()
    {
        var tenant = await platform.NewTenantAsync("Webhooks: retries");
        using var client = platform.Client(tenant.ApiKey);
        await using var receiver = new WebhookReceiver { Answer = (n, _) => Task.FromResult(n <= 3 ? 500 : 200) };
        var webhook = await SubscribeAsync(client, receiver.Url, "patient.registered");

        var test = await (await client.PostAsync($"/api/webhooks/{Id(webhook)}/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        var eventId = test.GetProperty("eventId").GetGuid();
        var log = await DeliveryLogWhenAsync(client, Id(webhook), l => l.GetProperty("items").EnumerateArray()
            .Any(d => d.GetProperty("eventId").GetGuid() == eventId && Str(d, "status") == "delivered"), "the test event delivered after its retries");

        var delivery = log.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("eventId").GetGuid() == eventId);
        Assert.Equal(4, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal([500, 500, 500, 200], delivery.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        var tries = receiver.All.Where(r => r.EventId == eventId.ToString()).ToList();
        Assert.Equal(4, tries.Count);
        Assert.All(tries, r => Assert.Equal(tries[0].Body, r.Body));
        // Back-off: 1 s, 2 s, 4 s (this run's Integrations__Delivery__BaseDelay) each ±20 %.
        for (var i = 1; i < tries.Count; i++)
            Assert.True(tries[i].At - tries[i - 1].At >= TimeSpan.FromSeconds(0.8 * Math.Pow(2, i - 1)) - TimeSpan.FromMilliseconds(50),
                $"retry {i} came {(tries[i].At - tries[i - 1].At).TotalSeconds:0.00} s after the one before");

        // Delivered is done: a later event arrives, and the first one was not sent again meanwhile.
        var second = (await (await client.PostAsync($"/api/webhooks/{Id(webhook)}/test", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetGuid();
        await receiver.WaitForAsync(r => r.EventId == second.ToString(), "the second test event");
        Assert.Equal(4, receiver.All.Count(r => r.EventId == eventId.ToString()));

        // A redelivery sends the same event (id and body) again.
        var redelivered = await client.PostAsync($"/api/webhooks/{Id(webhook)}/deliveries/{Id(delivery)}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, redelivered.StatusCode);
        await Eventually.True(() => Task.FromResult(receiver.All.Count(r => r.EventId == eventId.ToString()) == 5), TimeSpan.FromSeconds(30), "the redelivery");
        Assert.Equal(tries[0].Body, receiver.All.Last(r => r.EventId == eventId.ToString()).Body);
    }

    [Fact]
    public async Task A_signing_secret_is_stored_sealed_and_never_kept_as_an_idempotent_answer()
    {
        var tenant = await platform.NewTenantAsync("Webhooks: secrets at rest");
        using var client = platform.Client(tenant.ApiKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks") { Content = JsonContent.Create(new { url = "http://127.0.0.1:9/hooks", events = new[] { "*" } }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var created = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        var rotated = await (await client.PostAsync($"/api/webhooks/{Id(created)}/rotate-secret", null)).Content.ReadFromJsonAsync<JsonElement>();

        await using var db = platform.Database("integrations");
        await using var connection = await db.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT (SELECT string_agg(encode(secret, 'escape') || encode(previous_secret, 'escape'), '') FROM webhooks WHERE tenant_id = $1) || " +
            "coalesce((SELECT string_agg(encode(response_body, 'escape'), '') FROM idempotency_keys WHERE tenant_id = $1), '')", connection);
        command.Parameters.AddWithValue(tenant.TenantId);
        var stored = (string)(await command.ExecuteScalarAsync())!;
        Assert.NotEmpty(stored);
        foreach (var secret in new[] { Str(created, "secret")!, Str(rotated, "secret")! })
            Assert.DoesNotContain(secret[6..], stored);
    }

    [Fact]
    public async Task A_disabled_endpoint_gets_nothing_while_an_enabled_one_gets_the_event()
    {
        var tenant = await platform.NewTenantAsync("Webhooks: disabled");
        using var client = platform.Client(tenant.ApiKey);
        await using var on = new WebhookReceiver();
        await using var off = new WebhookReceiver();
        await SubscribeAsync(client, on.Url, "patient.registered");
        var disabled = await SubscribeAsync(client, off.Url, "patient.registered");
        var put = await client.PutAsJsonAsync($"/api/webhooks/{Id(disabled)}", new { url = off.Url, events = new[] { "patient.registered" }, enabled = false });
        var updated = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.False(updated.GetProperty("enabled").GetBoolean());
        Assert.Contains("Disabled by the practice", Str(updated, "disabledReason"));

        var patient = await new FrontDesk(client).AddPatientAsync();
        await on.WaitForAsync(r => r.Type == "patient.registered" && r.Data.GetProperty("patientId").GetGuid() == patient, "patient.registered at the enabled endpoint");
        var test = await client.PostAsync($"/api/webhooks/{Id(disabled)}/test", null);
        Assert.Equal(HttpStatusCode.Conflict, test.StatusCode);

        // The enabled endpoint's delivery and the disabled one's would have been queued by the same transaction: none was.
        Assert.Empty(off.All);
        var log = await client.GetFromJsonAsync<JsonElement>($"/api/webhooks/{Id(disabled)}/deliveries");
        Assert.Equal(0, log.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task After_a_rotation_deliveries_are_signed_with_the_new_secret_and_the_old_one()
    {
        var tenant = await platform.NewTenantAsync("Webhooks: rotation");
        using var client = platform.Client(tenant.ApiKey);
        await using var receiver = new WebhookReceiver();
        var webhook = await SubscribeAsync(client, receiver.Url, "*");
        var old = Str(webhook, "secret")!;

        var rotated = await (await client.PostAsync($"/api/webhooks/{Id(webhook)}/rotate-secret", null)).Content.ReadFromJsonAsync<JsonElement>();
        var fresh = Str(rotated, "secret")!;
        Assert.NotEqual(old, fresh);
        Assert.InRange(rotated.GetProperty("previousSecretExpiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));

        await client.PostAsync($"/api/webhooks/{Id(webhook)}/test", null);
        var r = await receiver.WaitForAsync(x => x.Type == "webhook.test", "the test event");
        Assert.Equal(2, r.Signature.Split(',').Count(p => p.StartsWith("v1=", StringComparison.Ordinal)));
        Assert.True(r.SignedWith(fresh), "signed with the new secret");
        Assert.True(r.SignedWith(old), "signed with the previous secret during the overlap");
        Assert.False(r.SignedWith("whsec_" + new string('0', 64)));
    }

    [Fact]
    public async Task Another_practices_webhooks_and_events_are_invisible()
    {
        var a = await platform.NewTenantAsync("Webhooks: practice A");
        var b = await platform.NewTenantAsync("Webhooks: practice B");
        using var clientA = platform.Client(a.ApiKey);
        using var clientB = platform.Client(b.ApiKey);
        await using var receiver = new WebhookReceiver();
        var webhook = await SubscribeAsync(clientA, receiver.Url, "patient.registered");
        var patient = await new FrontDesk(clientA).AddPatientAsync();
        await receiver.WaitForAsync(r => r.Data.GetProperty("patientId").GetGuid() == patient, "A's patient.registered");
        var feedA = await clientA.GetFromJsonAsync<JsonElement>("/api/events");
        Assert.Contains(feedA.GetProperty("items").EnumerateArray(), e => e.GetProperty("data").GetProperty("patientId").GetGuid() == patient);
        var delivery = Id((await clientA.GetFromJsonAsync<JsonElement>($"/api/webhooks/{Id(webhook)}/deliveries")).GetProperty("items")[0]);

        var id = Id(webhook);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/api/webhooks/{id}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.PutAsJsonAsync($"/api/webhooks/{id}", new { url = "http://127.0.0.1:9/x", events = new[] { "*" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.PostAsync($"/api/webhooks/{id}/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.PostAsync($"/api/webhooks/{id}/rotate-secret", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.PostAsync($"/api/webhooks/{id}/deliveries/{delivery}/redeliver", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(0, (await clientB.GetFromJsonAsync<JsonElement>("/api/webhooks")).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await clientB.GetFromJsonAsync<JsonElement>("/api/events?limit=500")).GetProperty("items").GetArrayLength());
        // A's webhook is untouched and still A's.
        Assert.Equal(HttpStatusCode.OK, (await clientA.GetAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await clientA.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.GetAsync($"/api/webhooks/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://10.0.0.5/hooks", "private")]
    [InlineData("https://[fd12::1]/hooks", "private")]
    [InlineData("http://93.184.215.14/hooks", "https")]
    [InlineData("ftp://93.184.215.14/hooks", "https")]
    [InlineData("https://user:secret@93.184.215.14/hooks", "password")]
    public async Task An_address_a_webhook_must_not_reach_is_refused_naming_url(string url, string reason)
    {
        var tenant = await platform.NewTenantAsync("Webhooks: SSRF");
        using var client = platform.Client(tenant.ApiKey);

        var response = await client.PostAsJsonAsync("/api/webhooks", new { url, events = new[] { "claim.paid" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/webhooks")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field()
    {
        var tenant = await platform.NewTenantAsync("Webhooks: bad input");
        using var client = platform.Client(tenant.ApiKey);
        async Task Refused(HttpResponseMessage response, string field)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"the problem does not name {field}: {body}");
        }

        await Refused(await client.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/x", events = new[] { "claim.nope" } }), "events");
        await Refused(await client.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/x", events = Array.Empty<string>() }), "events");
        await Refused(await client.PostAsJsonAsync("/api/webhooks", new { events = new[] { "claim.paid" } }), "url");
        await Refused(await client.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/x", events = new[] { "claim.paid" }, description = new string('d', 501) }), "description");
        await Refused(await client.GetAsync("/api/events?after=abc"), "after");
        await Refused(await client.GetAsync("/api/events?after=-1"), "after");
        await Refused(await client.GetAsync("/api/events?types=claim.paid,claim.bogus"), "types");
        await Refused(await client.GetAsync("/api/events?limit=0"), "limit");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/webhooks")).GetProperty("items").GetArrayLength());
    }
}
