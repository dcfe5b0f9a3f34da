using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MassTransit;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.ServiceDefaults.Auth;

namespace RevenueCycle.EndToEnd.Foundation;

public sealed class Messages_across_the_stack(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_PatientRegistered_delivered_twice_opens_one_account()
    {
        var tenant = await platform.NewTenantAsync();
        var bus = TestEnvironment.Bus();
        await bus.StartAsync(Ct);
        try
        {
            var patientId = Guid.CreateVersion7();
            var messageId = Guid.CreateVersion7();
            var message = new PatientRegistered(tenant.TenantId, patientId, Builders.Mrn(), "Twice", "Delivered", new DateOnly(1970, 1, 1), "M",
                new Address("1 Main St", null, "Springfield", "IL", "62701"), null, DateTimeOffset.UtcNow);
            await bus.Publish(message, c => c.MessageId = messageId, Ct);
            await bus.Publish(message, c => c.MessageId = messageId, Ct);

            using var client = platform.Client(tenant.ApiKey);
            await client.GetJsonAsync($"/api/patient-billing/accounts/{patientId}", TimeSpan.FromSeconds(15));

            await using var db = platform.Database("patient_billing");
            await using var connection = await db.OpenConnectionAsync(Ct);
            await Eventually.True(async () => await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM inbox WHERE message_id = @messageId", new { messageId }) == 1, TimeSpan.FromSeconds(5), "the inbox record");
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM accounts WHERE tenant_id = @TenantId AND patient_id = @patientId", new { tenant.TenantId, patientId }));
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_patient_registered_while_the_broker_is_away_is_published_once_it_is_back()
    {
        var tenant = await platform.NewTenantAsync();
        await using var broker = new TcpProxy(TestEnvironment.RabbitHost, TestEnvironment.RabbitPort);
        broker.Start();
        // A Registration of its own (own database, so no other relay publishes its outbox), reaching RabbitMQ through the proxy.
        var prefix = platform.DatabasePrefix + "outage_";
        var environment = platform.CommonEnvironment(prefix, broker.Port);
        environment["Outbox__MaxBackoff"] = "00:00:02";
        var registration = await platform.StartExtraAsync("registration-outage", "services/Registration", environment);
        try
        {
            broker.Stop();
            var token = platform.Signer(platform.SigningKey);
            using var direct = new HttpClient { BaseAddress = registration.BaseAddress };
            direct.DefaultRequestHeaders.Authorization = new("Bearer", token.Issue(tenant.TenantId, tenant.ApiKeyId, ["admin"]));

            var created = await direct.PostAsJsonAsync("/api/patients", Builders.Patient(firstName: "Outage"), Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

            await using var db = platform.Database("registration", prefix);
            await using var connection = await db.OpenConnectionAsync(Ct);
            await Eventually.True(async () => await connection.ExecuteScalarAsync<int>(
                "SELECT attempts FROM outbox WHERE message_type LIKE '%PatientRegistered' AND body->>'patientId' = @Id",
                new { Id = id.ToString() }) >= 1, TimeSpan.FromSeconds(30), "a failed publish attempt");
            using var client = platform.Client(tenant.ApiKey);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/patient-billing/accounts/{id}", Ct)).StatusCode);

            broker.Start();
            var account = await client.GetJsonAsync($"/api/patient-billing/accounts/{id}", TimeSpan.FromSeconds(90));
            Assert.Equal("Outage Lovelace", account.GetProperty("patientName").GetString());
            // The relay commits its "published" mark after the broker took the message, so the consumer can be first.
            await Eventually.True(async () => await connection.ExecuteScalarAsync<bool>(
                "SELECT published_at IS NOT NULL FROM outbox WHERE body->>'patientId' = @Id", new { Id = id.ToString() }), TimeSpan.FromSeconds(10),
                "the outbox row marked published");
            var attempts = await connection.ExecuteScalarAsync<int>("SELECT attempts FROM outbox WHERE body->>'patientId' = @Id", new { Id = id.ToString() });
            Assert.True(attempts >= 2, $"expected a failed attempt before the successful one, saw {attempts}");
        }
        finally
        {
            await registration.DisposeAsync();
            await PlatformFixture.DropDatabasesAsync(prefix);
        }
    }

    [Fact]
    public async Task One_trace_covers_the_gateway_the_registration_handler_and_the_billing_consumer()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/patients") { Content = JsonContent.Create(Builders.Patient()) };
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
        var created = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await Eventually.True(() => Task.FromResult(
            platform.Traces.Spans.Where(s => s.TraceId == traceId).Select(s => s.Service).Distinct().Count() >= 3),
            TimeSpan.FromSeconds(30), "spans of the gateway, registration and patient-billing in one trace");
        await Task.Delay(500, Ct); // the batch exporters flush every 200 ms
        var spans = platform.Traces.Spans.Where(s => s.TraceId == traceId).ToList();
        var seen = string.Join("\n", spans.Select(s => $"{s.Service}: {s.Name}"));
        Assert.True(spans.Any(s => s.Service == "gateway" && s.Name.StartsWith("POST /api/patients")), seen);
        Assert.True(spans.Any(s => s.Service == "registration" && s.Name.StartsWith("POST /api/patients")), seen);
        Assert.True(spans.Any(s => s.Service == "registration" && s.Name == "outbox publish PatientRegistered"), seen);
        Assert.True(spans.Any(s => s.Service == "patient-billing" && s.Name == "patient-billing-patient-registered process"), seen);
    }
}
