using System.Net.Http.Json;
using System.Net;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Payments;

public sealed class Posting_remittances(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly (string, decimal, string[])[] OfficeAndLab = [("99214", 180m, ["25"]), ("80053", 70m, [])];

    static Clp PaidClaim(string pcn, string? payerClaimNumber = "PAYER-1") => new(pcn, 1, 250m, 133.53m,
    [
        new Svc("99214", 180m, 112.4m, [new Cas("CO", "45", 47.6m), new Cas("PR", "2", 20m)], ["25"]),
        new Svc("80053", 70m, 21.13m, [new Cas("CO", "45", 38.87m), new Cas("PR", "1", 10m)]),
    ], PayerClaimNumber: payerClaimNumber);

    [Fact]
    public async Task A_paid_claim_with_CO_45_and_PR_2_balances_its_ledger_and_publishes_the_coinsurance()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await using var probe = await EventProbe<ClaimPaymentPosted>.StartAsync();
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, OfficeAndLab);

        var id = await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn, [PaidClaim(pcn)]));

        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal(250m, ledger.GetProperty("charge").GetDecimal());
        Assert.Equal(133.53m, ledger.GetProperty("insurancePaid").GetDecimal());
        Assert.Equal(86.47m, ledger.GetProperty("adjustments").GetDecimal());
        Assert.Equal(30m, ledger.GetProperty("patientResponsibility").GetDecimal());
        Assert.Equal(0m, ledger.GetProperty("insuranceBalance").GetDecimal());
        var office = ledger.GetProperty("lines")[0];
        Assert.Equal((112.4m, 47.6m, 20m), (office.GetProperty("insurancePaid").GetDecimal(), office.GetProperty("adjustments").GetDecimal(),
            office.GetProperty("patientResponsibility").GetDecimal()));

        var posted = await probe.WaitFor(e => e.ClaimId == claim.ClaimId);
        Assert.Equal((id, "1", 133.53m, 0m, false), (posted.RemittanceId, posted.ClaimStatusCode, posted.Paid, posted.InsuranceBalance, posted.IsReversal));
        Assert.Equal(new PatientResponsibility(10m, 20m, 0m, 0m, 0m), posted.PatientResponsibility);
        Assert.Contains(posted.Adjustments, a => a is { Group: "CO", Carc: "45", Amount: 47.6m, LineNumber: 1 });
        Assert.Equal(claim.PatientId, posted.PatientId);

        var remittance = await payments.GetAsync($"/api/remittances/{id}");
        Assert.Equal("ACME HEALTH PLAN", remittance.GetProperty("payerName").GetString());
        Assert.Equal(133.53m, remittance.GetProperty("paymentAmount").GetDecimal());
        var clp = remittance.GetProperty("claims")[0];
        Assert.Equal(claim.ClaimId, clp.GetProperty("claimId").GetGuid());
        Assert.Equal(30m, clp.GetProperty("patientResponsibility").GetDecimal());
        Assert.Equal(4, clp.GetProperty("adjustments").GetArrayLength());
    }

    [Fact]
    public async Task A_denial_is_posted_as_the_payer_adjusted_it()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await using var probe = await EventProbe<ClaimPaymentPosted>.StartAsync();
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, [("99213", 100m, [])]);

        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn,
            [new Clp(pcn, 4, 100m, 0m, [new Svc("99213", 100m, 0m, [new Cas("CO", "50", 100m)])])]));

        // A denial stays in AR until it is appealed, corrected or written off: CO-50 is recorded as denied, not adjusted away.
        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal((0m, 0m, 100m, 100m), (ledger.GetProperty("insurancePaid").GetDecimal(), ledger.GetProperty("adjustments").GetDecimal(),
            ledger.GetProperty("insuranceBalance").GetDecimal(), ledger.GetProperty("denied").GetDecimal()));
        var posted = await probe.WaitFor(e => e.ClaimId == claim.ClaimId);
        Assert.Equal("4", posted.ClaimStatusCode);
        Assert.Contains(posted.Adjustments, a => a is { Group: "CO", Carc: "50", Amount: 100m });
    }

    [Fact]
    public async Task A_reversal_takes_back_the_earlier_payment_and_the_corrected_claim_posts_after_it()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await using var probe = await EventProbe<ClaimPaymentPosted>.StartAsync();
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, OfficeAndLab);
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK1" + pcn, [PaidClaim(pcn)]));

        var reversal = new Clp(pcn, 22, -250m, -133.53m,
        [
            new Svc("99214", -180m, -112.4m, [new Cas("CO", "45", -47.6m), new Cas("PR", "2", -20m)], ["25"]),
            new Svc("80053", -70m, -21.13m, [new Cas("CO", "45", -38.87m), new Cas("PR", "1", -10m)]),
        ], PayerClaimNumber: "PAYER-1");
        var corrected = new Clp(pcn, 1, 250m, 150m,
        [
            new Svc("99214", 180m, 120m, [new Cas("CO", "45", 40m), new Cas("PR", "2", 20m)], ["25"]),
            new Svc("80053", 70m, 30m, [new Cas("CO", "45", 40m)]),
        ], PayerClaimNumber: "PAYER-2");
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK2" + pcn, [reversal, corrected]));

        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal(150m, ledger.GetProperty("insurancePaid").GetDecimal());
        Assert.Equal(80m, ledger.GetProperty("adjustments").GetDecimal());
        Assert.Equal(20m, ledger.GetProperty("patientResponsibility").GetDecimal());
        Assert.Equal(0m, ledger.GetProperty("insuranceBalance").GetDecimal());
        var reversals = ledger.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "reversal").ToList();
        Assert.Equal(-133.53m, reversals.Where(e => e.GetProperty("bucket").GetString() == "insurance-paid").Sum(e => e.GetProperty("amount").GetDecimal()));

        await Eventually.True(() => Task.FromResult(probe.Count(e => e.ClaimId == claim.ClaimId) == 3), TimeSpan.FromSeconds(15), "three postings");
        var taken = await probe.WaitFor(e => e.ClaimId == claim.ClaimId && e.IsReversal);
        Assert.Equal((-133.53m, "22", -30m), (taken.Paid, taken.ClaimStatusCode, taken.PatientResponsibility.Total));
        var repost = await probe.WaitFor(e => e.ClaimId == claim.ClaimId && e.PayerClaimNumber == "PAYER-2");
        Assert.Equal((150m, 0m), (repost.Paid, repost.InsuranceBalance));
    }

    [Fact]
    public async Task Provider_level_adjustments_are_kept_with_the_remittance()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, OfficeAndLab);

        var id = await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn, [PaidClaim(pcn)],
            [new Plb("WO", "PCN000777", 12.5m), new Plb("L6", null, -1.25m)]));

        var remittance = await payments.GetAsync($"/api/remittances/{id}");
        Assert.Equal(133.53m - 11.25m, remittance.GetProperty("paymentAmount").GetDecimal());
        var plb = remittance.GetProperty("providerAdjustments").EnumerateArray().ToList();
        Assert.Equal(2, plb.Count);
        Assert.Equal(("WO", "PCN000777", 12.5m), (plb[0].GetProperty("reasonCode").GetString(), plb[0].GetProperty("reference").GetString(), plb[0].GetProperty("amount").GetDecimal()));
        Assert.Equal(("L6", -1.25m), (plb[1].GetProperty("reasonCode").GetString(), plb[1].GetProperty("amount").GetDecimal()));
        // Provider-level money is not the claim's: the claim's ledger holds exactly its CLP.
        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal(133.53m, ledger.GetProperty("insurancePaid").GetDecimal());
    }

    [Fact]
    public async Task The_same_835_again_answers_200_with_the_first_id_and_posts_nothing_twice()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await using var probe = await EventProbe<ClaimPaymentPosted>.StartAsync();
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, OfficeAndLab);
        var x12 = Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn, [PaidClaim(pcn)]);

        var first = await payments.PostAcceptedAsync(x12);
        var again = await payments.PostAsync(x12);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first, (await again.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("id").GetGuid());
        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal(133.53m, ledger.GetProperty("insurancePaid").GetDecimal());
        Assert.Single(await payments.RemittancesAsync());
        // The second delivery was seen and kept as a duplicate (not a fixed wait): one posting on the ledger, one event.
        Assert.Single(await payments.FilesAsync("duplicate"));
        Assert.Single(ledger.GetProperty("entries").EnumerateArray(), e => e.GetProperty("kind").GetString() == "insurance-payment"
            && e.GetProperty("lineNumber").GetInt32() == 1);
        await probe.WaitFor(e => e.ClaimId == claim.ClaimId);
        Assert.Equal(1, probe.Count(e => e.ClaimId == claim.ClaimId));
    }

    [Fact]
    public async Task A_replacement_claim_takes_the_payment_for_its_patient_control_number()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var original = await payments.SubmitClaimAsync(pcn, OfficeAndLab, DateTimeOffset.UtcNow.AddDays(-10));
        var replacement = await payments.SubmitClaimAsync(pcn, OfficeAndLab, frequency: 7, replaces: original.ClaimId);

        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn, [PaidClaim(pcn)]));

        Assert.Equal(133.53m, (await payments.AssertBalancedAsync(replacement.ClaimId)).GetProperty("insurancePaid").GetDecimal());
        Assert.Equal(0m, (await payments.AssertBalancedAsync(original.ClaimId)).GetProperty("insurancePaid").GetDecimal());
    }

    /// <summary>The file's status (the Location of a 202) once it is final: received and posting are not.</summary>
    static async Task<System.Text.Json.JsonElement> FinalStatusAsync(PaymentsDriver payments, string location) =>
        (System.Text.Json.JsonElement)await Eventually.Get<object>(async () =>
            await payments.GetAsync(location) is var file && file.GetProperty("status").GetString() is not ("received" or "posting") ? file : null,
            TimeSpan.FromSeconds(60), $"the file at {location} to be posted or refused");

    [Fact]
    public async Task An_upload_that_prefers_respond_async_is_answered_202_with_its_file_status_which_reaches_posted()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, OfficeAndLab);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/remittances")
        {
            Content = new StringContent(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn, [PaidClaim(pcn)]),
                System.Text.Encoding.ASCII, "application/edi-x12"),
        };
        request.Headers.Add("Prefer", "respond-async");

        using var response = await payments.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("respond-async", Assert.Single(response.Headers.GetValues("Preference-Applied")));
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/api/remittances/files/", location);
        var file = await FinalStatusAsync(payments, location);
        Assert.Equal("posted", file.GetProperty("status").GetString());
        Assert.Equal((1, 1, 0), (file.GetProperty("claimCount").GetInt32(), file.GetProperty("postedCount").GetInt32(), file.GetProperty("exceptionCount").GetInt32()));
        var remittanceId = Assert.Single(file.GetProperty("remittanceIds").EnumerateArray()).GetGuid();
        Assert.Equal(claim.ClaimId, (await payments.GetAsync($"/api/remittances/{remittanceId}")).GetProperty("claims")[0].GetProperty("claimId").GetGuid());
        Assert.Equal(133.53m, (await payments.AssertBalancedAsync(claim.ClaimId)).GetProperty("insurancePaid").GetDecimal());
    }

    [Fact]
    public async Task A_bad_835_posted_asynchronously_is_rejected_and_its_status_names_the_segment()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        await payments.SubmitClaimAsync(pcn, OfficeAndLab);
        // X221A1 SVC balancing: SVC02 − SVC03 must equal the line's CAS; here 100 − 80 is 20 but CAS says 10.
        var x12 = Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn,
            [new Clp(pcn, 1, 100m, 80m, [new Svc("99214", 100m, 80m, [new Cas("CO", "45", 10m)])], [new Cas("CO", "45", 10m)])]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/remittances") { Content = new StringContent(x12, System.Text.Encoding.ASCII, "application/edi-x12") };
        request.Headers.Add("Prefer", "respond-async");

        using var response = await payments.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var file = await FinalStatusAsync(payments, response.Headers.Location!.ToString());
        Assert.Equal(("rejected", "SVC"), (file.GetProperty("status").GetString(), file.GetProperty("segment").GetString()));
        Assert.True(file.GetProperty("segmentPosition").GetInt64() > 0);
        Assert.Contains("SVC", file.GetProperty("error").GetString());
        Assert.Empty(file.GetProperty("remittanceIds").EnumerateArray());
        Assert.Empty(await payments.ExceptionsAsync());
    }
}
