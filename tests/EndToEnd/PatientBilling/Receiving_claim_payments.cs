using Dapper;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.PatientBilling.BillingHarness;
using static RevenueCycle.EndToEnd.PatientBilling.Postings;

namespace RevenueCycle.EndToEnd.PatientBilling;

public sealed class Receiving_claim_payments(PlatformFixture platform)
{
    [Fact]
    public async Task Posts_each_kind_of_patient_responsibility_as_its_own_entry()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        var dos = Today.AddDays(-40);

        await h.PostClaimPaymentAsync(Posting(h.Tenant.TenantId, patient, dos, Today.AddDays(-20),
            Owes(deductible: 50m, coinsurance: 20m, copay: 25m, nonCovered: 35m),
            [Line("99214", dos, 250m, 100m, 95m, 1), Line("97110", dos, 60m, 0m, 35m, 2)]));

        var entries = (await h.AccountAsync(patient)).GetProperty("entries").EnumerateArray()
            .ToDictionary(e => e.GetProperty("kind").GetString()!, e => e.GetProperty("amount").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["deductible"] = 50m, ["coinsurance"] = 20m, ["copay"] = 25m, ["non-covered"] = 35m }, entries);
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 130m);
    }

    [Fact]
    public async Task Adds_one_entry_for_the_same_ClaimPaymentPosted_delivered_twice()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        var posting = Visit(h.Tenant.TenantId, patient, Today.AddDays(-30), Today.AddDays(-10), 45m);
        var messageId = Guid.CreateVersion7();

        await h.PostClaimPaymentAsync(posting, messageId);
        await PublishAsync(posting, messageId);
        var republished = Guid.CreateVersion7();
        await PublishAsync(posting, republished); // republished under a new message id: the posting id still de-duplicates it

        // Both deliveries were seen (the republished one recorded by the inbox, so consumed), not a fixed wait.
        await using var db = platform.Database("patient_billing");
        await using var connection = await db.OpenConnectionAsync(Ct);
        await Eventually.True(async () => await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM inbox WHERE consumer = 'ClaimPaymentPostedConsumer' AND message_id = ANY(@Ids)", new { Ids = new[] { messageId, republished } }) == 2,
            TimeSpan.FromSeconds(10), "both deliveries in the inbox");
        Assert.Single((await h.AccountAsync(patient)).GetProperty("entries").EnumerateArray());
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 45m);
    }

    [Fact]
    public async Task Takes_back_the_responsibility_of_a_reversed_payment_with_negative_entries()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        var claim = Guid.CreateVersion7();
        var dos = Today.AddDays(-30);
        await h.PostClaimPaymentAsync(Posting(h.Tenant.TenantId, patient, dos, Today.AddDays(-20), Owes(coinsurance: 40m),
            [Line("99213", dos, 200m, 120m, 40m)], claim));

        await h.PostClaimPaymentAsync(Posting(h.Tenant.TenantId, patient, dos, Today.AddDays(-10), Owes(coinsurance: -40m),
            [Line("99213", dos, -200m, -120m, -40m)], claim, reversal: true));

        var amounts = (await h.AccountAsync(patient)).GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("amount").GetDecimal()).ToList();
        Assert.Equal([40m, -40m], amounts);
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 0m);
    }

    [Fact]
    public async Task Keeps_the_patients_name_and_address_current_from_PatientUpdated()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync("Ada", "Lovelace");

        await PublishAsync(new PatientUpdated(h.Tenant.TenantId, patient, "MRN-UPD", "Ada", "King", new DateOnly(1980, 12, 10), "F",
            new Address("9 Ockham Rd", null, "Chicago", "IL", "60601"), null, DateTimeOffset.UtcNow));

        await Eventually.True(async () => (await h.AccountAsync(patient)).GetProperty("patientName").GetString() == "Ada King",
            TimeSpan.FromSeconds(15), "the new name");
        var account = await h.AccountAsync(patient);
        Assert.Equal("9 Ockham Rd", account.GetProperty("address").GetProperty("line1").GetString());
        Assert.Equal("MRN-UPD", account.GetProperty("mrn").GetString());
    }
}
