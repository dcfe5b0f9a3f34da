// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// The clean claim: registered, verified, seen, coded, claimed, accepted, paid in full by the payer and
/// the patient's coinsurance billed on a statement.
/// </summary>
public sealed class Clean_claim_paid_and_billed(PlatformFixture platform)
{
    [Fact]
    public async Task A_clean_claim_is_paid_in_full_and_the_coinsurance_goes_on_the_patients_statement()
    {
        await using var h = await StartAsync(platform, "Cycle: clean claim");
        var (payer, payerId) = await h.PayerAsync("Summit Health PPO", new { allowedPercent = 80m });
        var memberId = h.NewMemberId();
        await h.MemberAsync(payerId, memberId, Plan(deductible: 500m, deductibleMet: 500m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Ada", "Lovelace");
        var coverage = await h.CoverageAsync(patient, payer, memberId);

        var eligibility = await h.EligibilityAsync(coverage);
        Assert.Equal("active", Str(eligibility, "status"));
        Assert.Equal(0m, M(eligibility, "deductibleRemaining"));
        Assert.Equal(20m, M(eligibility, "coinsurancePercent"));

        var encounter = await h.VisitAsync(patient, ["E11.9", "I10"], Line("99213", pointers: [1, 2]));
        var claim = await h.ClaimForEncounterAsync(encounter);
        Assert.Equal(150m, M(claim, "totalCharge"));
        Assert.Equal(1, claim.GetProperty("frequency").GetInt32());
        await h.ClaimInStatusAsync(Id(claim), "paid");
        var paid = await h.ClaimThroughAsync(Id(claim), "accepted");
        Assert.Contains("submitted", paid.GetProperty("history").EnumerateArray().Select(x => Str(x, "status")));
        Assert.Equal("paid", Str(paid, "status")); // a late 277CA adds to the history without moving the status back
        Assert.False(string.IsNullOrEmpty(Str(paid, "payerClaimNumber")), "the 277CA gives the payer's claim number");

        // 80% of $150 allowed = $120; $30 written off (CO-45); 20% coinsurance of $120 = $24 the patient's; $96 paid.
        var ledger = await h.LedgerWhenAsync(Id(claim), l => M(l, "insurancePaid") == 96m, "the 835 posted");
        Assert.Equal((150m, 96m, 30m, 24m, 0m),
            (M(ledger, "charge"), M(ledger, "insurancePaid"), M(ledger, "adjustments"), M(ledger, "patientResponsibility"), M(ledger, "insuranceBalance")));

        var account = await h.AccountWithBalanceAsync(patient, 24m);
        var coinsurance = Assert.Single(account.GetProperty("entries").EnumerateArray(), e => Str(e, "kind") == "coinsurance");
        Assert.Equal(24m, M(coinsurance, "amount"));
        Assert.Equal(Id(claim).ToString(), Str(coinsurance, "claimId"));

        var run = await Eventually.Get<object>(async () =>
        {
            var r = await h.PostAsync("/api/patient-billing/statements/run", new { asOf = Today });
            return r.GetProperty("issued").GetInt32() > 0 ? r : null;
        }, Patience, "a statement run that issues the statement");
        Assert.Equal(1, ((System.Text.Json.JsonElement)run).GetProperty("issued").GetInt32());
        var statements = (await h.AccountAsync(patient)).GetProperty("statements");
        Assert.Equal(1, statements.GetArrayLength());
        var statement = await h.Client.GetJsonAsync($"/api/patient-billing/statements/{Id(statements[0])}", Patience);
        Assert.Equal(24m, M(statement, "amountDue"));
        Assert.Equal(24m, M(statement, "balance"));
        Assert.Equal(Today, Str(statement, "statementDate"));
        var visit = Assert.Single(statement.GetProperty("datesOfService").EnumerateArray());
        Assert.Equal((150m, 96m, 30m, 24m), (M(visit, "charges"), M(visit, "insurancePaid"), M(visit, "adjustments"), M(visit, "patientOwes")));
        Assert.Equal("99213", Str(Assert.Single(visit.GetProperty("services").EnumerateArray()), "procedureCode"));

        // Net collection rate so far: the payer's $96 over the $150 charged less the $30 its contract allows less (CO-45).
        var measures = await MeasuresWhenAsync(h, m => M(m, "insurancePaymentsLast90Days") == 96m && M(m, "patientAr") == 24m,
            "the insurance payment and the patient's share in the measures");
        Assert.Equal((150m, 30m, 0m), (M(measures, "chargesLast90Days"), M(measures, "contractualAdjustmentsLast90Days"), M(measures, "patientPaymentsLast90Days")));
        Assert.Equal(80.0m, M(measures.GetProperty("netCollectionRate"), "value"));
        Assert.False(measures.GetProperty("netCollectionRate").GetProperty("meetsTarget").GetBoolean());

        // Days in AR count what the patient owes with what the payers owe: nothing is left with the payer, the patient owes
        // $24, and $150 over 90 days is $1.67 a day: 14.4 days (the payers' part alone: 0).
        Assert.Equal((0m, 24m, 24m), (M(measures, "insuranceAr"), M(measures, "patientAr"), M(measures, "totalAr")));
        Assert.Equal(14.4m, M(measures.GetProperty("daysInAr"), "value"));
        Assert.True(measures.GetProperty("daysInAr").GetProperty("meetsTarget").GetBoolean());
        Assert.Equal(0m, M(measures.GetProperty("daysInInsuranceAr"), "value"));
        // As of yesterday the patient owed nothing yet: the AR is each account's last state before that day ended.
        var yesterday = DateOnly.Parse(Today, System.Globalization.CultureInfo.InvariantCulture).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0m, M(await h.Client.GetJsonAsync($"/api/payments/measures?asOf={yesterday}", Patience), "patientAr"));

        // The patient pays the statement: the account is settled.
        await PayAsync(h, $"/api/patient-billing/accounts/{patient}/payments", new { amount = 24m, method = "card" });
        var settled = await h.AccountWithBalanceAsync(patient, 0m);
        Assert.Contains(settled.GetProperty("entries").EnumerateArray(), e => Str(e, "kind") == "payment" && M(e, "amount") == -24m);
        measures = await MeasuresWhenAsync(h, m => M(m, "patientPaymentsLast90Days") == 24m && M(m, "patientAr") == 0m,
            "the patient's payment in the measures");
        Assert.Equal(100.0m, M(measures.GetProperty("netCollectionRate"), "value"));
        Assert.True(measures.GetProperty("netCollectionRate").GetProperty("meetsTarget").GetBoolean());
        Assert.Equal(0.0m, M(measures.GetProperty("daysInAr"), "value"));

        // Paid twice by mistake, the $10 extra is refunded: what the practice collected is what it keeps.
        await PayAsync(h, $"/api/patient-billing/accounts/{patient}/payments", new { amount = 10m, method = "cash" });
        await MeasuresWhenAsync(h, m => M(m, "patientPaymentsLast90Days") == 34m, "the second payment in the measures");
        await PayAsync(h, $"/api/patient-billing/accounts/{patient}/refunds", new { amount = 10m, reason = "Paid twice", method = "cash" });
        measures = await MeasuresWhenAsync(h, m => M(m, "patientPaymentsLast90Days") == 24m, "the refund in the measures");
        Assert.Equal(100.0m, M(measures.GetProperty("netCollectionRate"), "value"));
        Assert.Equal(0m, M(measures, "patientAr")); // a credit held for the patient is not a receivable

        await Invariants.AssertAsync(h, patient);
    }

    static async Task PayAsync(CycleHarness h, string url, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await h.Expect(await h.Client.SendAsync(request), System.Net.HttpStatusCode.Created);
    }

    static async Task<System.Text.Json.JsonElement> MeasuresWhenAsync(CycleHarness h, Func<System.Text.Json.JsonElement, bool> condition, string what) =>
        (System.Text.Json.JsonElement)await Eventually.Get<object>(async () =>
        {
            var m = await h.Client.GetJsonAsync("/api/payments/measures", Patience);
            return condition(m) ? m : null;
        }, Patience, what);
}
