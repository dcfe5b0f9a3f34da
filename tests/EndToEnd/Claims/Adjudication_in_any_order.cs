// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Claims;

/// <summary>
/// Payments publishes the postings of one 835 together (a CLP02 22 reversal and the corrected CLP that follows it),
/// and Claims may consume them in any order: the claim ends with the payer's standing decision either way.
/// </summary>
public sealed class Adjudication_in_any_order(PlatformFixture platform)
{
    static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    static ClaimPaymentPosted Posting(Guid tenant, JsonElement claim, string status, decimal paid, PostedAdjustment[] adjustments, bool reversal, DateTimeOffset at) =>
        new(tenant, Guid.CreateVersion7(), Guid.CreateVersion7(), Id(claim), claim.GetProperty("patientId").GetGuid(),
            claim.GetProperty("patientControlNumber").GetString()!, "ICN-" + claim.GetProperty("patientControlNumber").GetString(), status,
            claim.GetProperty("payerId").GetString()!, "Acme Health", DateOnly.FromDateTime(at.UtcDateTime), null, reversal ? -100m : 100m, paid, adjustments,
            new PatientResponsibility(0m, 0m, 0m, 0m, 0m), 0m, reversal, [], [], at);

    static async Task<JsonElement> HistoryWithAsync(ClaimsDesk desk, Guid claimId, string text) =>
        (JsonElement)(await Eventually.Get(async () =>
        {
            var claim = await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/{claimId}");
            return claim.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("detail").GetString()?.Contains(text) == true) ? (object)claim : null;
        }, TimeSpan.FromSeconds(30), $"claim {claimId} history with '{text}'"));

    /// <summary>A claim to a manual payer, sent (its file kept for download): no simulator posts for it, only this test.</summary>
    async Task<(ClaimsDesk Desk, JsonElement Claim)> SentClaimAsync()
    {
        var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99213", 100m));
        var coded = desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer("manual"))], "99213");
        await desk.PublishAsync(coded);
        return (desk, await desk.ClaimThroughAsync(Id(await desk.ClaimForEncounterAsync(coded.EncounterId)), "submitted", TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task A_reversal_consumed_after_the_corrected_decision_leaves_the_corrected_decision_standing()
    {
        var (desk, claim) = await SentClaimAsync();
        await using var _ = desk;
        var t = DateTimeOffset.UtcNow;
        var denied = Posting(desk.TenantId, claim, "4", 0m, [new("CO", "197", 100m, null)], false, t);
        var reversal = Posting(desk.TenantId, claim, "22", 0m, [new("CO", "197", -100m, null)], true, t.AddSeconds(1));
        var corrected = Posting(desk.TenantId, claim, "1", 80m, [new("CO", "45", 20m, null)], false, t.AddSeconds(1).AddTicks(10));

        await desk.PublishAsync(denied);
        await desk.ClaimInStatusAsync(Id(claim), "denied");
        await desk.PublishAsync(corrected);
        await desk.ClaimInStatusAsync(Id(claim), "paid");
        await desk.PublishAsync(reversal);

        var after = await HistoryWithAsync(desk, Id(claim), "(CLP02 22)");
        Assert.Equal("paid", after.GetProperty("status").GetString());
        Assert.Contains(after.GetProperty("history").EnumerateArray(), h => h.GetProperty("detail").GetString()!.Contains("stands"));
    }

    [Fact]
    public async Task A_decision_reversed_with_nothing_after_it_leaves_the_claim_awaiting_the_payer_in_either_order()
    {
        var (desk, claim) = await SentClaimAsync();
        await using var _ = desk;
        var t = DateTimeOffset.UtcNow;
        var paid = Posting(desk.TenantId, claim, "1", 80m, [new("CO", "45", 20m, null)], false, t);
        var reversal = Posting(desk.TenantId, claim, "22", -80m, [new("CO", "45", -20m, null)], true, t.AddSeconds(1));

        // The reversal first (it was published with the payment of a later 835 and overtook it), then the payment it takes back.
        await desk.PublishAsync(reversal);
        await HistoryWithAsync(desk, Id(claim), "(CLP02 22)");
        await desk.PublishAsync(paid);
        var after = await HistoryWithAsync(desk, Id(claim), "already reversed");
        Assert.Equal("accepted", after.GetProperty("status").GetString());
    }
}
