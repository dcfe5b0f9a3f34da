// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// The whole cycle against payers that behave as real ones do (the simulator's per-payer settings, docs/clearinghouse.md), with the
/// money invariants after each: re-delivered ERAs, a claim paid twice, a crossover, a recoupment by reversal and PLB WO, a forward
/// balance (FB) over two checks, L6 interest, claim-level-only remittances, CO-24 capitation and MOA remarks on a denial.
/// </summary>
public sealed class Real_payer_behaviour(PlatformFixture platform)
{
    static async Task<(CycleHarness H, Guid Patient, Guid Payer, string PayerId, string Member)> PracticeAsync(PlatformFixture platform, string name, object settings)
    {
        var h = await StartAsync(platform, name);
        var (payer, payerId) = await h.PayerAsync("Great Lakes Health", settings);
        var member = h.NewMemberId();
        await h.MemberAsync(payerId, member, Plan(deductible: 0m, deductibleMet: 0m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Rosa", "Parks");
        await h.CoverageAsync(patient, payer, member);
        return (h, patient, payer, payerId, member);
    }

    static async Task<List<JsonElement>> ItemsAsync(CycleHarness h, string url) =>
        [.. (await h.Client.GetJsonAsync(url, Patience)).GetProperty("items").EnumerateArray()];

    // Clearinghouses re-deliver ERAs in new envelopes (X221A1 TRN02 identifies the payment, not ISA13): the second copy is seen and kept
    // as a duplicate, and nothing is posted twice.
    [Fact]
    public async Task A_re_delivered_ERA_is_recorded_as_a_duplicate_and_posts_once()
    {
        var (h, patient, _, _, _) = await PracticeAsync(platform, "Cycle: re-delivered ERA", new { allowedPercent = 80m, redeliverEras = true });
        await using var _ = h;
        var claim = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["J02.0"], Line("99213")));
        await h.ClaimInStatusAsync(Id(claim), "paid");

        await Eventually.True(async () => (await ItemsAsync(h, "/api/remittances/files?status=duplicate")).Count == 1, Patience, "the second delivery kept as a duplicate");
        var posted = Assert.Single(await ItemsAsync(h, "/api/remittances/files?status=posted"));
        var duplicate = Assert.Single(await ItemsAsync(h, "/api/remittances/files?status=duplicate"));
        Assert.Contains(posted.GetProperty("remittanceIds")[0].GetGuid().ToString(), Str(duplicate, "error"));
        // $150, 80% allowed = $120, 20% coinsurance $24, $96 paid — once.
        var ledger = await h.LedgerWhenAsync(Id(claim), l => M(l, "insurancePaid") == 96m, "the payment posted");
        Assert.Equal((24m, 0m), (M(ledger, "patientResponsibility"), M(ledger, "insuranceBalance")));
        Assert.Single(await ItemsAsync(h, "/api/remittances"));
        await h.AccountWithBalanceAsync(patient, 24m);
        await Invariants.AssertAsync(h, patient);
    }

