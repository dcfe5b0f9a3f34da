using System.Net;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.PatientBilling.BillingHarness;
using static RevenueCycle.EndToEnd.PatientBilling.Postings;

namespace RevenueCycle.EndToEnd.PatientBilling;

/// <summary>
/// A statement bills what the payers have adjudicated and lists a visit still with insurance apart, out of the amount due.
/// Why: a patient owes a visit's share only once insurance has processed it, so statements go out "only AFTER the insurance
/// has paid their portion" (https://nocg.org/financial-policies/monthly-statements/); statements that carry both show
/// "Insurance Pending — charges that have been submitted to insurance but have not yet been paid on" beside "Patient Pay —
/// total amount owed by patient after all insurance payments are posted"
/// (https://syracusecmh.org/hospitalpatients-visitors/guide-to-reading-and-understanding-your-bill/), and Epic's statement
/// amount due "only includes outstanding self-pay balances" (https://open.epic.com/EHITables/GetTable/STMT_PB_DETAIL.htm).
/// Holding the whole account back instead would leave an adjudicated balance unbilled for as long as any later visit waits.
/// </summary>
public sealed class A_visit_still_with_insurance(PlatformFixture platform)
{
    [Fact]
    public async Task Is_listed_apart_while_the_adjudicated_visit_is_billed_and_is_billed_itself_once_the_payer_answers()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync("Grace", "Hopper");
        var first = Today.AddDays(-100);
        var second = Today.AddDays(-75);
        var (adjudicated, pending) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await h.SubmitClaimAsync(patient, adjudicated, first, "Aetna", 200m);
        await h.SubmitClaimAsync(patient, pending, second, "Blue Cross", 180m);
        await h.ClaimWithInsuranceAsync(adjudicated);
        await h.ClaimWithInsuranceAsync(pending);
        await h.PostClaimPaymentAsync(Posting(h.Tenant.TenantId, patient, first, Today.AddDays(-90), Owes(coinsurance: 50m),
            [Line("99213", first, 200m, 120m, 50m)], adjudicated));

        var run = await h.RunStatementsAsync(Today.AddDays(-70));
        Assert.Equal((1, 0), (I(run, "issued"), I(run, "skippedWithInsurance")));
        Assert.Equal(1, I(run, "issuedWithPendingInsurance"));
        var s = await LatestStatementAsync(h, patient);
        Assert.Equal(("statement", 1), (s.GetProperty("notice").GetString(), I(s, "dunningStep")));
        Assert.Equal((50m, 50m, 50m), (M(s, "newCharges"), M(s, "balance"), M(s, "amountDue")));
        var billed = Assert.Single(s.GetProperty("datesOfService").EnumerateArray());
        Assert.Equal((first, 50m, 50m), (D(billed, "dateOfService"), M(billed, "patientOwes"), M(billed, "remaining")));
        var listed = Assert.Single(s.GetProperty("pendingInsurance").EnumerateArray());
        Assert.Equal((second, "Blue Cross", "primary"), (D(listed, "dateOfService"), listed.GetProperty("payer").GetString(),
            listed.GetProperty("payerResponsibility").GetString()));
        Assert.Equal((180m, 0m, 180m), (M(listed, "charges"), M(listed, "insurancePaid"), M(listed, "pending")));
        Assert.Equal(180m, M(s, "pendingInsuranceTotal"));
        Assert.Contains("not included in the amount due", s.GetProperty("message").GetString());

        var html = await HtmlAsync(h, s);
        Assert.Contains("id=\"amount-due\">$50.00<", html);
        Assert.Contains("id=\"pending-insurance-total\">$180.00<", html);
        var section = html[html.IndexOf("<section id=\"pending-insurance\">", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains($"<td>{U(second)}</td><td>Blue Cross (primary)</td>", section);
        Assert.Contains("<td class=\"num\">$180.00</td></tr>", section);
        Assert.Contains($"Date of service {U(first)}", html);
        Assert.DoesNotContain($"Date of service {U(second)}", html);

        // Paid in full, with only the pending visit left: no statement, and the dunning sequence starts over.
        await h.PaidAsync(patient, 50m, "check", receivedOn: Today.AddDays(-60));
        var quiet = await h.RunStatementsAsync(Today.AddDays(-35));
        Assert.Equal((0, 1), (I(quiet, "issued"), I(quiet, "skippedWithInsurance")));
        Assert.Equal(0, I(await h.AccountAsync(patient), "dunningStep"));

        await h.PostClaimPaymentAsync(Posting(h.Tenant.TenantId, patient, second, Today.AddDays(-5), Owes(copay: 30m),
            [Line("99213", second, 180m, 110m, 30m)], pending));
        Assert.False((await h.AccountAsync(patient)).GetProperty("claimsWithInsurance").GetBoolean());
        var next = await h.RunStatementsAsync(Today);
        Assert.Equal(1, I(next, "issued"));
        Assert.Equal(0, I(next, "issuedWithPendingInsurance"));
        var s2 = await LatestStatementAsync(h, patient);
        Assert.Equal(("statement", 1), (s2.GetProperty("notice").GetString(), I(s2, "dunningStep")));
        Assert.Equal((50m, 30m, -50m, 30m, 30m),
            (M(s2, "previousBalance"), M(s2, "newCharges"), M(s2, "paymentsAndCredits"), M(s2, "balance"), M(s2, "amountDue")));
        var now = Assert.Single(s2.GetProperty("datesOfService").EnumerateArray());
        Assert.Equal((second, 180m, 110m, 30m, 30m), (D(now, "dateOfService"), M(now, "charges"), M(now, "insurancePaid"), M(now, "patientOwes"), M(now, "remaining")));
        Assert.Empty(s2.GetProperty("pendingInsurance").EnumerateArray());
        Assert.Equal(0m, M(s2, "pendingInsuranceTotal"));
        Assert.DoesNotContain("id=\"pending-insurance\"", await HtmlAsync(h, s2));
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 30m);
    }

