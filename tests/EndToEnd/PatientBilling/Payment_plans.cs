using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.PatientBilling.BillingHarness;
using static RevenueCycle.EndToEnd.PatientBilling.Postings;

namespace RevenueCycle.EndToEnd.PatientBilling;

public sealed class Payment_plans(PlatformFixture platform)
{
    [Fact]
    public async Task Splits_the_balance_into_installments_summing_exactly_with_the_cents_on_the_last()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, patient, Today.AddDays(-60), Today.AddDays(-40), 80m));

        var plan = await h.PostJsonAsync($"/api/patient-billing/accounts/{patient}/payment-plans",
            new { installments = 3, firstDueDate = Today.AddDays(10) }, HttpStatusCode.Created);

        var installments = plan.GetProperty("installments").EnumerateArray().ToList();
        Assert.Equal([26.66m, 26.66m, 26.68m], installments.Select(i => i.GetProperty("amount").GetDecimal()).ToList());
        Assert.Equal([Today.AddDays(10), Today.AddDays(10).AddMonths(1), Today.AddDays(10).AddMonths(2)],
            installments.Select(i => DateOnly.Parse(i.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList());
        Assert.Equal(80m, plan.GetProperty("amount").GetDecimal());
        Assert.Equal("active", (await h.AccountAsync(patient)).GetProperty("paymentPlan").GetProperty("status").GetString());
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 80m);
    }

    [Fact]
    public async Task Refuses_a_plan_above_the_balance_or_without_installments_and_records_nothing()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, patient, Today.AddDays(-60), Today.AddDays(-40), 80m));
        var url = $"/api/patient-billing/accounts/{patient}/payment-plans";

        await Registering_problem.AssertNames(await h.Client.PostAsJsonAsync(url, new { installments = 3, firstDueDate = Today, amount = 80.01m }, Ct), "amount");
        await Registering_problem.AssertNames(await h.Client.PostAsJsonAsync(url, new { installments = 0, firstDueDate = Today }, Ct), "installments");
        await Registering_problem.AssertNames(await h.Client.PostAsJsonAsync(url, new { installments = 3, firstDueDate = Today.AddYears(-1) }, Ct), "firstDueDate");

        var plans = await h.Client.GetFromJsonAsync<JsonElement>(url, Ct);
        Assert.Equal(0, plans.GetProperty("items").GetArrayLength());
        Assert.False((await h.AccountAsync(patient)).TryGetProperty("paymentPlan", out _));
    }

    [Fact]
    public async Task Becomes_delinquent_when_an_installment_is_missed_and_recovers_when_caught_up()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, patient, Today.AddDays(-80), Today.AddDays(-70), 60m));
        var first = Today.AddDays(-45);
        var plan = await h.PostJsonAsync($"/api/patient-billing/accounts/{patient}/payment-plans",
            new { installments = 3, firstDueDate = first }, HttpStatusCode.Created);
        var id = plan.GetProperty("id").GetGuid();

        var onTime = await h.PostJsonAsync("/api/patient-billing/plans/evaluate", new { asOf = first });
        Assert.Equal(0, onTime.GetProperty("delinquent").GetInt32());
        var missed = await h.PostJsonAsync("/api/patient-billing/plans/evaluate", new { asOf = first.AddDays(1) });
        Assert.Equal(1, missed.GetProperty("delinquent").GetInt32());
        var delinquent = await h.Client.GetJsonAsync($"/api/patient-billing/plans/{id}", TimeSpan.FromSeconds(5));
        Assert.Equal("delinquent", delinquent.GetProperty("status").GetString());
        Assert.Equal(first.AddDays(1).ToString("yyyy-MM-dd"), delinquent.GetProperty("delinquentSince").GetString());

        await h.PaidAsync(patient, 40m, "card");
        await h.PostJsonAsync("/api/patient-billing/plans/evaluate", new { asOf = Today });
        var current = await h.Client.GetJsonAsync($"/api/patient-billing/plans/{id}", TimeSpan.FromSeconds(5));
        Assert.Equal("active", current.GetProperty("status").GetString());
        Assert.Equal(40m, current.GetProperty("paid").GetDecimal());
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 20m);

        await Registering_problem.AssertNames(await h.Client.PostAsJsonAsync("/api/patient-billing/plans/evaluate", new { asOf = Today.AddDays(1) }, Ct), "asOf");
    }
}
