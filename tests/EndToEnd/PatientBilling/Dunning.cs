using System.Net;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.PatientBilling.BillingHarness;
using static RevenueCycle.EndToEnd.PatientBilling.Postings;

namespace RevenueCycle.EndToEnd.PatientBilling;

public sealed class Dunning(PlatformFixture platform)
{
    static async Task<List<(string Notice, int Step, DateOnly Date)>> NoticesAsync(BillingHarness h, Guid patient) =>
        (await h.AccountAsync(patient)).GetProperty("statements").EnumerateArray()
        .Select(s => (s.GetProperty("notice").GetString()!, s.GetProperty("dunningStep").GetInt32(),
            DateOnly.Parse(s.GetProperty("statementDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
        .ToList();

    [Fact]
    public async Task Sends_statement_second_statement_final_notice_then_collections_by_date()
    {
        await using var h = await StartAsync(platform);
        await h.PutSettingsAsync(cycleDays: 30, collectionsAfterDays: 20);
        var patient = await h.PatientAsync();
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, patient, Today.AddDays(-220), Today.AddDays(-200), 90m));
        var d = Today.AddDays(-180);

        await h.RunStatementsAsync(d);
        await h.RunStatementsAsync(d.AddDays(10));   // within the cycle: nothing
        await h.RunStatementsAsync(d.AddDays(30));
        await h.RunStatementsAsync(d.AddDays(60));
        var waiting = await h.RunStatementsAsync(d.AddDays(79)); // 19 days after the final notice
        Assert.Equal(0, waiting.GetProperty("sentToCollections").GetInt32());
        Assert.Equal("active", (await h.AccountAsync(patient)).GetProperty("status").GetString());

        var sent = await h.RunStatementsAsync(d.AddDays(80));
        Assert.Equal(1, sent.GetProperty("sentToCollections").GetInt32());
        await h.RunStatementsAsync(d.AddDays(120)); // an account in collections gets no more statements

        Assert.Equal([("statement", 1, d), ("second-statement", 2, d.AddDays(30)), ("final-notice", 3, d.AddDays(60))], await NoticesAsync(h, patient));
        var account = await h.AccountAsync(patient);
        Assert.Equal("collections", account.GetProperty("status").GetString());
        Assert.Equal(d.AddDays(80).ToString("yyyy-MM-dd"), account.GetProperty("collectionsAt").GetString());
        Assert.Equal(1, await h.OutboxCountAsync("PatientAccountSentToCollections", patient));
        var listed = await h.Client.GetJsonAsync("/api/patient-billing/accounts?status=collections", TimeSpan.FromSeconds(5));
        Assert.Equal(patient, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("patientId").GetGuid());
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 90m);
    }

    [Fact]
    public async Task Starts_the_sequence_over_when_the_patient_pays_between_statements()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, patient, Today.AddDays(-220), Today.AddDays(-200), 90m));
        var d = Today.AddDays(-180);

        await h.RunStatementsAsync(d);
        await h.PaidAsync(patient, 20m, "cash", receivedOn: d.AddDays(12));
        await h.RunStatementsAsync(d.AddDays(30));
        await h.RunStatementsAsync(d.AddDays(60));

        Assert.Equal([("statement", 1, d), ("statement", 1, d.AddDays(30)), ("second-statement", 2, d.AddDays(60))], await NoticesAsync(h, patient));
    }

    [Fact]
    public async Task Does_not_dun_an_account_on_a_plan_in_good_standing_but_does_once_it_is_delinquent()
    {
        await using var h = await StartAsync(platform);
        var keeping = await h.PatientAsync("Keeps", "Up");
        var missing = await h.PatientAsync("Falls", "Behind");
        var first = Today.AddDays(-85);
        foreach (var p in new[] { keeping, missing })
        {
            await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, p, Today.AddDays(-100), Today.AddDays(-89), 75m));
            await h.PostJsonAsync($"/api/patient-billing/accounts/{p}/payment-plans", new { installments = 4, firstDueDate = first }, HttpStatusCode.Created);
            await h.PaidAsync(p, 18.75m, "card", receivedOn: first.AddDays(-1));
        }
        await h.PaidAsync(keeping, 18.75m, "card", receivedOn: first.AddMonths(1).AddDays(-1));
        await h.PaidAsync(keeping, 18.75m, "card", receivedOn: first.AddMonths(2).AddDays(-1));

        foreach (var day in new[] { -80, -50, -20 }) await h.RunStatementsAsync(Today.AddDays(day));

        Assert.Equal(["payment-plan", "payment-plan", "payment-plan"], (await NoticesAsync(h, keeping)).Select(n => n.Notice).ToList());
        Assert.Equal([0, 0, 0], (await NoticesAsync(h, keeping)).Select(n => n.Step).ToList());
        Assert.Equal(["payment-plan", "statement", "second-statement"], (await NoticesAsync(h, missing)).Select(n => n.Notice).ToList());
        var planStatement = (await h.AccountAsync(keeping)).GetProperty("statements")[0].GetProperty("amountDue").GetDecimal();
        Assert.Equal(0m, planStatement); // the first installment was paid; the next falls due after this statement's due date
    }
}

public sealed class Aging_report(PlatformFixture platform)
{
    [Fact]
    public async Task Buckets_what_patients_owe_by_the_day_each_charge_became_theirs()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        foreach (var (days, amount) in new[] { (10, 10m), (45, 20m), (75, 30m), (100, 40m), (130, 50m) })
            await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, patient, Today.AddDays(-days - 10), Today.AddDays(-days), amount));
        await h.PaidAsync(patient, 60m, "check"); // pays the 130-day charge and 10 of the 100-day one
        var other = await StartAsync(platform);
        await using var _ = other;
        var elsewhere = await other.PatientAsync();
        await other.PostClaimPaymentAsync(Visit(other.Tenant.TenantId, elsewhere, Today.AddDays(-20), Today.AddDays(-10), 999m));

        var aging = await h.Client.GetJsonAsync("/api/patient-billing/aging", TimeSpan.FromSeconds(5));

        var t = aging.GetProperty("totals");
        Assert.Equal((10m, 20m, 30m, 30m, 0m, 90m),
            (t.GetProperty("current").GetDecimal(), t.GetProperty("days31To60").GetDecimal(), t.GetProperty("days61To90").GetDecimal(),
             t.GetProperty("days91To120").GetDecimal(), t.GetProperty("over120").GetDecimal(), t.GetProperty("total").GetDecimal()));
        var row = Assert.Single(aging.GetProperty("accounts").GetProperty("items").EnumerateArray());
        Assert.Equal(patient, row.GetProperty("patientId").GetGuid());
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 90m);

        var earlier = await h.Client.GetJsonAsync($"/api/patient-billing/aging?asOf={Today.AddDays(-50):yyyy-MM-dd}", TimeSpan.FromSeconds(5));
        Assert.Equal(120m, earlier.GetProperty("totals").GetProperty("total").GetDecimal()); // 30 + 40 + 50 owed then, nothing paid yet
        Assert.Equal(HttpStatusCode.BadRequest, (await h.Client.GetAsync($"/api/patient-billing/aging?asOf={Today.AddDays(2):yyyy-MM-dd}", Ct)).StatusCode);
    }
}
