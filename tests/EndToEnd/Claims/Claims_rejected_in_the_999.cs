// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RevenueCycle.Contracts.Clearinghouse;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.EndToEnd.Simulator;
using RevenueCycle.ServiceDefaults.Clearinghouse;

namespace RevenueCycle.EndToEnd.Claims;

/// <summary>
/// A file the clearinghouse refuses at the 999 level (its front-end edit on the payer id, simulator setting
/// <c>rejectIn999</c>): the claims go back to <c>held</c> with the IK3/IK4 text and go out again once released.
/// </summary>
public sealed class Claims_rejected_in_the_999(PlatformFixture platform)
{
    static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    HttpClient Simulator() => platform.SimulatorOperator();

    [Fact]
    public async Task A_claim_in_a_file_rejected_by_the_999_is_held_with_the_IK3_IK4_text_and_accepted_once_resubmitted()
    {
        var tenant = await platform.NewTenantAsync();
        await using var desk = new ClaimsDesk(platform.Client(tenant.ApiKey), tenant.TenantId);
        using var simulator = Simulator();
        var payer = ClaimsDesk.Payer();
        var refuse = await simulator.PutAsJsonAsync($"/simulator/payers/{payer.PayerId}", new { rejectIn999 = true });
        refuse.EnsureSuccessStatusCode();
        Assert.True((await refuse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rejectIn999").GetBoolean());

        await desk.SetFeesAsync(("99213", 120m));
        var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimThroughAsync(Id(claim), "submitted", TimeSpan.FromSeconds(60));

        var held = await desk.ClaimInStatusAsync(Id(claim), "held", TimeSpan.FromSeconds(60));
        var edit = Assert.Single(held.GetProperty("edits").EnumerateArray());
        Assert.Equal("999.rejected", edit.GetProperty("rule").GetString());
        var message = edit.GetProperty("message").GetString()!;
        // 2010BB NM1*PR is the 18th segment of a one-claim 837P from the platform's writer (ST = 1).
        Assert.Contains("segment NM1 at position", message);
        Assert.Contains("(loop 2010BB): error 8", message);
        Assert.Contains($"element 9 error 7 '{payer.PayerId}'", message);
        var history = held.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["draft", "ready", "submitted", "held"], history.Select(h => h.GetProperty("status").GetString()));
        Assert.StartsWith("The clearinghouse rejected the file (999): segment NM1", history[^1].GetProperty("detail").GetString());
        Assert.False(held.TryGetProperty("payerClaimNumber", out var number) && number.ValueKind == JsonValueKind.String);

        var batches = await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/batches");
        Assert.Equal("rejected", Assert.Single(batches.GetProperty("items").EnumerateArray()).GetProperty("ackStatus").GetString());
        var received = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/received?submitterId={SubmitterIds.For(tenant.TenantId)}");
        var file = Assert.Single(received.GetProperty("items").EnumerateArray());
        Assert.Equal("rejected", file.GetProperty("status").GetString());
        Assert.Equal(0, file.GetProperty("claimCount").GetInt32());

        // A held claim is not released by submit: its edits must be worked first.
        Assert.Equal(HttpStatusCode.Conflict, (await desk.Client.PostAsync($"/api/claims/{Id(claim)}/submit", null)).StatusCode);

        // The payer's enrollment is fixed at the clearinghouse; the biller re-prices the code, which re-scrubs held claims.
        // (The 835 waits a little, so the 277CA is collected before Payments posts the payment and the claim moves on to paid.)
        (await simulator.PutAsJsonAsync($"/simulator/payers/{payer.PayerId}", new { rejectIn999 = false, eraDelaySeconds = 10 })).EnsureSuccessStatusCode();
        await desk.SetFeesAsync(("99213", 125m));
        var accepted = await desk.ClaimThroughAsync(Id(claim), "accepted", TimeSpan.FromSeconds(60));
        Assert.Empty(accepted.GetProperty("edits").EnumerateArray());
        Assert.Equal(125m, accepted.GetProperty("totalCharge").GetDecimal());
        Assert.StartsWith("SIM", accepted.GetProperty("payerClaimNumber").GetString());
        Assert.Equal(["draft", "ready", "submitted", "held", "ready", "submitted", "accepted"],
            accepted.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).Take(7));
        var batchesAfter = await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/batches");
        Assert.Equal(2, batchesAfter.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_simulator_rejects_the_transaction_set_naming_a_refused_payer_with_IK3_IK4_and_adjudicates_nothing()
    {
        using var simulator = Simulator();
        var submitter = "RCM" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var refused = "R" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var open = "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        (await simulator.PutAsJsonAsync($"/simulator/payers/{refused}", new { rejectIn999 = true })).EnsureSuccessStatusCode();
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);

        // One transaction set: a claim for the open payer (with a 2330B NM1*PR naming the refused payer as the
        // primary: not a 2010BB, so not an error), then one for the refused payer, whose 2010BB NM1*PR is segment 43.
        var x12 = X12Files.Claims(submitter, Random.Shared.Next(1000, 900_000_000),
        [
            new TestClaim("PCNOPEN", open, "M1", new Line("99213", 100m, date)) { Responsibility = "S", Primary = (50m, 10m, 40m) },
            new TestClaim("PCNREFUSED", refused, "M2", new Line("99213", 100m, date)),
        ]).Replace("PI*PRIM01", "PI*" + refused);
        using var submitterHttp = platform.SimulatorSubmitter(submitter);
        var response = await submitterHttp.PostAsync($"/clearinghouse/{submitter}/files", new StringContent(x12, Encoding.UTF8, "application/edi-x12"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var segments = X12Files.Segments(x12);
        var st = segments.FindIndex(s => s[0] == "ST");
        var position = segments.FindLastIndex(s => s[0] == "NM1" && s[1] == "PR" && s[^1] == refused) - st + 1;
        Assert.Equal(43, position);

        var client = platform.ClearinghouseClient();
        var list = await client.ListMailboxAsync(submitter);
        Assert.True(list.Succeeded, list.ToString());
        Assert.Equal(["999"], list.Value!.Select(i => i.Kind));
        var ack = X12Files.Segments((await client.GetFileAsync(submitter, list.Value![0].Id)).Value!);
        Assert.Equal(["IK3", "NM1", "43", "2010BB", "8"], Assert.Single(ack, s => s[0] == "IK3"));
        Assert.Equal(["IK4", "9", "67", "7", refused], Assert.Single(ack, s => s[0] == "IK4"));
        Assert.Equal(["IK5", "R", "5"], Assert.Single(ack, s => s[0] == "IK5"));
        Assert.Equal(["AK9", "R", "1", "1", "0"], Assert.Single(ack, s => s[0] == "AK9"));

        var received = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/received?submitterId={submitter}");
        Assert.Equal("rejected", Assert.Single(received.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_setting_reads_back_and_a_payer_id_no_NM109_can_carry_is_refused()
    {
        using var simulator = Simulator();
        var payer = "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Assert.False((await simulator.GetFromJsonAsync<JsonElement>($"/simulator/payers/{payer}")).GetProperty("rejectIn999").GetBoolean());
        (await simulator.PutAsJsonAsync($"/simulator/payers/{payer}", new { rejectIn999 = true, allowedPercent = 70m })).EnsureSuccessStatusCode();
        var settings = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/payers/{payer}");
        Assert.True(settings.GetProperty("rejectIn999").GetBoolean());
        Assert.Equal(70m, settings.GetProperty("allowedPercent").GetDecimal());

        var bad = await simulator.PutAsJsonAsync("/simulator/payers/X", new { rejectIn999 = true });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("rejectIn999", await bad.Content.ReadAsStringAsync());
    }
}
