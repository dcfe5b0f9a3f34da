// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using RevenueCycle.Contracts.Coding;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Claims;

/// <summary>Publishes coded encounters as Coding would and reads claims back through the gateway.</summary>
public sealed class ClaimsDesk(HttpClient client, Guid tenantId, Guid apiKeyId = default) : IAsyncDisposable
{
    /// <summary>A desk for a new tenant of its own.</summary>
    public static async Task<ClaimsDesk> ForNewTenantAsync(PlatformFixture platform)
    {
        var tenant = await platform.NewTenantAsync();
        return new ClaimsDesk(platform.Client(tenant.ApiKey), tenant.TenantId, tenant.ApiKeyId);
    }

    public static readonly PracticeProfile Practice = new("Riverside Family Medicine", "1234567893", "371234567", "207Q00000X",
        new Address("12 Main St", null, "Springfield", "IL", "627010000"), "2175550100");

    readonly IBusControl bus = TestEnvironment.Bus();
    bool started;

    public HttpClient Client => client;
    public Guid TenantId => tenantId;
    /// <summary>The id of the desk's API key (who its changes are recorded as), when the desk made its own tenant.</summary>
    public Guid ApiKeyId => apiKeyId;

    public static PayerInfo Payer(string route = "simulator", string? payerId = null) =>
        new(Guid.CreateVersion7(), "Acme Health", payerId ?? "ACME" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(), "CI", 180, route);

    public static Coverage Coverage(PayerInfo payer, string priority = "primary") => new(Guid.CreateVersion7(), payer,
        "MEM" + Guid.NewGuid().ToString("N")[..8], "GRP1", priority, "self",
        new Subscriber("Jane", "Doe", new DateOnly(1980, 5, 12), "F", new Address("45 Oak Ave", null, "Springfield", "IL", "62702")),
        new DateOnly(2024, 1, 1), null);

    public EncounterCoded Encounter(IReadOnlyList<Coverage> coverages, params string[] codes)
    {
        var patient = new PatientInfo(Guid.CreateVersion7(), Builders.Mrn(), "Jane", "Doe", new DateOnly(1980, 5, 12), "F",
            new Address("45 Oak Ave", null, "Springfield", "IL", "62702"), null);
        var encounterId = Guid.CreateVersion7();
        var completed = new EncounterCompleted(tenantId, encounterId, patient, new ProviderInfo(Guid.CreateVersion7(), "1987654328", "John", "Smith", "207R00000X"),
            Practice, coverages, false, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3), "11", null, null, DateTimeOffset.UtcNow);
        return new EncounterCoded(tenantId, encounterId, completed, ["E11.9", "I10"],
            codes.Select(c => new CodedProcedure(c, [], 1, [1])).ToList(), "coder@test", DateTimeOffset.UtcNow);
    }

    public async Task PublishAsync<T>(T message) where T : class
    {
        if (!started) { await bus.StartAsync(); started = true; }
        await bus.Publish(message, c => c.MessageId = Guid.CreateVersion7());
    }

    public async Task SetFeesAsync(params (string Code, decimal Amount)[] fees) =>
        (await client.PutAsJsonAsync("/api/claims/fee-schedule", new { items = fees.Select(f => new { code = f.Code, amount = f.Amount }) })).EnsureSuccessStatusCode();

    public Task<JsonElement> ClaimForEncounterAsync(Guid encounterId, TimeSpan? within = null) =>
        Eventually.Get(async () =>
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/claims?encounterId={encounterId}");
            var items = page.GetProperty("items");
            return items.GetArrayLength() > 0 ? (object)items[0] : null;
        }, within ?? TimeSpan.FromSeconds(20), $"a claim for encounter {encounterId}").ContinueWith(t => (JsonElement)t.Result);

    public Task<JsonElement> ClaimInStatusAsync(Guid claimId, string status, TimeSpan? within = null) =>
        Eventually.Get(async () =>
        {
            var claim = await client.GetFromJsonAsync<JsonElement>($"/api/claims/{claimId}");
            return claim.GetProperty("status").GetString() == status ? (object)claim : null;
        }, within ?? TimeSpan.FromSeconds(30), $"claim {claimId} {status}").ContinueWith(t => (JsonElement)t.Result);

    /// <summary>Waits until the claim has passed through <paramref name="status"/> (it may have moved on since).</summary>
    public Task<JsonElement> ClaimThroughAsync(Guid claimId, string status, TimeSpan? within = null) =>
        Eventually.Get(async () =>
        {
            var claim = await client.GetFromJsonAsync<JsonElement>($"/api/claims/{claimId}");
            return claim.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("status").GetString() == status) ? (object)claim : null;
        }, within ?? TimeSpan.FromSeconds(30), $"claim {claimId} through {status}").ContinueWith(t => (JsonElement)t.Result);

    public async ValueTask DisposeAsync()
    {
        if (started) await bus.StopAsync();
    }
}
