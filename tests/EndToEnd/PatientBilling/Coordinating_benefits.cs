using RevenueCycle.Contracts.Claims;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.PatientBilling;

/// <summary>
/// A visit billed to a primary and then a secondary payer: the patient owes what the secondary
/// leaves, not the primary's share as well — whichever of the primary's posting and the secondary's
/// submission arrives first.
/// </summary>
public sealed class Coordinating_benefits(PlatformFixture platform)
{
    static ClaimSubmitted Submitted(Guid tenant, Guid patient, Guid claim, Guid encounter, string responsibility, DateOnly dos) =>
        new(tenant, claim, encounter, patient, "PCN" + claim.ToString("N")[..10], null, Guid.CreateVersion7(), "SIMPAYER", "Payer " + responsibility,
            responsibility, 1, null, dos, 245m, [new ClaimLineInfo(1, "G0439", [], 1, 245m, dos)], DateTimeOffset.UtcNow);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_patient_owes_what_the_secondary_payer_leaves(bool primaryPostedFirst)
    {
        await using var billing = await BillingHarness.StartAsync(platform);
        var tenant = billing.Tenant.TenantId;
        var patient = await billing.PatientAsync("Walter", "Brennan");
        var dos = BillingHarness.Today.AddDays(-10);
        var encounter = Guid.CreateVersion7();
        var primary = Guid.CreateVersion7();
        var secondary = Guid.CreateVersion7();

        await BillingHarness.PublishAsync(Submitted(tenant, patient, primary, encounter, "primary", dos));
        var primaryPosting = Postings.Posting(tenant, patient, dos, BillingHarness.Today.AddDays(-5), Postings.Owes(coinsurance: 29.99m),
            [Postings.Line("G0439", dos, 245m, 119.96m, 29.99m)], primary);
        if (primaryPostedFirst)
        {
            await billing.PostClaimPaymentAsync(primaryPosting);
            await billing.AssertBalanceIsSumOfEntriesAsync(patient, 29.99m);
            await BillingHarness.PublishAsync(Submitted(tenant, patient, secondary, encounter, "secondary", dos));
            await Eventually.True(async () => (await billing.AccountAsync(patient)).GetProperty("balance").GetDecimal() == 0m,
                TimeSpan.FromSeconds(20), "the primary's share moved to the secondary payer");
        }
        else
        {
            await BillingHarness.PublishAsync(Submitted(tenant, patient, secondary, encounter, "secondary", dos));
            await Task.Delay(500, BillingHarness.Ct);
            await BillingHarness.PublishAsync(primaryPosting);
            await Eventually.True(async () => (await billing.AccountAsync(patient)).GetProperty("entries").GetArrayLength() >= 2,
                TimeSpan.FromSeconds(20), "the primary's share posted and moved on");
        }
        await billing.AssertBalanceIsSumOfEntriesAsync(patient, 0m);

        await billing.PostClaimPaymentAsync(Postings.Posting(tenant, patient, dos, BillingHarness.Today.AddDays(-2), Postings.Owes(coinsurance: 6.00m),
            [Postings.Line("G0439", dos, 245m, 23.99m, 6.00m)], secondary));
        await billing.AssertBalanceIsSumOfEntriesAsync(patient, 6.00m);
    }
}

/// <summary>Payments can post for a patient before PatientRegistered reaches PatientBilling: the posting waits, nothing is lost.</summary>
public sealed class A_posting_before_the_account(PlatformFixture platform)
{
    [Fact]
    public async Task Waits_for_the_account_and_is_applied_once_it_opens()
    {
        await using var billing = await BillingHarness.StartAsync(platform);
        var tenant = billing.Tenant.TenantId;
        var patient = Guid.CreateVersion7();
        var dos = BillingHarness.Today.AddDays(-10);
        await BillingHarness.PublishAsync(Postings.Visit(tenant, patient, dos, BillingHarness.Today.AddDays(-3), 24m));
        await Task.Delay(1000, BillingHarness.Ct);

        await BillingHarness.PublishAsync(new RevenueCycle.Contracts.Registration.PatientRegistered(tenant, patient, Builders.Mrn(), "Late", "Registration",
            new DateOnly(1975, 5, 5), "M", new RevenueCycle.Contracts.Registration.Address("1 Main St", null, "Springfield", "IL", "62701"), null, DateTimeOffset.UtcNow));
        await Eventually.True(async () =>
        {
            var r = await billing.Client.GetAsync($"/api/patient-billing/accounts/{patient}");
            return r.IsSuccessStatusCode && (await billing.AccountAsync(patient)).GetProperty("entries").GetArrayLength() == 1;
        }, TimeSpan.FromSeconds(30), "the account with the waiting posting applied");
        await billing.AssertBalanceIsSumOfEntriesAsync(patient, 24m);
    }
}
