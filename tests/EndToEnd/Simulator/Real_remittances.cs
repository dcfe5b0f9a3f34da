// The simulator answers in milliseconds; each call is bounded by its HttpClient timeout rather than the test token.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.ServiceDefaults.Clearinghouse;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.EndToEnd.Simulator;

/// <summary>
/// What real payers and clearinghouses put in 835s beyond the simple case (issue 14), each a payer setting of the simulator
/// (docs/clearinghouse.md). Every 835 is read back by Remittance835Reader, which refuses one that breaks X221A1 balancing
/// (1.10.2.1: line, claim, and BPR02 = Σ CLP04 − Σ PLB). Later checks come as separate 835s when the file is processed:
/// the tests wait for the file's processedAt, never a fixed time.
/// </summary>
public sealed class Real_remittances(PlatformFixture platform)
{
    static readonly DateOnly March1 = new(2024, 3, 1);
    static int nextControl = Random.Shared.Next(1000, 900_000_000);

    readonly HttpClient http = platform.SimulatorOperator();
    readonly string submitter = "RCM" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
    HttpClient SubmitterHttp => submitterHttpClient ??= platform.SimulatorSubmitter(submitter);
    HttpClient? submitterHttpClient;
    readonly string payer = "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    async Task PutAsync(string path, object body) => (await http.PutAsJsonAsync(path, body)).EnsureSuccessStatusCode();

