using System.Net;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Payments;

/// <summary>Days in insurance AR and the share of it over 90 days (GET /api/payments/measures), from the claims Payments knows and the 835s posted.</summary>
public sealed class Receivables_measures(PlatformFixture platform)
{
    static decimal? Value(JsonElement measures, string name) =>
        measures.GetProperty(name).TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;

    [Fact]
    public async Task Days_in_AR_divide_the_insurance_balance_by_the_average_daily_charges_of_90_days_counting_each_service_once()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var now = DateTimeOffset.UtcNow;
        // AR ages from the date of service (the industry basis); here each visit is billed the day it happens.
        static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
        Assert.Null(Value(await payments.GetAsync("/api/payments/measures"), "daysInInsuranceAr")); // no charges yet: no figure rather than a division by zero

        // 100 days old and unpaid: in the AR (over 90 days) but not in the last 90 days' charges.
        await payments.SubmitClaimAsync(PaymentsDriver.Pcn(), [("99215", 1000m, [])], submittedAt: now.AddDays(-100), dateOfService: Day(now.AddDays(-100)));
        // 10 days old, unpaid, then replaced (frequency 7): its balance lives on with the replacement, its charge is counted once.
        var replaced = await payments.SubmitClaimAsync(PaymentsDriver.Pcn(), [("99214", 800m, [])], submittedAt: now.AddDays(-10), payerClaimNumber: "ICN-R1",
            dateOfService: Day(now.AddDays(-10)));
        await payments.SubmitClaimAsync(PaymentsDriver.Pcn(), [("99214", 800m, [])], submittedAt: now.AddDays(-2), payerClaimNumber: "ICN-R1",
            frequency: 7, replaces: replaced.ClaimId, dateOfService: Day(now.AddDays(-10)));
        // 5 days old and paid in full by an 835: a charge of the period, nothing left in the AR.
        var paidPcn = PaymentsDriver.Pcn();
        var paid = await payments.SubmitClaimAsync(paidPcn, [("99213", 100m, [])], submittedAt: now.AddDays(-5), dateOfService: Day(now.AddDays(-5)));
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + paidPcn,
            [new Clp(paidPcn, 1, 100m, 70m, [new Svc("99213", 100m, 70m, [new Cas("CO", "45", 20m), new Cas("PR", "3", 10m)])])]));
        Assert.Equal(0m, (await payments.AssertBalancedAsync(paid.ClaimId)).GetProperty("insuranceBalance").GetDecimal());

        // The dashboard's cash chart: what the 835 paid, on the day it was posted, and no other day.
        var cash = await payments.GetAsync("/api/payments/measures/cash-by-day");
        var days = cash.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(30, days.Count);
        Assert.Equal(Day(now).ToString("yyyy-MM-dd"), days[^1].GetProperty("date").GetString());
        Assert.Equal(70m, days[^1].GetProperty("insurance").GetDecimal());
        Assert.All(days.SkipLast(1), d => Assert.Equal(0m, d.GetProperty("total").GetDecimal()));
        Assert.Equal(70m, cash.GetProperty("total").GetDecimal());

        var measures = await payments.GetAsync("/api/payments/measures");
        Assert.Equal(1800m, measures.GetProperty("insuranceAr").GetDecimal());
        Assert.Equal(1000m, measures.GetProperty("insuranceArOver90Days").GetDecimal());
        Assert.Equal(900m, measures.GetProperty("chargesLast90Days").GetDecimal());
        Assert.Equal(10m, measures.GetProperty("averageDailyCharges").GetDecimal());
        Assert.Equal(180m, Value(measures, "daysInInsuranceAr"));
        Assert.False(measures.GetProperty("daysInInsuranceAr").GetProperty("meetsTarget").GetBoolean());
        Assert.Equal(55.6m, Value(measures, "insuranceArOver90"));
        // Net collection rate: $70 paid over $900 charged less the $20 contractual allowance (CO-45; the PR-3 copay is the patient's to pay).
        Assert.Equal((70m, 20m, 0m), (measures.GetProperty("insurancePaymentsLast90Days").GetDecimal(),
            measures.GetProperty("contractualAdjustmentsLast90Days").GetDecimal(), measures.GetProperty("patientPaymentsLast90Days").GetDecimal()));
        Assert.Equal(8.0m, Value(measures, "netCollectionRate"));

        var bad = await payments.Client.GetAsync("/api/payments/measures?asOf=yesterday", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    // HFMA MAP Key "net collection rate": payments / (charges − contractual adjustments). CO-24 capitation, CO-42 and CO-94 are contractual;
    // what a payer keeps at provider level (a PLB recovery naming no claim here) is not collected; interest (PLB L6) is income, not a
    // collection on charges.
    [Fact]
    public async Task The_net_collection_rate_takes_capitation_off_the_charges_and_counts_what_payers_keep_at_provider_level()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var capitated = PaymentsDriver.Pcn();
        var paid = PaymentsDriver.Pcn();
        await payments.SubmitClaimAsync(capitated, [("99213", 100m, [])]);
        await payments.SubmitClaimAsync(paid, [("99213", 100m, [])]);

        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + paid,
        [
            new Clp(capitated, 1, 100m, 0m, [new Svc("99213", 100m, 0m, [new Cas("CO", "24", 100m)])], PayerClaimNumber: "ICN-C"),
            new Clp(paid, 1, 100m, 80m, [new Svc("99213", 100m, 80m, [new Cas("CO", "45", 20m)])], PayerClaimNumber: "ICN-P"),
        ], [new Plb("WO", "SOMEONE-ELSES-CLAIM", 10m), new Plb("L6", null, -2m)]));

        var measures = await payments.GetAsync("/api/payments/measures");
        Assert.Equal((200m, 120m), (measures.GetProperty("chargesLast90Days").GetDecimal(), measures.GetProperty("contractualAdjustmentsLast90Days").GetDecimal()));
        Assert.Equal((70m, 10m, 2m), (measures.GetProperty("insurancePaymentsLast90Days").GetDecimal(),
            measures.GetProperty("providerLevelKeptLast90Days").GetDecimal(), measures.GetProperty("interestIncomeLast90Days").GetDecimal()));
        Assert.Equal(87.5m, Value(measures, "netCollectionRate"));
    }
}
