using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Payments;

/// <summary>
/// A tenant of its own, the claims Payments knows (published as Claims would: ClaimSubmitted), and
/// the Payments API through the gateway.
/// </summary>
public sealed class PaymentsDriver : IAsyncDisposable
{
    static int nextControlNumber = Random.Shared.Next(1_000, 100_000_000);
    readonly IBusControl bus;

    public PlatformFixture.Tenant Tenant { get; }
    public HttpClient Client { get; }
    public string Sender { get; } = "PAYER" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    PaymentsDriver(PlatformFixture.Tenant tenant, HttpClient client, IBusControl bus) => (Tenant, Client, this.bus) = (tenant, client, bus);

    public static async Task<PaymentsDriver> StartAsync(PlatformFixture platform)
    {
        var tenant = await platform.NewTenantAsync();
        var bus = TestEnvironment.Bus();
        await bus.StartAsync();
        return new PaymentsDriver(tenant, platform.Client(tenant.ApiKey), bus);
    }

    public static int NextControlNumber() => Interlocked.Increment(ref nextControlNumber);

    public static string Pcn() => "PCN" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    /// <summary>Publishes a ClaimSubmitted and waits until Payments has opened the claim's ledger.</summary>
    public async Task<ClaimSubmitted> SubmitClaimAsync(string pcn, (string Code, decimal Charge, string[] Modifiers)[] lines,
        DateTimeOffset? submittedAt = null, string payerId = "ACME01", string? payerClaimNumber = null, int frequency = 1, Guid? replaces = null,
        string responsibility = "primary", Guid? encounterId = null, Guid? patientId = null, DateOnly? dateOfService = null)
    {
        var dos = dateOfService ?? new DateOnly(2026, 3, 1);
        var claim = new ClaimSubmitted(Tenant.TenantId, Guid.CreateVersion7(), encounterId ?? Guid.CreateVersion7(), patientId ?? Guid.CreateVersion7(), pcn,
            payerClaimNumber, Guid.CreateVersion7(), payerId, "Acme Health " + payerId, responsibility, frequency, replaces, dos, lines.Sum(l => l.Charge),
            [.. lines.Select((l, i) => new ClaimLineInfo(i + 1, l.Code, l.Modifiers, 1m, l.Charge, dos))], submittedAt ?? DateTimeOffset.UtcNow);
        await bus.Publish(claim);
        await Client.GetJsonAsync($"/api/payments/claims/{claim.ClaimId}/ledger", TimeSpan.FromSeconds(20));
        return claim;
    }

    public Task<HttpResponseMessage> PostAsync(string x12, string mediaType = "application/edi-x12") =>
        Client.PostAsync("/api/remittances", new StringContent(x12, Encoding.ASCII, mediaType));

    /// <summary>Posts an 835 that must be accepted; returns the remittance id.</summary>
    public async Task<Guid> PostAcceptedAsync(string x12)
    {
        var response = await PostAsync(x12);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public Task<JsonElement> LedgerAsync(Guid claimId) => GetAsync($"/api/payments/claims/{claimId}/ledger");

    /// <summary>The money invariant, for the claim and each line: charge = paid + adjustments + patient responsibility + insurance balance, and the entries add up to the totals.</summary>
    public async Task<JsonElement> AssertBalancedAsync(Guid claimId)
    {
        var ledger = await LedgerAsync(claimId);
        static decimal D(JsonElement e, string name) => e.GetProperty(name).GetDecimal();
        foreach (var totals in ledger.GetProperty("lines").EnumerateArray().Append(ledger))
            Assert.Equal(D(totals, "charge"), D(totals, "insurancePaid") + D(totals, "adjustments") + D(totals, "patientResponsibility") + D(totals, "insuranceBalance"));
        var entries = ledger.GetProperty("entries").EnumerateArray().ToList();
        decimal Sum(string bucket) => entries.Where(e => e.GetProperty("bucket").GetString() == bucket).Sum(e => D(e, "amount"));
        Assert.Equal(D(ledger, "charge"), Sum("charge"));
        Assert.Equal(D(ledger, "insurancePaid"), Sum("insurance-paid"));
        Assert.Equal(D(ledger, "adjustments"), Sum("adjustment"));
        Assert.Equal(D(ledger, "patientResponsibility"), Sum("patient-responsibility"));
        return ledger;
    }

    public async Task<List<JsonElement>> RemittancesAsync() =>
        [.. (await GetAsync("/api/remittances")).GetProperty("items").EnumerateArray()];

    public async Task<List<JsonElement>> FilesAsync(string status) =>
        [.. (await GetAsync($"/api/remittances/files?status={status}")).GetProperty("items").EnumerateArray()];

    public async Task<List<JsonElement>> CreditBalancesAsync() =>
        [.. (await GetAsync("/api/payments/credit-balances")).GetProperty("items").EnumerateArray()];

    public async Task<List<JsonElement>> ExceptionsAsync(string status = "open") =>
        [.. (await GetAsync($"/api/payments/exceptions?status={status}")).GetProperty("items").EnumerateArray()];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await bus.StopAsync();
    }
}