    /// <summary>Sends the claims in one 837 file and collects the 835s it produced, in mailbox order (oldest first).</summary>
    async Task<List<string>> RemittancesAsync(params TestClaim[] claims)
    {
        var response = await SubmitterHttp.PostAsync($"/clearinghouse/{submitter}/files",
            new StringContent(X12Files.Claims(submitter, Interlocked.Increment(ref nextControl), claims), Encoding.UTF8, "application/edi-x12"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.True(async () => (await http.GetFromJsonAsync<JsonElement>($"/simulator/received?submitterId={submitter}&limit=500"))
            .GetProperty("items").EnumerateArray().All(f => f.TryGetProperty("processedAt", out _)),
            TimeSpan.FromSeconds(30), "every file sent processed");
        var client = platform.ClearinghouseClient();
        var list = await client.ListMailboxAsync(submitter, MailboxKinds.Remittance);
        Assert.True(list.Succeeded, list.ToString());
        var remittances = new List<string>();
        foreach (var item in list.Value!)
        {
            var file = await client.GetFileAsync(submitter, item.Id);
            Assert.True(file.Succeeded, file.ToString());
            remittances.Add(file.Value!);
            Assert.True((await client.DeleteFileAsync(submitter, item.Id)).Succeeded);
        }
        return remittances;
    }

    /// <summary>The one 835 of an interchange, read and balance-checked by the X12 library.</summary>
    static Remittance835 Read(string x12) => Assert.Single(Remittance835Reader.Parse(x12));

    static string Segment(string x12, string id, string? first = null) =>
        string.Join("*", X12Files.Segments(x12).First(s => s[0] == id && (first is null || s[1] == first)));

    static IEnumerable<string> Segments(string x12, string id) => X12Files.Segments(x12).Where(s => s[0] == id).Select(s => string.Join("*", s));

    /// <summary>The transaction set (ST..SE) as text: what a re-delivery must repeat exactly.</summary>
    static string TransactionSet(string x12)
    {
        var segments = X12Files.Segments(x12).Select(s => string.Join("*", s)).ToList();
        return string.Join("~", segments[segments.FindIndex(s => s.StartsWith("ST*", StringComparison.Ordinal))..(segments.FindIndex(s => s.StartsWith("SE*", StringComparison.Ordinal)) + 1)]);
    }

    static TestClaim Office(string patientControlNumber, string code = "99213", decimal charge = 100m, string? member = null, string? payerId = null) =>
        new(patientControlNumber, payerId ?? "", member ?? "M1", new Line(code, charge, March1));

    TestClaim Visit(string patientControlNumber, string code = "99213", decimal charge = 100m) => Office(patientControlNumber, code, charge, payerId: payer);

    [Fact]
    public async Task A_clearinghouse_redelivers_an_ERA_in_a_new_envelope_with_the_same_payment_and_trace()
    {
        await PutAsync($"/simulator/payers/{payer}", new { redeliverEras = true });

        var remittances = await RemittancesAsync(Visit("REDELIVER1"));

        Assert.Equal(2, remittances.Count);
        var (first, again) = (remittances[0], remittances[1]);
        Assert.NotEqual(X12Files.Segments(first)[0][13], X12Files.Segments(again)[0][13]); // ISA13
        Assert.NotEqual(X12Files.Segments(first).Single(s => s[0] == "GS")[6], X12Files.Segments(again).Single(s => s[0] == "GS")[6]);
        // X221A1 1.10.2.2: TRN02 identifies the payment; the same BPR, TRN and claims are the same ERA.
        Assert.Equal(TransactionSet(first), TransactionSet(again));
        Assert.Equal(Read(first).TraceNumber, Read(again).TraceNumber);
    }

    [Fact]
    public async Task A_payer_paying_a_claim_twice_sends_the_same_CLP_again_in_a_later_835_under_another_TRN()
    {
        await PutAsync($"/simulator/payers/{payer}", new { payTwiceProcedureCodes = new[] { "99213" } });

        var remittances = (await RemittancesAsync(Visit("TWICE"), Visit("ONCE", "99214", 200m))).Select(Read).ToList();

        Assert.Equal(2, remittances.Count);
        Assert.Equal(["TWICE", "ONCE"], remittances[0].Claims.Select(c => c.PatientControlNumber));
        var again = Assert.Single(remittances[1].Claims);
        var first = remittances[0].Claims.First();
        Assert.Equal((first.PatientControlNumber, first.PayerClaimControlNumber, first.Status, first.PaymentAmount),
            (again.PatientControlNumber, again.PayerClaimControlNumber, again.Status, again.PaymentAmount));
        Assert.NotEqual(remittances[0].TraceNumber, remittances[1].TraceNumber); // another check (X221A1 TRN02: unique per payment)
        Assert.Equal(64m, remittances[1].Payment.Amount);
    }

    [Fact]
    public async Task A_crossover_claim_is_CLP02_19_with_NM1_TT_and_the_crossover_payer_sends_its_own_835_as_secondary_with_OA_23()
    {
        var medicaid = "C" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await PutAsync($"/simulator/payers/{payer}", new { crossoverTo = new { payerId = medicaid, name = "STATE MEDICAID" } });
        await PutAsync($"/simulator/payers/{medicaid}/members/M1", new { active = true, coinsurancePercent = 0m });

        var remittances = await RemittancesAsync(Visit("CROSS", charge: 200m));

        Assert.Equal(2, remittances.Count);
        // X221A1 CLP02 19 (processed as primary, forwarded) requires the 2100 NM1*TT crossover carrier; NM108 PI.
        var primary = Read(remittances[0]);
        var forwarded = Assert.Single(primary.Claims);
        Assert.Equal((ClaimStatusCode.ProcessedAsPrimaryForwarded, 128m, 32m), (forwarded.Status, forwarded.PaymentAmount, forwarded.PatientResponsibilityAmount));
        Assert.Equal($"NM1*TT*2*STATE MEDICAID*****PI*{medicaid}", Segment(remittances[0], "NM1", "TT"));
        // The crossover payer's own 835 for the same CLP01: its N1*PR and REF*2U, its TRN, CLP02 2, the 32 the patient owed paid,
        // the primary's impact OA-23 (CAS01 OA; CARC 23 prior payer's adjudication).
        var secondary = Read(remittances[1]);
        var paid = Assert.Single(secondary.Claims);
        Assert.Equal(("CROSS", ClaimStatusCode.ProcessedAsSecondary, 32m, 0m), (paid.PatientControlNumber, paid.Status, paid.PaymentAmount, paid.PatientResponsibilityAmount));
        Assert.Contains("CAS*OA*23*168", Segments(remittances[1], "CAS"));
        Assert.Equal(("STATE MEDICAID", medicaid), (secondary.Payer.Name, secondary.Payer.References.Single(r => r.Qualifier == "2U").Value));
        Assert.NotEqual(primary.TraceNumber, secondary.TraceNumber);
        Assert.NotEqual(primary.PayerIdentifier, secondary.PayerIdentifier); // TRN03: each payer its own
        Assert.NotEqual(forwarded.PayerClaimControlNumber, paid.PayerClaimControlNumber);
        Assert.Equal(32m, secondary.Payment.Amount);
    }

    [Fact]
    public async Task A_recoupment_reverses_the_payment_in_a_later_check_delays_the_recovery_with_PLB_WO_and_takes_it_from_the_next_check()
    {
        await PutAsync($"/simulator/payers/{payer}", new { recoupment = new { paidPercent = 50m, procedureCodes = new[] { "99213" } } });

        var remittances = (await RemittancesAsync(Visit("RECOUP"))).Select(Read).ToList();

        Assert.Equal(2, remittances.Count);
        var paid = Assert.Single(remittances[0].Claims);
        Assert.Equal(64m, remittances[0].Payment.Amount);
        // X221A1 1.10.2.8: the later check reverses the payment (CLP02 22, every amount negated, the same CLP07) and pays the
        // corrected claim; 1.10.2.17 option 3: the net −32 is a PLB WO of −32 naming the claim (CLP07), so BPR02 is 0.
        var later = remittances[1];
        Assert.Equal([(ClaimStatusCode.Reversal, -100m, -64m), (ClaimStatusCode.ProcessedAsPrimary, 100m, 32m)],
            later.Claims.Select(c => (c.Status, c.ChargeAmount, c.PaymentAmount)));
        Assert.All(later.Claims, c => Assert.Equal((paid.PatientControlNumber, paid.PayerClaimControlNumber), (c.PatientControlNumber, c.PayerClaimControlNumber)));
        var delayed = Assert.Single(later.ProviderAdjustments);
        Assert.Equal(("WO", paid.PayerClaimControlNumber, -32m), (delayed.ReasonCode, delayed.Reference, delayed.Amount));
        Assert.Equal(0m, later.Payment.Amount);
        Assert.NotEqual(remittances[0].TraceNumber, later.TraceNumber);

        // The next check with the money recovers it: WO +32 with the same reference; BPR02 = 128 − 32.
        var next = Read(Assert.Single(await RemittancesAsync(Visit("NEXT", "99214", 200m))));
        var recovered = Assert.Single(next.ProviderAdjustments);
        Assert.Equal(("WO", paid.PayerClaimControlNumber, 32m), (recovered.ReasonCode, recovered.Reference, recovered.Amount));
        Assert.Equal(96m, next.Payment.Amount);
    }

    [Fact]
    public async Task A_negative_net_is_forwarded_with_PLB_FB_under_its_TRN02_and_applied_positive_in_the_next_check()
    {
        await PutAsync($"/simulator/payers/{payer}", new { overpaymentRecovery = "FB" });
        var number = Read(Assert.Single(await RemittancesAsync(Visit("VOIDME")))).Claims.Single().PayerClaimControlNumber;

        var voided = Read(Assert.Single(await RemittancesAsync(Visit("VOIDME") with { Frequency = 8, PayerClaimNumber = number })));

        // X221A1 1.10.2.12 and PLB03-1 FB: negative, moving forward; PLB03-2 the TRN02 of this 835 (X12 RFI 1114); BPR02 0.
        Assert.Equal(-64m, Assert.Single(voided.Claims).PaymentAmount);
        var forward = Assert.Single(voided.ProviderAdjustments);
        Assert.Equal(("FB", voided.TraceNumber, -64m), (forward.ReasonCode, forward.Reference, forward.Amount));
        Assert.Equal(0m, voided.Payment.Amount);

        var next = Read(Assert.Single(await RemittancesAsync(Visit("AFTER", "99214", 200m))));
        var applied = Assert.Single(next.ProviderAdjustments);
        Assert.Equal(("FB", voided.TraceNumber, 64m), (applied.ReasonCode, applied.Reference, applied.Amount));
        Assert.Equal(128m - 64m, next.Payment.Amount);
    }

    [Fact]
    public async Task A_late_payment_carries_interest_as_AMT_I_and_a_negative_PLB_L6()
    {
        await PutAsync($"/simulator/payers/{payer}", new { interestAmount = 2.50m });

        var remittances = await RemittancesAsync(Visit("LATE"));

        // X221A1 1.10.2.9: the claim's AMT*I, outside CLP04; the check's PLB L6, negative, adds it to BPR02 (X12 RFI 2123).
        var remittance = Read(Assert.Single(remittances));
        Assert.Equal("AMT*I*2.5", Segment(remittances[0], "AMT", "I"));
        var interest = Assert.Single(remittance.ProviderAdjustments);
        Assert.Equal(("L6", -2.50m), (interest.ReasonCode, interest.Amount));
        Assert.Equal((64m, 66.50m), (remittance.Claims.Single().PaymentAmount, remittance.Payment.Amount));
    }

    [Fact]
    public async Task A_claim_level_only_payer_sends_CLP_and_claim_CAS_without_SVC()
    {
        await PutAsync($"/simulator/payers/{payer}", new { claimLevelOnly = true });

        var remittances = await RemittancesAsync(new TestClaim("CLAIMONLY", payer, "M1", new Line("99213", 100m, March1), new Line("85025", 100m, March1)));

        var remittance = Read(Assert.Single(remittances));
        Assert.Empty(Segments(remittances[0], "SVC"));
        // CLP03 − CLP04 = Σ claim CAS (X221A1 1.10.2.1); the lines' CO-45 and PR-2 summed.
        Assert.Equal(["CAS*PR*2*32", "CAS*CO*45*40"], Segments(remittances[0], "CAS"));
        Assert.Equal((200m, 128m, 32m), (remittance.Claims.Single().ChargeAmount, remittance.Claims.Single().PaymentAmount, remittance.Claims.Single().PatientResponsibilityAmount));
    }

    [Fact]
    public async Task A_capitated_service_is_CO_24_paid_nothing_and_the_claim_is_processed_not_denied()
    {
        await PutAsync($"/simulator/payers/{payer}", new { capitatedCodes = new[] { "99213" } });

        var remittances = await RemittancesAsync(Visit("CAPITATED"));

        var claim = Read(Assert.Single(remittances)).Claims.Single();
        Assert.Equal((ClaimStatusCode.ProcessedAsPrimary, 0m), (claim.Status, claim.PaymentAmount)); // X12 RFI 424: CARC 24, paid $0
        Assert.Equal(["CAS*CO*24*100"], Segments(remittances[0], "CAS"));
    }

    [Fact]
    public async Task Claim_remarks_come_in_a_claim_MOA_and_a_denied_claim_adds_its_denial_remarks()
    {
        await PutAsync($"/simulator/payers/{payer}", new
        {
            claimRemarks = new[] { "MA130" }, deniedClaimRemarks = new[] { "MA01" },
            denials = new[] { new { procedureCode = "97110", carc = "50", rarc = "N115" } },
        });

        var remittances = await RemittancesAsync(Visit("REMARKED"), Visit("DENIED", "97110"));

        // X221A1 2100 MOA: MOA03..MOA07 carry claim-level remark codes of professional claims.
        Read(Assert.Single(remittances));
        Assert.Equal(["MOA***MA130", "MOA***MA130*MA01"], Segments(remittances[0], "MOA"));
    }

    [Fact]
    public async Task Remittance_settings_out_of_range_answer_400_naming_the_field()
    {
        var response = await http.PutAsJsonAsync($"/simulator/payers/{payer}", new
        {
            crossoverTo = new { payerId = payer, name = "SELF" },
            recoupment = new { paidPercent = 100m },
            overpaymentRecovery = "XX",
            interestPercent = -1m,
            claimRemarks = new[] { "MA130", "not a code" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "crossoverTo.payerId", "recoupment.paidPercent", "overpaymentRecovery", "interestPercent", "claimRemarks[1]" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
    }
}
