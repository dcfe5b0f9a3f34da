using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Payments;

public sealed class Exceptions_bad_input_and_tenancy(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static Clp Simple(string pcn, int status = 1, string? payerClaimNumber = null) =>
        new(pcn, status, 100m, 70m, [new Svc("99213", 100m, 70m, [new Cas("CO", "45", 20m), new Cas("PR", "3", 10m)])], PayerClaimNumber: payerClaimNumber);

    [Fact]
    public async Task An_unmatched_claim_waits_as_an_exception_and_posts_when_matched_by_hand()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await using var probe = await EventProbe<ClaimPaymentPosted>.StartAsync();
        var claim = await payments.SubmitClaimAsync(PaymentsDriver.Pcn(), [("99213", 100m, [])]);
        var stranger = PaymentsDriver.Pcn();
        var other = PaymentsDriver.Pcn();

        var id = await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + stranger,
            [Simple(stranger, payerClaimNumber: "NOSUCH"), Simple(other)]));

        var open = await payments.ExceptionsAsync();
        Assert.Equal(2, open.Count);
        var exception = open.Single(e => e.GetProperty("patientControlNumber").GetString() == stranger);
        Assert.Equal("unmatched", exception.GetProperty("reason").GetString());
        Assert.Contains(stranger, exception.GetProperty("detail").GetString());
        Assert.Equal(id, exception.GetProperty("remittanceId").GetGuid());
        Assert.Equal(2, (await payments.GetAsync($"/api/remittances/{id}")).GetProperty("exceptions").GetArrayLength());
        Assert.Equal(0m, (await payments.AssertBalancedAsync(claim.ClaimId)).GetProperty("insurancePaid").GetDecimal());

        var resolved = await payments.Client.PostAsJsonAsync($"/api/payments/exceptions/{exception.GetProperty("id").GetGuid()}/resolve", new { claimId = claim.ClaimId }, Ct);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("resolved", (await resolved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal((70m, 20m, 10m, 0m), (ledger.GetProperty("insurancePaid").GetDecimal(), ledger.GetProperty("adjustments").GetDecimal(),
            ledger.GetProperty("patientResponsibility").GetDecimal(), ledger.GetProperty("insuranceBalance").GetDecimal()));
        var posted = await probe.WaitFor(e => e.ClaimId == claim.ClaimId);
        Assert.Equal(10m, posted.PatientResponsibility.Copay);

        var twice = await payments.Client.PostAsJsonAsync($"/api/payments/exceptions/{exception.GetProperty("id").GetGuid()}/resolve", new { claimId = claim.ClaimId }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

        var otherId = open.Single(e => e.GetProperty("patientControlNumber").GetString() == other).GetProperty("id").GetGuid();
        var noReason = await payments.Client.PostAsJsonAsync($"/api/payments/exceptions/{otherId}/resolve", new { action = "dismiss" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var dismissed = await payments.Client.PostAsJsonAsync($"/api/payments/exceptions/{otherId}/resolve", new { action = "dismiss", reason = "Another practice's patient" }, Ct);
        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        Assert.Empty(await payments.ExceptionsAsync());
        Assert.Equal(2, (await payments.ExceptionsAsync("all")).Count);
    }

    [Fact]
    public async Task A_remittance_collected_before_its_claim_is_known_posts_when_the_claim_arrives()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await using var probe = await EventProbe<ClaimPaymentPosted>.StartAsync();
        var early = PaymentsDriver.Pcn();
        var stranger = PaymentsDriver.Pcn();
        var id = await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + early,
            [Simple(early), Simple(stranger)]));
        Assert.Equal(2, (await payments.ExceptionsAsync()).Count);

        // The ClaimSubmitted comes in after the 835 (it waited in the outbox or the queue): the waiting CLP posts to it.
        var claim = await payments.SubmitClaimAsync(early, [("99213", 100m, [])]);
        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal((70m, 20m, 10m, 0m), (ledger.GetProperty("insurancePaid").GetDecimal(), ledger.GetProperty("adjustments").GetDecimal(),
            ledger.GetProperty("patientResponsibility").GetDecimal(), ledger.GetProperty("insuranceBalance").GetDecimal()));
        var posted = await probe.WaitFor(e => e.ClaimId == claim.ClaimId);
        Assert.Equal(id, posted.RemittanceId);

        var all = await payments.ExceptionsAsync("all");
        var resolved = all.Single(e => e.GetProperty("patientControlNumber").GetString() == early);
        Assert.Equal(("resolved", claim.ClaimId), (resolved.GetProperty("status").GetString(), resolved.GetProperty("resolvedClaimId").GetGuid()));
        Assert.Contains("automatically", resolved.GetProperty("resolutionNote").GetString());
        var open = Assert.Single(await payments.ExceptionsAsync());
        Assert.Equal(stranger, open.GetProperty("patientControlNumber").GetString());
    }

    [Fact]
    public async Task A_claim_the_payer_says_is_not_its_own_is_an_exception_and_posts_nothing()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, [("99213", 100m, [])]);

        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn,
            [new Clp(pcn, 23, 100m, 0m, [], [new Cas("OA", "109", 100m)])]));

        var exception = Assert.Single(await payments.ExceptionsAsync());
        Assert.Equal("not-our-claim", exception.GetProperty("reason").GetString());
        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal((100m, 0m, 0m, 100m), (ledger.GetProperty("charge").GetDecimal(), ledger.GetProperty("insurancePaid").GetDecimal(),
            ledger.GetProperty("adjustments").GetDecimal(), ledger.GetProperty("insuranceBalance").GetDecimal()));
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "unbalanced", "BPR" },
        { "truncated", "" },
        { "wrong-separators", "" },
        { "short-isa", "ISA" },
        { "unknown-segment", "ZZZ" },
        { "bad-amount", "CLP" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_835_is_refused_naming_the_segment_and_position_and_posts_nothing(string kind, string segment)
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, [("99213", 100m, [])]);
        var good = Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn, [Simple(pcn), Simple(PaymentsDriver.Pcn())]);
        var bad = kind switch
        {
            "unbalanced" => good.Replace("BPR*I*140*", "BPR*I*141*"),
            "truncated" => good[..(good.IndexOf("SE*", StringComparison.Ordinal) + 2)],
            "wrong-separators" => good[..106] + good[106..].Replace('*', '|'),
            "short-isa" => good.Replace("*00*          *00*", "*00*         *00*"),
            "unknown-segment" => good.Replace("LX*1~", "LX*1~\nZZZ*1~"),
            "bad-amount" => good.Replace($"CLP*{pcn}*1*100*70*", $"CLP*{pcn}*1*100*7O*"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        Assert.NotEqual(good, bad);

        var response = await payments.PostAsync(bad);

        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{kind}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Contains("segment", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("segmentPosition").GetInt64() > 0, body);
        if (segment.Length > 0) Assert.Equal(segment, problem.GetProperty("segment").GetString());
        Assert.Empty(await payments.RemittancesAsync());
        Assert.Empty(await payments.ExceptionsAsync());
        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal((0m, 100m), (ledger.GetProperty("insurancePaid").GetDecimal(), ledger.GetProperty("insuranceBalance").GetDecimal()));
    }

    [Fact]
    public async Task Another_tenants_remittance_claim_ledger_and_exceptions_are_not_found()
    {
        await using var owner = await PaymentsDriver.StartAsync(platform);
        await using var stranger = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var claim = await owner.SubmitClaimAsync(pcn, [("99213", 100m, [])]);
        var id = await owner.PostAcceptedAsync(Era.Build(owner.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn, [Simple(pcn), Simple("UNKNOWN" + pcn)]));
        var exception = Assert.Single(await owner.ExceptionsAsync()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/remittances/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/remittances/{id}/x12", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/payments/claims/{claim.ClaimId}/ledger", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsJsonAsync($"/api/payments/exceptions/{exception}/resolve", new { claimId = claim.ClaimId }, Ct)).StatusCode);
        Assert.Empty(await stranger.RemittancesAsync());
        Assert.Empty(await stranger.ExceptionsAsync());
        // The stranger's own upload of the same file is its own remittance, matched only against its own claims.
        var theirs = await stranger.PostAcceptedAsync(Era.Build(owner.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn, [Simple(pcn)]));
        Assert.NotEqual(id, theirs);
        Assert.Equal(70m, (await owner.AssertBalancedAsync(claim.ClaimId)).GetProperty("insurancePaid").GetDecimal());
    }

    [Fact]
    public async Task AR_aging_puts_each_payers_insurance_balance_in_its_bucket_by_days_since_submission()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var recent = await payments.SubmitClaimAsync(PaymentsDriver.Pcn(), [("99213", 100m, [])], DateTimeOffset.UtcNow.AddDays(-5), payerId: "AGEA");
        var older = await payments.SubmitClaimAsync(PaymentsDriver.Pcn(), [("99214", 180m, []), ("99215", 50m, [])], DateTimeOffset.UtcNow.AddDays(-45), payerId: "AGEA");
        var oldest = await payments.SubmitClaimAsync(PaymentsDriver.Pcn(), [("99215", 250m, [])], DateTimeOffset.UtcNow.AddDays(-130), payerId: "AGEB");
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + older.PatientControlNumber,
            [new Clp(older.PatientControlNumber, 1, 180m, 100m, [new Svc("99214", 180m, 100m, [new Cas("CO", "45", 80m)])])]));
        // The payer adjudicated only the first line: the second line's 50.00 stays with insurance, 45 days old.

        var aging = await payments.GetAsync("/api/payments/ar-aging?basis=submission");
        Assert.Equal("submission", aging.GetProperty("basis").GetString());

        var a = aging.GetProperty("payers").EnumerateArray().Single(p => p.GetProperty("payerId").GetString() == "AGEA").GetProperty("buckets");
        var b = aging.GetProperty("payers").EnumerateArray().Single(p => p.GetProperty("payerId").GetString() == "AGEB").GetProperty("buckets");
        Assert.Equal((100m, 50m, 0m), (a.GetProperty("days0To30").GetDecimal(), a.GetProperty("days31To60").GetDecimal(), a.GetProperty("over120").GetDecimal()));
        Assert.Equal(250m, b.GetProperty("over120").GetDecimal());
        Assert.Equal(400m, aging.GetProperty("total").GetDecimal());
        foreach (var c in new[] { recent, older, oldest }) await payments.AssertBalancedAsync(c.ClaimId);
    }
}
