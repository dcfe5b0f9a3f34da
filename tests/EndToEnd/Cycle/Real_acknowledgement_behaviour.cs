// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// The whole cycle against a clearinghouse and payers that acknowledge as real ones do (simulator settings, docs/clearinghouse.md):
/// the clearinghouse's 277CA A1 then the payer's A2 or rejection (X214), and a 999 rejecting a file with W (X231A1).
/// </summary>
public sealed class Real_acknowledgement_behaviour(PlatformFixture platform)
{
    static async Task<(CycleHarness H, Guid Patient)> PracticeAsync(PlatformFixture platform, string name, object settings)
    {
        var h = await StartAsync(platform, name);
        var (payer, payerId) = await h.PayerAsync("Great Lakes Health", settings);
        var member = h.NewMemberId();
        await h.MemberAsync(payerId, member, Plan(deductible: 0m, deductibleMet: 0m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Clara", "Barton");
        await h.CoverageAsync(patient, payer, member);
        return (h, patient);
    }

    static List<(string Status, string Detail)> History(JsonElement claim) =>
        [.. claim.GetProperty("history").EnumerateArray().Select(e => (Str(e, "status")!, Str(e, "detail") ?? ""))];

    // X214: the clearinghouse's A1 is a receipt; the claim is accepted only by the payer's A2, then paid.
    [Fact]
    public async Task A_clearinghouse_receipt_then_the_payers_acceptance_accept_the_claim_once()
    {
        var (h, patient) = await PracticeAsync(platform, "Cycle: two-stage 277CA", new { allowedPercent = 80m, twoStageAcknowledgments = true });
        await using var _ = h;
        var claim = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["J02.0"], Line("99213")));
        var accepted = await h.ClaimThroughAsync(Id(claim), "accepted");
        var paid = await h.ClaimInStatusAsync(Id(claim), "paid");
        var history = History(paid);
        Assert.Contains(history, e => e.Detail.StartsWith("277CA A1", StringComparison.Ordinal));
        Assert.Single(history, e => e.Status == "accepted");
        Assert.StartsWith("SIM", Str(paid, "payerClaimNumber"));
        await h.LedgerWhenAsync(Id(claim), l => M(l, "insurancePaid") == 96m, "the payment posted");
        await Invariants.AssertAsync(h, patient);
    }

    // X214: a payer's rejection after the clearinghouse's A1 rejects the claim; the payer never adjudicates it.
    [Fact]
    public async Task A_payers_rejection_after_the_clearinghouses_receipt_rejects_the_claim()
    {
        var (h, patient) = await PracticeAsync(platform, "Cycle: payer rejection after A1", new
        {
            allowedPercent = 80m, twoStageAcknowledgments = true,
            payerRejects = new[] { new { procedureCode = "93000", category = "A7", statusCode = "562", entityCode = "85", message = "BILLING NPI NOT ENROLLED" } },
        });
        await using var _ = h;
        var claim = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["I48.91"], Line("93000")));
        var rejected = await h.ClaimInStatusAsync(Id(claim), "rejected");
        var history = History(rejected);
        Assert.Contains(history, e => e.Detail.StartsWith("277CA A1", StringComparison.Ordinal));
        Assert.DoesNotContain(history, e => e.Status == "accepted");
        var edit = Assert.Single(rejected.GetProperty("edits").EnumerateArray());
        Assert.Contains("A7:562:85", Str(edit, "message"));
        Assert.Contains("BILLING NPI NOT ENROLLED", Str(edit, "message"));
        Assert.Equal(0m, M(await h.LedgerAsync(Id(claim)), "insurancePaid"));
        await Invariants.AssertAsync(h, patient);
    }

    // X231A1 IK501/AK901 W: "rejected, assurance failed validity tests" is a rejection like R: the claims go back to the work queue.
    [Fact]
    public async Task A_999_rejecting_the_file_with_W_sends_the_claim_back_to_the_work_queue_naming_the_reason()
    {
        var (h, patient) = await PracticeAsync(platform, "Cycle: 999 W", new { allowedPercent = 80m, acknowledgment999 = "W" });
        await using var _ = h;
        var claim = await h.ClaimForEncounterAsync(await h.VisitAsync(patient, ["J02.0"], Line("99213")));
        await h.ClaimThroughAsync(Id(claim), "submitted");
        var held = await h.ClaimInStatusAsync(Id(claim), "held");
        var edit = Assert.Single(held.GetProperty("edits").EnumerateArray());
        Assert.Equal("999.rejected", Str(edit, "rule"));
        Assert.Contains("W: the assurance failed validity tests", Str(edit, "message"));
        await Invariants.AssertAsync(h, patient);
    }
}