    // A payer paying the same claim twice (another check, no reversal) leaves an insurance credit balance the practice must return
    // (42 CFR 401.305 for Medicare); the patient's coinsurance is not billed twice.
    [Fact]
    public async Task A_claim_paid_twice_is_a_credit_balance_refunded_to_the_payer_and_the_patient_owes_once()
    {
        var (h, patient, _, _, _) = await PracticeAsync(platform, "Cycle: paid twice", new { allowedPercent = 80m, payTwice = true });
        await using var _ = h;
        var claim = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["J02.0"], Line("99213")));
        await h.ClaimInStatusAsync(Id(claim), "paid");

        var ledger = await h.LedgerWhenAsync(Id(claim), l => M(l, "creditBalance") == 96m, "the second payment posted as a credit");
        Assert.Equal((192m, 24m, -96m), (M(ledger, "insurancePaid"), M(ledger, "patientResponsibility"), M(ledger, "insuranceBalance")));
        var credit = Assert.Single(await ItemsAsync(h, "/api/payments/credit-balances"));
        Assert.Equal((Id(claim), 96m), (credit.GetProperty("claimId").GetGuid(), M(credit, "amount")));
        await Eventually.True(async () => (await h.ClaimAsync(Id(claim))).GetProperty("history").EnumerateArray()
            .Any(e => Str(e, "detail")?.Contains("again", StringComparison.Ordinal) == true), Patience, "the claim's history to show the second payment");
        Assert.Equal("paid", Str(await h.ClaimAsync(Id(claim)), "status"));
        await h.AccountWithBalanceAsync(patient, 24m);

        var refund = await h.Client.PostAsJsonAsync($"/api/payments/credit-balances/{Id(claim)}/refunds", new { reference = "CHK-REFUND-1" });
        Assert.Equal(HttpStatusCode.Created, refund.StatusCode);
        Assert.Empty(await ItemsAsync(h, "/api/payments/credit-balances"));
        Assert.Equal((96m, 0m), (M(await h.LedgerAsync(Id(claim)), "insurancePaid"), M(await h.LedgerAsync(Id(claim)), "insuranceBalance")));
        await Invariants.AssertAsync(h, patient);
    }

    // X221A1 CLP02 19 + NM1*TT: the primary processed the claim and forwarded it to the supplemental payer (Medicare crossover, CMS
    // Pub. 100-04 ch. 28). No secondary claim is sent; the crossed-over claim takes the supplemental payer's 835 for the same CLP01.
    [Fact]
    public async Task A_crossover_sends_no_secondary_claim_and_the_supplemental_payers_835_posts_to_the_crossed_over_claim()
    {
        await using var h = await StartAsync(platform, "Cycle: crossover");
        var (medigap, medigapId) = await h.PayerAsync("Medigap Plan F", new { allowedPercent = 80m });
        var (medicare, medicareId) = await h.PayerAsync("Medicare Part B", new { allowedPercent = 80m, crossoverTo = new { payerId = medigapId, name = "MEDIGAP PLAN F" } }, "MB");
        var member = h.NewMemberId();
        await h.MemberAsync(medicareId, member, Plan(deductible: 0m, deductibleMet: 0m, coinsurancePercent: 20m));
        await h.MemberAsync(medigapId, member, Plan(deductible: 0m, deductibleMet: 0m, coinsurancePercent: 0m));
        var patient = await h.PatientAsync("Harriet", "Tubman");
        await h.CoverageAsync(patient, medicare, member);
        await h.CoverageAsync(patient, medigap, member, "secondary");

        var encounter = await h.VisitAsync(patient, ["E11.9"], Line("99213"));
        var primary = await h.ClaimForEncounterAsync(encounter);
        await h.ClaimInStatusAsync(Id(primary), "paid");
        var crossed = await h.ClaimForEncounterAsync(encounter, "secondary");
        Assert.Equal(medigapId, Str(crossed, "payerId"));
        Assert.Equal(Id(crossed).ToString(), Str(await h.ClaimAsync(Id(primary)), "crossedOverTo"));
        var paidCrossed = await h.ClaimInStatusAsync(Id(crossed), "paid");
        Assert.Contains(paidCrossed.GetProperty("history").EnumerateArray(), e => Str(e, "status") == "crossed-over");
        // The practice never sent it: there is no 837P for it.
        Assert.Equal(HttpStatusCode.NotFound, (await h.Client.GetAsync($"/api/claims/{Id(crossed)}/x12")).StatusCode);

        // Medicare: $150, 80% allowed $120, $96 paid, $24 coinsurance; the supplemental payer pays the $24 (OA-23 for the rest).
        var primaryLedger = await h.LedgerWhenAsync(Id(primary), l => M(l, "insurancePaid") == 96m, "Medicare's payment posted");
        Assert.Equal((24m, 0m), (M(primaryLedger, "patientResponsibility"), M(primaryLedger, "insuranceBalance")));
        var crossedLedger = await h.LedgerWhenAsync(Id(crossed), l => M(l, "insurancePaid") == 24m, "the supplemental payer's payment posted");
        Assert.Equal((150m, 126m, 0m, 0m), (M(crossedLedger, "charge"), M(crossedLedger, "adjustments"), M(crossedLedger, "patientResponsibility"),
            M(crossedLedger, "insuranceBalance")));
        await h.AccountWithBalanceAsync(patient, 0m);
        await Invariants.AssertAsync(h, patient);
    }

    // X221A1 1.10.2.8 and 1.10.2.17 (option 3): a later check reverses the payment and pays less on review; the negative net is carried
    // by PLB WO naming the claim and recovered by the next check with money. The claim's ledger moves once (the reversal), never again.
    [Fact]
    public async Task A_recoupment_by_reversal_and_a_later_PLB_WO_moves_the_claims_money_once()
    {
        var (h, patient, _, _, _) = await PracticeAsync(platform, "Cycle: recoupment",
            new { allowedPercent = 80m, recoupment = new { paidPercent = 50m, procedureCodes = new[] { "93000" } } });
        await using var _ = h;
        var recouped = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["I48.91"], Line("93000")));
        // $60, 80% allowed = $48: $38.40 paid, then reversed and re-paid at half ($19.20); the $19.20 difference is owed back.
        var ledger = await h.LedgerWhenAsync(Id(recouped), l => M(l, "insurancePaid") == 19.20m, "the reversal and the corrected payment posted");
        Assert.Equal(0m, M(ledger, "insuranceBalance"));
        Assert.Equal(-19.20m, M(await ProviderPayerAsync(h), "carriedBalance"));

        // The next visit's check takes the $19.20 back at provider level (PLB WO +19.20); neither claim's ledger moves for it.
        var next = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["J02.0"], Line("99213")));
        await h.LedgerWhenAsync(Id(next), l => M(l, "insurancePaid") == 96m, "the next visit paid");
        await Eventually.True(async () => M(await ProviderPayerAsync(h), "carriedBalance") == 0m, Patience, "the recovery to settle the carried balance");
        Assert.Equal(0m, M(await ProviderPayerAsync(h), "recoupedFromClaims"));
        Assert.Equal(19.20m, M(await h.LedgerAsync(Id(recouped)), "insurancePaid"));
        Assert.Equal(96m, M(await h.LedgerAsync(Id(next)), "insurancePaid"));
        await Invariants.AssertAsync(h, patient);
    }

    // X221A1 1.10.2.12: a negative net is carried to the next check as PLB FB (negative, then positive, referencing the TRN02 that started
    // it); the two cancel at provider level and every remittance reconciles (BPR02 = Σ CLP04 − Σ PLB).
    [Fact]
    public async Task A_forward_balance_over_two_checks_settles_at_provider_level_and_each_remittance_reconciles()
    {
        var (h, patient, _, _, _) = await PracticeAsync(platform, "Cycle: forward balance",
            new { allowedPercent = 80m, overpaymentRecovery = "FB", recoupment = new { paidPercent = 50m, procedureCodes = new[] { "93000" } } });
        await using var _ = h;
        var recouped = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["I48.91"], Line("93000")));
        await h.LedgerWhenAsync(Id(recouped), l => M(l, "insurancePaid") == 19.20m, "the reversal and the corrected payment posted");
        Assert.Equal(-19.20m, M(await ProviderPayerAsync(h), "carriedBalance"));
        var next = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["J02.0"], Line("99213")));
        await h.LedgerWhenAsync(Id(next), l => M(l, "insurancePaid") == 96m, "the next visit paid");
        await Eventually.True(async () => M(await ProviderPayerAsync(h), "carriedBalance") == 0m, Patience, "the forward balance to settle");

        foreach (var remittance in await ItemsAsync(h, "/api/remittances"))
        {
            var view = await h.Client.GetJsonAsync($"/api/remittances/{Id(remittance)}", Patience);
            Assert.True(view.GetProperty("reconciliation").GetProperty("balanced").GetBoolean(), view.GetProperty("reconciliation").GetRawText());
        }
        Assert.Contains((await h.Client.GetJsonAsync("/api/payments/provider-ledger", Patience)).GetProperty("entries").EnumerateArray(),
            e => Str(e, "reasonCode") == "FB" && M(e, "amount") == 19.20m);
        await Invariants.AssertAsync(h, patient);
    }

    // X221A1 1.10.2.9: interest is paid at provider level (PLB L6, negative) and is income, never part of a claim's payment.
    [Fact]
    public async Task Interest_is_income_at_provider_level_and_not_a_claim_payment()
    {
        var (h, patient, _, _, _) = await PracticeAsync(platform, "Cycle: interest", new { allowedPercent = 80m, interestAmount = 2.50m });
        await using var _ = h;
        var claim = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["J02.0"], Line("99213")));
        await h.LedgerWhenAsync(Id(claim), l => M(l, "insurancePaid") == 96m, "the payment posted");
        var remittance = Assert.Single(await ItemsAsync(h, "/api/remittances"));
        Assert.Equal(98.50m, M(remittance, "paymentAmount"));
        var reconciliation = (await h.Client.GetJsonAsync($"/api/remittances/{Id(remittance)}", Patience)).GetProperty("reconciliation");
        Assert.Equal((96m, 2.50m, true), (M(reconciliation, "claimsPaid"), M(reconciliation, "interestIncome"), reconciliation.GetProperty("balanced").GetBoolean()));
        Assert.Equal(2.50m, M(await ProviderPayerAsync(h), "interestIncome"));
        await Invariants.AssertAsync(h, patient);
    }

    // X221A1 2.4 CAS (claim level): a payer may adjudicate at claim level only, with no SVC loops; the claim's ledger still balances.
    [Fact]
    public async Task A_claim_level_only_remittance_posts_and_balances()
    {
        var (h, patient, _, _, _) = await PracticeAsync(platform, "Cycle: claim level only", new { allowedPercent = 80m, claimLevelOnly = true });
        await using var _ = h;
        var claim = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["I48.91"], Line("99213"), Line("93000")));
        await h.ClaimInStatusAsync(Id(claim), "paid");
        // $210, 80% allowed $168: $134.40 paid, $33.60 coinsurance, $42 CO-45, all at claim level.
        var ledger = await h.LedgerWhenAsync(Id(claim), l => M(l, "insurancePaid") == 134.40m, "the claim-level payment posted");
        Assert.Equal((42m, 33.60m, 0m), (M(ledger, "adjustments"), M(ledger, "patientResponsibility"), M(ledger, "insuranceBalance")));
        // The API leaves a claim-level entry's line number out.
        Assert.All(ledger.GetProperty("entries").EnumerateArray().Where(e => Str(e, "kind") != "charge"),
            e => Assert.False(e.TryGetProperty("lineNumber", out var line) && line.ValueKind == JsonValueKind.Number));
        await h.AccountWithBalanceAsync(patient, 33.60m);
        await Invariants.AssertAsync(h, patient);
    }

    // CARC 24 "covered under a capitation agreement": a capitated visit is paid by the capitation, not denied, and leaves AR.
    [Fact]
    public async Task A_capitated_visit_is_paid_not_denied_and_leaves_AR()
    {
        var (h, patient, _, _, _) = await PracticeAsync(platform, "Cycle: capitation", new { allowedPercent = 80m, capitatedCodes = new[] { "99213" } });
        await using var _ = h;
        var claim = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["J02.0"], Line("99213")));
        var paid = await h.ClaimInStatusAsync(Id(claim), "paid", "denied");
        Assert.Equal("paid", Str(paid, "status"));
        Assert.False(paid.TryGetProperty("denial", out var denial) && denial.ValueKind == JsonValueKind.Object);
        var ledger = await h.LedgerWhenAsync(Id(claim), l => M(l, "adjustments") == 150m, "the capitation posted");
        Assert.Equal((0m, 0m, 0m), (M(ledger, "insurancePaid"), M(ledger, "denied"), M(ledger, "insuranceBalance")));
        Assert.DoesNotContain(await ItemsAsync(h, "/api/claims/denials"), c => Id(c) == Id(claim));
        await Invariants.AssertAsync(h, patient);
    }

    // MOA03-07 carry claim-level remarks (CMS RARC list: MA130 "unprocessable, no appeal rights"): kept with the denial for the biller.
    [Fact]
    public async Task A_denial_keeps_its_claim_level_MOA_remarks_and_stays_in_AR()
    {
        var (h, patient, _, _, _) = await PracticeAsync(platform, "Cycle: MOA remarks", new
        {
            allowedPercent = 80m, deniedClaimRemarks = new[] { "MA130" },
            denials = new[] { new { procedureCode = "93000", diagnosisPrefix = (string?)null, carc = "16", rarc = "M51" } },
        });
        await using var _ = h;
        var claim = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["I48.91"], Line("93000")));
        var denied = await h.ClaimInStatusAsync(Id(claim), "denied");
        var denial = denied.GetProperty("denial");
        Assert.Equal(("16", "coding"), (Str(denial, "carc"), Str(denial, "category")));
        var remarks = denial.GetProperty("remarks").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("MA130", remarks);
        Assert.Contains("M51", remarks);
        var ledger = await h.LedgerWhenAsync(Id(claim), l => M(l, "denied") == 60m, "the denial posted");
        Assert.Equal(60m, M(ledger, "insuranceBalance"));

        // MA130 has no appeal rights: the corrected claim goes as a new claim, not a replacement (frequency 1, no REF*F8).
        var correctedId = Id(await h.CorrectAsync(Id(claim), new { priorAuthorizationNumber = "PA-778" }));
        var corrected = await h.ClaimAsync(correctedId);
        Assert.Equal((1, Id(claim).ToString()), (corrected.GetProperty("frequency").GetInt32(), Str(corrected, "replacesClaimId")));
        Assert.Contains(corrected.GetProperty("history").EnumerateArray(), e => Str(e, "detail")!.Contains("MA130", StringComparison.Ordinal));
        await h.ClaimInStatusAsync(correctedId, "denied");
        Assert.DoesNotContain(":B:7*", await h.Client.GetStringAsync($"/api/claims/{correctedId}/x12"));
        await Invariants.AssertAsync(h, patient);
    }

    static async Task<JsonElement> ProviderPayerAsync(CycleHarness h) =>
        (await h.Client.GetJsonAsync("/api/payments/provider-ledger", Patience)).GetProperty("payers").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } p
            ? p
            : JsonDocument.Parse("""{"interestIncome":0,"recoupedFromClaims":0,"carriedBalance":0,"other":0}""").RootElement;
}