    [Fact]
    public async Task Whose_secondary_claim_is_out_is_listed_for_the_share_the_secondary_may_pay_and_not_billed()
    {
        await using var h = await StartAsync(platform);
        var tenant = h.Tenant.TenantId;
        var patient = await h.PatientAsync("Walter", "Brennan");
        var dos = Today.AddDays(-40);
        var (encounter, primary, secondary) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await h.SubmitClaimAsync(patient, primary, dos, "Medicare Part B", 245m, encounter, "primary");
        await h.ClaimWithInsuranceAsync(primary);
        await h.PostClaimPaymentAsync(Posting(tenant, patient, dos, Today.AddDays(-30), Owes(coinsurance: 29.99m),
            [Line("G0439", dos, 245m, 119.96m, 29.99m)], primary));
        await h.SubmitClaimAsync(patient, secondary, dos, "Illinois Medicaid", 245m, encounter, "secondary");
        await Eventually.True(async () => (await h.AccountAsync(patient)).GetProperty("balance").GetDecimal() == 0m,
            TimeSpan.FromSeconds(20), "the primary's share moved to the secondary payer");
        await h.PostClaimPaymentAsync(Visit(tenant, patient, Today.AddDays(-20), Today.AddDays(-10), 40m));

        var run = await h.RunStatementsAsync(Today);
        Assert.Equal((1, 0), (I(run, "issued"), I(run, "skippedWithInsurance")));
        Assert.Equal(1, I(run, "issuedWithPendingInsurance"));
        var s = await LatestStatementAsync(h, patient);
        Assert.Equal((40m, 40m), (M(s, "balance"), M(s, "amountDue")));
        Assert.Equal(Today.AddDays(-20), D(Assert.Single(s.GetProperty("datesOfService").EnumerateArray()), "dateOfService"));
        var listed = Assert.Single(s.GetProperty("pendingInsurance").EnumerateArray());
        Assert.Equal((dos, "Illinois Medicaid", "secondary"), (D(listed, "dateOfService"), listed.GetProperty("payer").GetString(),
            listed.GetProperty("payerResponsibility").GetString()));
        Assert.Equal((245m, 119.96m, 29.99m), (M(listed, "charges"), M(listed, "insurancePaid"), M(listed, "pending")));
        Assert.Equal(29.99m, M(s, "pendingInsuranceTotal"));
        await h.AssertBalanceIsSumOfEntriesAsync(patient, 40m);
    }

    static async Task<JsonElement> LatestStatementAsync(BillingHarness h, Guid patient)
    {
        var statements = (await h.AccountAsync(patient)).GetProperty("statements");
        var id = statements[statements.GetArrayLength() - 1].GetProperty("id").GetGuid();
        return await h.Client.GetJsonAsync($"/api/patient-billing/statements/{id}", TimeSpan.FromSeconds(5));
    }

    static async Task<string> HtmlAsync(BillingHarness h, JsonElement statement)
    {
        using var response = await h.Client.GetAsync($"/api/patient-billing/statements/{statement.GetProperty("id").GetGuid()}/html", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>A date as the printed statement shows it.</summary>
    static string U(DateOnly d) => d.ToString("MM/dd/yyyy", System.Globalization.CultureInfo.InvariantCulture);
    static int I(JsonElement e, string name) => e.GetProperty(name).GetInt32();
    static DateOnly D(JsonElement e, string name) => DateOnly.Parse(e.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    static decimal M(JsonElement e, string name) => e.GetProperty(name).GetDecimal();
}
