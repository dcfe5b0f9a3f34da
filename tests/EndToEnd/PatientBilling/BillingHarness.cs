using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MassTransit;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.PatientBilling;

/// <summary>
/// A practice of its own with its patients, fed the events Registration, Claims and Payments would
/// publish (straight onto RabbitMQ), and driven through the gateway like a practice-management system.
/// </summary>
public sealed class BillingHarness(PlatformFixture platform, PlatformFixture.Tenant tenant) : IAsyncDisposable
{
    static readonly SemaphoreSlim BusLock = new(1, 1);
    static IBusControl? bus;

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public PlatformFixture.Tenant Tenant { get; } = tenant;
    public HttpClient Client { get; } = platform.Client(tenant.ApiKey);
    public PlatformFixture Platform => platform;

    public static async Task<BillingHarness> StartAsync(PlatformFixture platform) => new(platform, await platform.NewTenantAsync("Billing Practice"));

    public static async Task PublishAsync<T>(T message, Guid? messageId = null) where T : class
    {
        await BusLock.WaitAsync();
        try
        {
            if (bus is null)
            {
                bus = TestEnvironment.Bus();
                await bus.StartAsync(CancellationToken.None);
            }
        }
        finally
        {
            BusLock.Release();
        }
        await bus.Publish(message, c => c.MessageId = messageId ?? Guid.CreateVersion7(), Ct);
    }

    /// <summary>Registers a patient (as Registration would announce it) and waits for the billing account.</summary>
    public async Task<Guid> PatientAsync(string firstName = "Ada", string lastName = "Lovelace")
    {
        var id = Guid.CreateVersion7();
        await PublishAsync(new PatientRegistered(Tenant.TenantId, id, Builders.Mrn(), firstName, lastName, new DateOnly(1980, 12, 10), "F",
            new Address("12 Elm St", "Apt 4", "Springfield", "IL", "627011234"), "2175550100", DateTimeOffset.UtcNow));
        await Client.GetJsonAsync($"/api/patient-billing/accounts/{id}", TimeSpan.FromSeconds(20));
        return id;
    }

    public Task<JsonElement> AccountAsync(Guid patientId) => Client.GetJsonAsync($"/api/patient-billing/accounts/{patientId}", TimeSpan.FromSeconds(5));

    /// <summary>Publishes Payments' posting of a claim and waits until its entries are on the ledger.</summary>
    public async Task PostClaimPaymentAsync(ClaimPaymentPosted posting, Guid? messageId = null, bool wait = true)
    {
        var before = (await AccountAsync(posting.PatientId)).GetProperty("entries").GetArrayLength();
        await PublishAsync(posting, messageId);
        if (!wait) return;
        var expected = new[] { posting.PatientResponsibility.Deductible, posting.PatientResponsibility.Coinsurance, posting.PatientResponsibility.Copay,
            posting.PatientResponsibility.NonCovered, posting.PatientResponsibility.Other }.Count(a => a != 0);
        await Eventually.True(async () => (await AccountAsync(posting.PatientId)).GetProperty("entries").GetArrayLength() >= before + expected,
            TimeSpan.FromSeconds(20), $"the {expected} responsibility entries of posting {posting.PostingId}");
    }

    public Task SubmitClaimAsync(Guid patientId, Guid claimId, DateOnly dateOfService, string payerName = "Aetna", decimal charge = 200m,
        Guid? encounterId = null, string payerResponsibility = "primary") =>
        PublishAsync(new ClaimSubmitted(Tenant.TenantId, claimId, encounterId ?? Guid.CreateVersion7(), patientId, "PCN" + claimId.ToString("N")[..10], null,
            Guid.CreateVersion7(), "60054", payerName, payerResponsibility, 1, null, dateOfService, charge,
            [new ClaimLineInfo(1, "99213", [], 1, charge, dateOfService)], DateTimeOffset.UtcNow));

