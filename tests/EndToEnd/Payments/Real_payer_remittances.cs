using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Payments;

/// <summary>
/// What real payers and clearinghouses send that our own simulator did not: the same ERA re-delivered, a claim paid twice,
/// crossovers, provider-level adjustments, denials and capitation. Each test names the rule it checks.
/// </summary>
public sealed class Real_payer_remittances(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static Clp Paid(string pcn, string? payerClaimNumber = "ICN-1") => new(pcn, 1, 100m, 70m,
        [new Svc("99213", 100m, 70m, [new Cas("CO", "45", 20m), new Cas("PR", "2", 10m)])], PayerClaimNumber: payerClaimNumber);

    static decimal D(JsonElement e, string name) => e.GetProperty(name).GetDecimal();

    // X221A1 TRN02 "uniquely identifies this transaction set" for the payer (TRN03); a clearinghouse re-delivers an ERA in a new
    // ISA/GS envelope, so the envelope must not decide whether a payment is new.
    [Fact]
    public async Task The_same_payment_re_delivered_in_a_new_envelope_posts_nothing_and_is_kept_as_a_duplicate()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, [("99213", 100m, [])]);
        var first = await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "EFT" + pcn, [Paid(pcn)]));

        // The clearinghouse's own envelope this time: another sender id and interchange control number, the same BPR/TRN/CLP.
        var again = await payments.PostAsync(Era.Build("CLEARINGHOUSE01", PaymentsDriver.NextControlNumber(), "EFT" + pcn, [Paid(pcn)]));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first, (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid());
        var duplicate = Assert.Single(await payments.FilesAsync("duplicate"));
        Assert.Contains(first.ToString(), duplicate.GetProperty("error").GetString());
        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal((70m, 0m), (D(ledger, "insurancePaid"), D(ledger, "creditBalance")));
        Assert.Single(ledger.GetProperty("entries").EnumerateArray(), e => e.GetProperty("kind").GetString() == "insurance-payment");
        Assert.Single(await payments.RemittancesAsync());
    }

    // BPR02/BPR16 cross-check the payment: the same payer's trace with another amount is not a re-delivery; nothing is posted.
    [Fact]
    public async Task The_same_trace_number_with_another_amount_is_refused_as_a_conflict_naming_TRN02()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var other = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, [("99213", 100m, [])]);
        var second = await payments.SubmitClaimAsync(other, [("99213", 100m, [])]);
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn, [Paid(pcn)]));

        var conflict = await payments.PostAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn, [Paid(pcn), Paid(other, "ICN-2")]));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("TRN", 2), (problem.GetProperty("segment").GetString(), problem.GetProperty("element").GetInt32()));
        Assert.Contains("CHK" + pcn, problem.GetProperty("detail").GetString());
        Assert.Equal(0m, D(await payments.AssertBalancedAsync(second.ClaimId), "insurancePaid"));
        Assert.Equal(70m, D(await payments.AssertBalancedAsync(claim.ClaimId), "insurancePaid"));
    }

    // A payer that pays a claim twice (another check, no reversal) has overpaid: the money is an insurance credit balance owed back
    // (Medicare: overpayments reported and returned within 60 days, 42 CFR 401.305), not a second adjudication; the patient's share
    // does not move again.
    [Fact]
    public async Task A_claim_paid_again_under_another_trace_is_an_insurance_credit_balance_until_refunded()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await using var posted = await EventProbe<ClaimPaymentPosted>.StartAsync();
        await using var overpaid = await EventProbe<InsuranceOverpaymentPosted>.StartAsync();
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, [("99213", 100m, [])]);
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK1" + pcn, [Paid(pcn)]));
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK2" + pcn, [Paid(pcn, "ICN-1B")]));

        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal((140m, 20m, 10m, -70m, 70m), (D(ledger, "insurancePaid"), D(ledger, "adjustments"), D(ledger, "patientResponsibility"),
            D(ledger, "insuranceBalance"), D(ledger, "creditBalance")));
        var notice = await overpaid.WaitFor(e => e.ClaimId == claim.ClaimId);
        Assert.Equal((70m, 70m, "CHK2" + pcn), (notice.Amount, notice.CreditBalance, notice.TraceNumber));
        // The overpayment was handled (its notice seen) without a second adjudication: one ClaimPaymentPosted, the first.
        Assert.Equal(1, posted.Count(e => e.ClaimId == claim.ClaimId));

        var credit = Assert.Single(await payments.CreditBalancesAsync());
        Assert.Equal((claim.ClaimId, 70m), (credit.GetProperty("claimId").GetGuid(), D(credit, "amount")));
        Assert.Contains("CHK2" + pcn, credit.GetProperty("reason").GetString());

        var tooMuch = await payments.Client.PostAsJsonAsync($"/api/payments/credit-balances/{claim.ClaimId}/refunds", new { amount = 70.01m }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("amount", await tooMuch.Content.ReadAsStringAsync(Ct));
        var part = await payments.Client.PostAsJsonAsync($"/api/payments/credit-balances/{claim.ClaimId}/refunds", new { amount = 30m, reference = "REFUND-881" }, Ct);
        Assert.Equal(HttpStatusCode.Created, part.StatusCode);
        Assert.Equal(40m, D(await part.Content.ReadFromJsonAsync<JsonElement>(Ct), "creditBalance"));
        var rest = await payments.Client.PostAsJsonAsync($"/api/payments/credit-balances/{claim.ClaimId}/refunds", new { reference = "REFUND-882" }, Ct);
        Assert.Equal(0m, D(await rest.Content.ReadFromJsonAsync<JsonElement>(Ct), "creditBalance"));
        Assert.Empty(await payments.CreditBalancesAsync());
        ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal((70m, 0m), (D(ledger, "insurancePaid"), D(ledger, "insuranceBalance")));
        var none = await payments.Client.PostAsJsonAsync($"/api/payments/credit-balances/{claim.ClaimId}/refunds", new { }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
    }

    // CLP07 is the payer's own claim number: only a claim sent to that payer can be the one it names.
    [Fact]
    public async Task A_payer_claim_number_matches_only_claims_sent_to_that_payer()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var claim = await payments.SubmitClaimAsync(PaymentsDriver.Pcn(), [("99213", 100m, [])], payerId: "OTHERPAYER", payerClaimNumber: "ICN-77");
        var unknownPcn = PaymentsDriver.Pcn();

        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + unknownPcn, [Paid(unknownPcn, "ICN-77")]));

        Assert.Equal("unmatched", Assert.Single(await payments.ExceptionsAsync()).GetProperty("reason").GetString());
        Assert.Equal(0m, D(await payments.AssertBalancedAsync(claim.ClaimId), "insurancePaid"));

        var again = PaymentsDriver.Pcn();
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + again, [Paid(again, "ICN-77")],
            payerId: "OTHERPAYER", payerTaxId: "1777777777", payerName: "OTHER PAYER"));
        Assert.Equal(70m, D(await payments.AssertBalancedAsync(claim.ClaimId), "insurancePaid"));
    }

    // X221A1 CLP02 19 "processed as primary, forwarded to additional payer(s)" with NM1*TT: the next payer's answer (CLP02 2 under the
    // same CLP01) belongs to that payer's claim; the secondary claim's receivable is only what the primary left (AR counts a visit once).
    [Fact]
    public async Task A_crossover_answer_waits_for_the_secondary_claim_and_never_posts_to_the_primary()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await using var posted = await EventProbe<ClaimPaymentPosted>.StartAsync();
        var pcn = PaymentsDriver.Pcn();
        var primary = await payments.SubmitClaimAsync(pcn, [("99213", 100m, [])]);
        var crossover = new Clp(pcn, 19, 100m, 70m, [new Svc("99213", 100m, 70m, [new Cas("CO", "45", 20m), new Cas("PR", "2", 10m)])],
            PayerClaimNumber: "ICN-P", CrossoverCarrier: ("MEDIGAP PLAN", "MGAP1"));
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHKP" + pcn, [crossover]));
        var primaryPosting = await posted.WaitFor(e => e.ClaimId == primary.ClaimId);
        Assert.Equal(("19", "MEDIGAP PLAN", "MGAP1"), (primaryPosting.ClaimStatusCode, primaryPosting.CrossoverCarrierName, primaryPosting.CrossoverCarrierId));

        // The secondary payer's 835 for the same CLP01 arrives before the crossed-over claim is known: it waits.
        var secondaryAnswer = new Clp(pcn, 2, 100m, 10m, [new Svc("99213", 100m, 10m, [new Cas("OA", "23", 90m)])], PayerClaimNumber: "ICN-S");
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHKS" + pcn, [secondaryAnswer],
            payerName: "MEDIGAP PLAN", payerId: "MGAP1", payerTaxId: "1888888888"));
        Assert.Equal("unmatched", Assert.Single(await payments.ExceptionsAsync()).GetProperty("reason").GetString());
        var primaryLedger = await payments.AssertBalancedAsync(primary.ClaimId);
        Assert.Equal((70m, 0m), (D(primaryLedger, "insurancePaid"), D(primaryLedger, "insuranceBalance")));

        // Claims records the crossed-over claim (a ClaimSubmitted for the secondary, same visit): the waiting answer posts to it.
        var secondary = await payments.SubmitClaimAsync(PaymentsDriver.Pcn(), [("99213", 100m, [])], payerId: "MGAP1", responsibility: "secondary",
            encounterId: primary.EncounterId, patientId: primary.PatientId);
        var secondaryPosting = await posted.WaitFor(e => e.ClaimId == secondary.ClaimId);
        Assert.Equal((10m, 0m), (secondaryPosting.Paid, secondaryPosting.InsuranceBalance));
        var ledger = await payments.AssertBalancedAsync(secondary.ClaimId);
        Assert.Equal((100m, 10m, 90m, 0m), (D(ledger, "charge"), D(ledger, "insurancePaid"), D(ledger, "adjustments"), D(ledger, "insuranceBalance")));
        Assert.Empty(await payments.ExceptionsAsync());
        Assert.Equal(70m, D(await payments.AssertBalancedAsync(primary.ClaimId), "insurancePaid"));
    }

    // A secondary claim bills the full charge again (837P CLM02) but its payer owes at most what the primary left (HFMA: AR is not
    // double counted across payers of one visit).
    [Fact]
    public async Task A_secondary_claims_receivable_is_what_the_primary_left_so_aging_counts_the_visit_once()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var dos = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-45);
        var primary = await payments.SubmitClaimAsync(pcn, [("99213", 100m, [])], dateOfService: dos);
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn, [Paid(pcn)]));
        var secondary = await payments.SubmitClaimAsync(PaymentsDriver.Pcn(), [("99213", 100m, [])], payerId: "SECOND1", responsibility: "secondary",
            encounterId: primary.EncounterId, patientId: primary.PatientId, dateOfService: dos);

        var ledger = await payments.AssertBalancedAsync(secondary.ClaimId);
        Assert.Equal((100m, 90m, 10m), (D(ledger, "charge"), D(ledger, "adjustments"), D(ledger, "insuranceBalance")));
        var aging = await payments.GetAsync("/api/payments/ar-aging");
        Assert.Equal(("date-of-service", 10m), (aging.GetProperty("basis").GetString(), D(aging, "total")));
        Assert.Equal(10m, D(aging.GetProperty("totals"), "days31To60"));
        var bySubmission = await payments.GetAsync("/api/payments/ar-aging?basis=submission");
        Assert.Equal(10m, D(bySubmission.GetProperty("totals"), "days0To30"));
        var bad = await payments.Client.GetAsync("/api/payments/ar-aging?basis=yesterday", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("basis", await bad.Content.ReadAsStringAsync(Ct));
    }

    // A denial is not a write-off: CO-50 stays in the insurance balance (in AR) while the biller appeals it; CO-24 capitation is a
    // contractual adjustment, not a denial (X12 CARC 24 "covered under a capitation agreement").
    [Fact]
    public async Task A_denied_line_stays_in_AR_and_a_capitated_line_does_not()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await using var posted = await EventProbe<ClaimPaymentPosted>.StartAsync();
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, [("99213", 100m, []), ("93000", 40m, [])]);

        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn,
        [
            new Clp(pcn, 1, 140m, 0m,
            [
                new Svc("99213", 100m, 0m, [new Cas("CO", "24", 100m)]),
                new Svc("93000", 40m, 0m, [new Cas("CO", "50", 40m)]),
            ], PayerClaimNumber: "ICN-9", ClaimRemarks: ["MA130"]),
        ]));

        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal((100m, 40m, 40m), (D(ledger, "adjustments"), D(ledger, "insuranceBalance"), D(ledger, "denied")));
        var lines = ledger.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal((0m, 0m), (D(lines[0], "insuranceBalance"), D(lines[0], "denied")));
        Assert.Equal((40m, 40m), (D(lines[1], "insuranceBalance"), D(lines[1], "denied")));
        Assert.Equal(40m, D(await payments.GetAsync("/api/payments/ar-aging"), "total"));
        var e = await posted.WaitFor(p => p.ClaimId == claim.ClaimId);
        Assert.Equal(["MA130"], e.ClaimRemarks);
        Assert.Equal(40m, e.InsuranceBalance);
    }

    // X221A1 1.10.2.12 and PLB: BPR02 = Σ CLP04 − Σ PLB. A reversal whose check would go negative carries the difference forward
    // (PLB FB, negative); the payer recovers it in a later check (FB positive). The reversal already took the money back on the
    // claim's ledger, so the later recovery must not take it again. L6 interest is income, not a claim payment.
    [Fact]
    public async Task Provider_level_adjustments_are_posted_and_a_recovery_is_never_counted_twice()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var other = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, [("99213", 100m, [])]);
        var otherClaim = await payments.SubmitClaimAsync(other, [("99213", 100m, [])]);
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK1" + pcn, [Paid(pcn)]));

        // Check 2: the payer reverses 70 and pays 50 on review; -20 is carried forward (PLB FB -20), the check pays 0.
        var reversal = new Clp(pcn, 22, -100m, -70m, [new Svc("99213", -100m, -70m, [new Cas("CO", "45", -20m), new Cas("PR", "2", -10m)])], PayerClaimNumber: "ICN-1");
        var corrected = new Clp(pcn, 1, 100m, 50m, [new Svc("99213", 100m, 50m, [new Cas("CO", "45", 40m), new Cas("PR", "2", 10m)])], PayerClaimNumber: "ICN-1");
        var second = await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK2" + pcn, [reversal, corrected],
            [new Plb("FB", "ICN-1", -20m)]));
        var secondView = await payments.GetAsync($"/api/remittances/{second}");
        var fb = Assert.Single(secondView.GetProperty("providerAdjustments").EnumerateArray());
        Assert.Equal(("forward-balance", claim.ClaimId, 0m), (fb.GetProperty("kind").GetString(), fb.GetProperty("claimId").GetGuid(), D(fb, "postedToClaim")));
        Assert.Equal(50m, D(await payments.AssertBalancedAsync(claim.ClaimId), "insurancePaid"));

        // Check 3: another claim paid 70, the 20 recovered (PLB FB +20 naming the claim), and 1.25 interest (PLB L6 -1.25).
        var third = await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK3" + pcn, [Paid(other, "ICN-2")],
            [new Plb("FB", "ICN-1", 20m), new Plb("L6", null, -1.25m)]));
        var view = await payments.GetAsync($"/api/remittances/{third}");
        var reconciliation = view.GetProperty("reconciliation");
        Assert.Equal((51.25m, 70m, 18.75m, 0m, true), (D(reconciliation, "paymentAmount"), D(reconciliation, "claimsPaid"),
            D(reconciliation, "providerAdjustments"), D(reconciliation, "difference"), reconciliation.GetProperty("balanced").GetBoolean()));
        Assert.Equal((1.25m, 0m), (D(reconciliation, "interestIncome"), D(reconciliation, "recoupedFromClaims")));
        Assert.Equal(50m, D(await payments.AssertBalancedAsync(claim.ClaimId), "insurancePaid"));
        Assert.Equal(70m, D(await payments.AssertBalancedAsync(otherClaim.ClaimId), "insurancePaid"));

        var providerLedger = await payments.GetAsync("/api/payments/provider-ledger");
        var payer = Assert.Single(providerLedger.GetProperty("payers").EnumerateArray());
        Assert.Equal((1.25m, 0m, 0m), (D(payer, "interestIncome"), D(payer, "recoupedFromClaims"), D(payer, "carriedBalance")));
    }

    // PLB WO (overpayment recovery) naming a claim the payer overpaid, with no reversal: the recovery takes the credit off the claim.
    [Fact]
    public async Task A_recoupment_naming_an_overpaid_claim_takes_its_credit_balance_back()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var other = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, [("99213", 100m, [])]);
        await payments.SubmitClaimAsync(other, [("99213", 100m, [])]);
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK1" + pcn, [Paid(pcn)]));
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK2" + pcn, [Paid(pcn, "ICN-1B")]));
        Assert.Equal(70m, D(Assert.Single(await payments.CreditBalancesAsync()), "amount"));

        var id = await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK3" + pcn, [Paid(other, "ICN-2")],
            [new Plb("WO", pcn, 70m)]));

        var plb = Assert.Single((await payments.GetAsync($"/api/remittances/{id}")).GetProperty("providerAdjustments").EnumerateArray());
        Assert.Equal(("recoupment", 70m), (plb.GetProperty("kind").GetString(), D(plb, "postedToClaim")));
        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal((70m, 0m, 0m), (D(ledger, "insurancePaid"), D(ledger, "insuranceBalance"), D(ledger, "creditBalance")));
        Assert.Empty(await payments.CreditBalancesAsync());
        Assert.Equal(70m, D(Assert.Single((await payments.GetAsync("/api/payments/provider-ledger")).GetProperty("payers").EnumerateArray()), "recoupedFromClaims"));
    }
}
