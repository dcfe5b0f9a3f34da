using System.Net;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.PatientBilling.BillingHarness;
using static RevenueCycle.EndToEnd.PatientBilling.Postings;

namespace RevenueCycle.EndToEnd.PatientBilling;

public sealed class Refunding_a_credit_balance(PlatformFixture platform)
{
    [Fact]
    public async Task Refunds_an_overpayment_up_to_the_credit_and_no_more()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, patient, Today.AddDays(-30), Today.AddDays(-10), 30m));
        await h.PaidAsync(patient, 50m, "check");
        await h.AssertBalanceIsSumOfEntriesAsync(patient, -20m);

        var tooMuch = await h.Client.PostAsync($"/api/patient-billing/accounts/{patient}/refunds",
            System.Net.Http.Json.JsonContent.Create(new { amount = 20.01m, reason = "Overpaid by check" }), Ct);
        await Registering_problem.AssertNames(tooMuch, "amount");
        await h.AssertBalanceIsSumOfEntriesAsync(patient, -20m);

        var refund = await h.PostJsonAsync($"/api/patient-billing/accounts/{patient}/refunds",
            new { amount = 20m, reason = "Overpaid by check", method = "check", reference = "5521" }, HttpStatusCode.Created);
        Assert.Equal(0m, refund.GetProperty("balance").GetDecimal());
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 0m);
    }

    [Fact]
    public async Task Refuses_a_refund_when_the_patient_holds_no_credit_or_gives_no_reason()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, patient, Today.AddDays(-30), Today.AddDays(-10), 30m));

        await Registering_problem.AssertNames(await h.Client.PostAsync($"/api/patient-billing/accounts/{patient}/refunds",
            System.Net.Http.Json.JsonContent.Create(new { amount = 5m, reason = "Asked" }), Ct), "amount");
        await Registering_problem.AssertNames(await h.Client.PostAsync($"/api/patient-billing/accounts/{patient}/refunds",
            System.Net.Http.Json.JsonContent.Create(new { amount = 5m, reason = " " }), Ct), "reason");
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 30m);
    }
}

public sealed class Adjusting_a_balance(PlatformFixture platform)
{
    [Fact]
    public async Task Writes_off_a_small_balance_with_its_reason()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, patient, Today.AddDays(-30), Today.AddDays(-10), 3.40m));

        var adjusted = await h.PostJsonAsync($"/api/patient-billing/accounts/{patient}/adjustments",
            new { amount = 3.40m, reason = "small-balance" }, HttpStatusCode.Created);

        Assert.Equal("adjustment", adjusted.GetProperty("kind").GetString());
        Assert.Equal("small-balance", adjusted.GetProperty("reason").GetString());
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 0m);
    }

    [Fact]
    public async Task Refuses_a_write_off_above_the_balance_or_without_a_known_reason()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, patient, Today.AddDays(-30), Today.AddDays(-10), 40m));

        await Registering_problem.AssertNames(await h.Client.PostAsync($"/api/patient-billing/accounts/{patient}/adjustments",
            System.Net.Http.Json.JsonContent.Create(new { amount = 40.01m, reason = "financial-hardship" }), Ct), "amount");
        await Registering_problem.AssertNames(await h.Client.PostAsync($"/api/patient-billing/accounts/{patient}/adjustments",
            System.Net.Http.Json.JsonContent.Create(new { amount = 10m, reason = "because" }), Ct), "reason");
        await h.PostJsonAsync($"/api/patient-billing/accounts/{patient}/adjustments", new { amount = 15m, reason = "financial-hardship", note = "Sliding scale" },
            HttpStatusCode.Created);
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 25m);
    }
}
