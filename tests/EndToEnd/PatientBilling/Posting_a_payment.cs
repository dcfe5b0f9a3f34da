using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.PatientBilling.BillingHarness;
using static RevenueCycle.EndToEnd.PatientBilling.Postings;

namespace RevenueCycle.EndToEnd.PatientBilling;

public sealed class Posting_a_payment(PlatformFixture platform)
{
    [Fact]
    public async Task Records_one_payment_for_one_idempotency_key()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, patient, Today.AddDays(-20), Today.AddDays(-5), 60m));

        var key = Guid.NewGuid().ToString();
        var first = await h.PayAsync(patient, new { amount = 25.00m, method = "card", reference = "AUTH-1" }, key);
        var second = await h.PayAsync(patient, new { amount = 25.00m, method = "card", reference = "AUTH-1" }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        var a = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var b = await second.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(a.GetProperty("id").GetGuid(), b.GetProperty("id").GetGuid());
        Assert.Equal(35.00m, a.GetProperty("balance").GetDecimal());
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 35.00m);
        Assert.Equal(1, await h.OutboxCountAsync("PatientPaymentReceived", patient));
    }

    [Fact]
    public async Task Refuses_the_same_idempotency_key_with_another_body()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        var key = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.Created, (await h.PayAsync(patient, new { amount = 10m, method = "cash" }, key)).StatusCode);
        var reused = await h.PayAsync(patient, new { amount = 99m, method = "cash" }, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        await h.AssertBalanceIsSumOfEntriesAsync(patient, -10m);
    }

    [Fact]
    public async Task Holds_a_check_in_copay_as_unapplied_credit_until_the_visit_is_adjudicated()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        var visit = Today.AddDays(-10);

        await h.PaidAsync(patient, 30m, "card", receivedOn: visit, dateOfService: visit);
        var before = await h.AccountAsync(patient);
        Assert.Equal(-30m, before.GetProperty("balance").GetDecimal());
        Assert.Equal(30m, before.GetProperty("unappliedCredit").GetDecimal());
        Assert.Equal(30m, before.GetProperty("creditBalance").GetDecimal());

        await h.PostClaimPaymentAsync(Posting(h.Tenant.TenantId, patient, visit, Today.AddDays(-2), Owes(copay: 30m, coinsurance: 12m),
            [Line("99213", visit, 180m, 98m, 42m)]));

        var after = await h.AccountAsync(patient);
        Assert.Equal(0m, after.GetProperty("unappliedCredit").GetDecimal());
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 12m);
    }

    [Fact]
    public async Task Rejects_zero_negative_and_unknown_methods_naming_the_field_and_records_nothing()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();

        foreach (var body in new object[] { new { amount = 0m, method = "card" }, new { amount = -5m, method = "card" }, new { amount = 1.005m, method = "cash" } })
            await Registering_problem.AssertNames(await h.PayAsync(patient, body), "amount");
        await Registering_problem.AssertNames(await h.PayAsync(patient, new { amount = 5m, method = "bitcoin" }), "method");
        await Registering_problem.AssertNames(await h.PayAsync(patient, new { amount = 5m, method = "cash", receivedOn = Today.AddDays(3) }), "receivedOn");

        Assert.Equal(0, (await h.AccountAsync(patient)).GetProperty("entries").GetArrayLength());
        Assert.Equal(0, await h.OutboxCountAsync("PatientPaymentReceived", patient));
    }

    [Fact]
    public async Task Answers_404_for_an_unknown_or_another_practices_account_and_records_nothing()
    {
        await using var mine = await StartAsync(platform);
        await using var theirs = await StartAsync(platform);
        var theirPatient = await theirs.PatientAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await mine.PayAsync(theirPatient, new { amount = 5m, method = "cash" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mine.PayAsync(Guid.CreateVersion7(), new { amount = 5m, method = "cash" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mine.Client.GetAsync($"/api/patient-billing/accounts/{theirPatient}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mine.Client.PostAsJsonAsync($"/api/patient-billing/accounts/{theirPatient}/payment-plans",
            new { installments = 3, firstDueDate = Today }, Ct)).StatusCode);
        await theirs.AssertBalanceIsSumOfEntriesAsync(theirPatient, 0m);
    }
}

static class Registering_problem
{
    public static async Task AssertNames(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem should name '{field}': {text}");
    }
}