    /// <summary>
    /// Waits until PatientBilling holds the claim as with insurance. A test posts a claim's payment only after this: a
    /// submission consumed after its own payment would put the claim back with insurance.
    /// </summary>
    public async Task ClaimWithInsuranceAsync(Guid claimId)
    {
        await using var db = platform.Database("patient_billing");
        await using var connection = await db.OpenConnectionAsync(Ct);
        await Eventually.True(async () => await connection.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM claims WHERE tenant_id = @TenantId AND claim_id = @claimId AND with_insurance)", new { Tenant.TenantId, claimId }),
            TimeSpan.FromSeconds(20), $"claim {claimId} with insurance");
    }

    public Task<HttpResponseMessage> PayAsync(Guid patientId, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/patient-billing/accounts/{patientId}/payments") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return Client.SendAsync(request, Ct);
    }

    public async Task<JsonElement> PaidAsync(Guid patientId, decimal amount, string method = "card", DateOnly? receivedOn = null, DateOnly? dateOfService = null)
    {
        var response = await PayAsync(patientId, new { amount, method, receivedOn, dateOfService });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    public async Task<JsonElement> PostJsonAsync(string url, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.PostAsJsonAsync(url, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"POST {url} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> RunStatementsAsync(DateOnly asOf) => PostJsonAsync("/api/patient-billing/statements/run", new { asOf });

    public Task<JsonElement> PutSettingsAsync(decimal minimumStatementBalance = 5m, int cycleDays = 30, int dueDays = 21,
        string[]? dunningSequence = null, int collectionsAfterDays = 30) =>
        Client.PutAsJsonAsync("/api/patient-billing/settings",
            new { minimumStatementBalance, cycleDays, dueDays, dunningSequence = dunningSequence ?? ["statement", "second-statement", "final-notice"], collectionsAfterDays }, Ct)
            .ContinueWith(async t => { Assert.Equal(HttpStatusCode.OK, t.Result.StatusCode); return await t.Result.Content.ReadFromJsonAsync<JsonElement>(Ct); }, Ct).Unwrap();

    /// <summary>The invariant the whole service rests on: the balance is the sum of the ledger's entries.</summary>
    public async Task<decimal> AssertBalanceIsSumOfEntriesAsync(Guid patientId, decimal expected)
    {
        var account = await AccountAsync(patientId);
        var sum = account.GetProperty("entries").EnumerateArray().Sum(e => e.GetProperty("amount").GetDecimal());
        var balance = account.GetProperty("balance").GetDecimal();
        Assert.Equal(sum, balance);
        Assert.Equal(expected, balance);
        await using var db = platform.Database("patient_billing");
        await using var connection = await db.OpenConnectionAsync(Ct);
        Assert.Equal(expected, await connection.ExecuteScalarAsync<decimal>(
            "SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE tenant_id = @TenantId AND patient_id = @patientId",
            new { Tenant.TenantId, patientId }));
        return balance;
    }

    public async Task<int> OutboxCountAsync(string eventName, Guid patientId)
    {
        await using var db = platform.Database("patient_billing");
        await using var connection = await db.OpenConnectionAsync(Ct);
        return await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM outbox WHERE message_type = @Type AND tenant_id = @TenantId AND body->>'patientId' = @Patient",
            new { Type = "RevenueCycle.Contracts.PatientBilling." + eventName, Tenant.TenantId, Patient = patientId.ToString() });
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A ClaimPaymentPosted as Payments would publish it, with only what a test cares about stated.</summary>
public static class Postings
{
    public static ClaimPaymentPosted Posting(Guid tenant, Guid patient, DateOnly dateOfService, DateOnly paymentDate,
        PatientResponsibility responsibility, IReadOnlyList<PostedLine> lines, Guid? claimId = null, bool reversal = false, string status = "1")
    {
        var charge = lines.Sum(l => l.Charge);
        var paid = lines.Sum(l => l.Paid);
        return new ClaimPaymentPosted(tenant, Guid.CreateVersion7(), Guid.CreateVersion7(), claimId ?? Guid.CreateVersion7(), patient, "PCN-" + Random.Shared.Next(100000, 999999),
            "PAYER-CLM-1", reversal ? "22" : status, "60054", "Aetna", paymentDate, dateOfService, charge, paid,
            [new PostedAdjustment("CO", "45", charge - paid - responsibility.Total, null)], responsibility, 0m, reversal, lines, [], DateTimeOffset.UtcNow);
    }

    public static PostedLine Line(string code, DateOnly dateOfService, decimal charge, decimal paid, decimal patient, int number = 1) =>
        new(number, code, [], dateOfService, charge, paid, patient, []);

    public static PatientResponsibility Owes(decimal deductible = 0, decimal coinsurance = 0, decimal copay = 0, decimal nonCovered = 0, decimal other = 0) =>
        new(deductible, coinsurance, copay, nonCovered, other);

    /// <summary>A simple adjudicated visit: one 99213 line, the patient owing <paramref name="coinsurance"/>.</summary>
    public static ClaimPaymentPosted Visit(Guid tenant, Guid patient, DateOnly dateOfService, DateOnly paymentDate, decimal coinsurance) =>
        Posting(tenant, patient, dateOfService, paymentDate, Owes(coinsurance: coinsurance),
            [Line("99213", dateOfService, 200m, 120m, coinsurance)]);
}
