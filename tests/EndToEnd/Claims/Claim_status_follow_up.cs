// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.Contracts.Clearinghouse;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Claims;

/// <summary>
/// Claim status follow-up (issue #17): 276 → 277 (005010X212) through the gateway and the simulator, answered from the claim's state at
/// the payer, and the A/R follow-up queue the answers feed. Category codes are X12 code list 507 (A4 not found, P1 pending/in process,
/// F1 finalized/payment); the simulator's payer behaviours are in docs/clearinghouse.md (loseClaims, withholdEras).
/// </summary>
public sealed class Claim_status_follow_up(PlatformFixture platform)
{
    static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    /// <summary>A claim to a new payer set up in the simulator with <paramref name="payerSettings"/>, once the payer (or clearinghouse) has acknowledged it.</summary>
    async Task<(JsonElement Claim, string PayerId)> ClaimToPayerAsync(ClaimsDesk desk, object payerSettings, string waitFor, object? payerRules = null)
    {
        using var simulator = platform.SimulatorOperator();
        var payer = ClaimsDesk.Payer();
        (await simulator.PutAsJsonAsync($"/simulator/payers/{payer.PayerId}", payerSettings)).EnsureSuccessStatusCode();
        if (payerRules is not null)
            await Json(await desk.Client.PutAsJsonAsync($"/api/claims/payer-rules/{payer.PayerId}", payerRules), HttpStatusCode.OK);
        await desk.SetFeesAsync(("99213", 120m));
        var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        var acknowledged = waitFor == "277CA A1"
            ? (JsonElement)await Eventually.Get(async () =>
            {
                var c = await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/{Id(claim)}");
                return c.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("detail").GetString()!.StartsWith("277CA A1", StringComparison.Ordinal)) ? (object)c : null;
            }, TimeSpan.FromSeconds(60), "the clearinghouse's A1")
            : await desk.ClaimInStatusAsync(Id(claim), waitFor, TimeSpan.FromSeconds(60));
        return (acknowledged, payer.PayerId);
    }

    [Fact]
    public async Task A_claim_the_payer_never_received_is_not_found_and_goes_on_the_follow_up_queue_as_a_possibly_lost_claim()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        var (claim, payerId) = await ClaimToPayerAsync(desk, new { loseClaims = true }, "277CA A1");
        Assert.Equal("submitted", claim.GetProperty("status").GetString());
        Assert.Empty(Items(await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/follow-up?reason=not-found")));

        var check = await Json(await desk.Client.PostAsync($"/api/claims/{Id(claim)}/status-checks", null), HttpStatusCode.Created);
        Assert.Equal(("not-found", "A4", "35", "manual"), (check.GetProperty("result").GetString(), check.GetProperty("categoryCode").GetString(),
            check.GetProperty("statusCode").GetString(), check.GetProperty("trigger").GetString()));
        Assert.Contains("not found", check.GetProperty("meaning").GetString());
        Assert.Contains("ST*276*", check.GetProperty("x276").GetString());
        Assert.Contains($"REF*EJ*{claim.GetProperty("patientControlNumber").GetString()}~", check.GetProperty("x276").GetString());
        Assert.Contains("STC*A4:35*", check.GetProperty("x277").GetString());

        var queue = Items(await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/follow-up?reason=not-found&payerId={payerId}"));
        var item = Assert.Single(queue);
        Assert.Equal((Id(claim), Id(claim), "not-found", payerId), (Id(item), item.GetProperty("claimId").GetGuid(), item.GetProperty("reason").GetString(),
            item.GetProperty("payerId").GetString()));
        Assert.Equal(120m, item.GetProperty("charge").GetDecimal());
        Assert.Equal(claim.GetProperty("patientId").GetGuid(), item.GetProperty("patientId").GetGuid());
        Assert.Equal(0, item.GetProperty("daysSinceSubmission").GetInt32());
        Assert.Equal(Id(check), item.GetProperty("lastStatusCheck").GetProperty("id").GetGuid());
        Assert.Empty(Items(await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/follow-up?reason=missing-era&payerId={payerId}")));

        var history = await Json(await desk.Client.GetAsync($"/api/claims/{Id(claim)}/status-checks"), HttpStatusCode.OK);
        Assert.Equal(Id(check), Id(Assert.Single(history.EnumerateArray())));
        var x12 = await desk.Client.GetStringAsync($"/api/claims/{Id(claim)}/status-checks/{Id(check)}/x12");
        Assert.Contains("ST*276*", x12);
        Assert.Contains("ST*277*", x12);
        var after = await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/{Id(claim)}");
        Assert.Equal("submitted", after.GetProperty("status").GetString());
        Assert.Contains(after.GetProperty("history").EnumerateArray(), h => h.GetProperty("detail").GetString()!.Contains("A4:35"));

        // Integrators hear of it: claim.status_checked on the change feed (and any webhook subscribed to it), with the check's result.
        var published = await Eventually.Get(async () =>
        {
            var feed = await desk.Client.GetFromJsonAsync<JsonElement>("/api/events?types=claim.status_checked");
            return feed.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("data"))
                .Where(d => d.GetProperty("checkId").GetGuid() == Id(check)).Select(d => d.GetRawText()).FirstOrDefault();
        }, TimeSpan.FromSeconds(20), "claim.status_checked on the change feed");
        var data = JsonDocument.Parse(published).RootElement;
        Assert.Equal((Id(claim), "not-found", "A4"), (data.GetProperty("claimId").GetGuid(), data.GetProperty("result").GetString(),
            data.GetProperty("categoryCode").GetString()));

        // The possibly lost claim is worked like any queue's item: assigned, commented, pended until a follow-up date, counted.
        var worker = new WorkQueues.QueueWorker(desk.Client, "ar-follow-up", "/api/claims/follow-up", Id);
        await worker.WorkOneItemAsync(Id(claim), 1, desk.ApiKeyId);
    }

    [Fact]
    public async Task A_paid_claim_whose_835_never_came_answers_finalized_paid_with_its_check_and_is_a_missing_ERA_item()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        var (claim, payerId) = await ClaimToPayerAsync(desk, new { withholdEras = true, allowedPercent = 80 }, "accepted");

        var check = await Json(await desk.Client.PostAsync($"/api/claims/{Id(claim)}/status-checks", null), HttpStatusCode.Created);
        Assert.Equal(("paid", "F1", "65"), (check.GetProperty("result").GetString(), check.GetProperty("categoryCode").GetString(), check.GetProperty("statusCode").GetString()));
        Assert.True(check.GetProperty("paidAmount").GetDecimal() > 0);
        Assert.Equal(120m, check.GetProperty("totalCharge").GetDecimal());
        Assert.StartsWith("SIM", check.GetProperty("checkNumber").GetString());
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), DateOnly.Parse(check.GetProperty("checkDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(claim.GetProperty("payerClaimNumber").GetString(), check.GetProperty("payerClaimNumber").GetString());

        var item = Assert.Single(Items(await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/follow-up?payerId={payerId}")));
        Assert.Equal((Id(claim), "missing-era"), (Id(item), item.GetProperty("reason").GetString()));
        Assert.Equal(check.GetProperty("checkNumber").GetString(), item.GetProperty("lastStatusCheck").GetProperty("checkNumber").GetString());
        Assert.Equal("accepted", (await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/{Id(claim)}")).GetProperty("status").GetString());

        // The 835 that finally comes (here a denial, CLP02 4, as Payments would post it) takes the claim off the queue.
        var pcn = claim.GetProperty("patientControlNumber").GetString()!;
        await desk.PublishAsync(new ClaimPaymentPosted(desk.TenantId, Guid.CreateVersion7(), Guid.CreateVersion7(), Id(claim), Guid.Empty, pcn,
            claim.GetProperty("payerClaimNumber").GetString(), "4", payerId, "Acme Health", DateOnly.FromDateTime(DateTime.UtcNow), null, 120m, 0m,
            [new PostedAdjustment("CO", "50", 120m, 1)], new PatientResponsibility(0, 0, 0, 0, 0), 120m, false,
            [new PostedLine(1, "99213", [], null, 120m, 0m, 0m, [])], [], DateTimeOffset.UtcNow));
        await desk.ClaimInStatusAsync(Id(claim), "denied");
        Assert.Empty(Items(await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/follow-up?payerId={payerId}")));
    }

    [Fact]
    public async Task A_claim_with_no_answer_after_the_payers_days_is_a_no_response_item_until_the_payer_says_never()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        var (claim, payerId) = await ClaimToPayerAsync(desk, new { eraDelaySeconds = 3600 }, "accepted");
        Assert.Empty(Items(await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/follow-up?payerId={payerId}")));

        // Sent 30 days ago: the claim's 837P batch is moved back in the Claims database (the days cannot be waited for).
        await using (var db = platform.Database("claims"))
        await using (var connection = await db.OpenConnectionAsync())
        {
            await using var back = new Npgsql.NpgsqlCommand(
                "UPDATE batches SET created_at = created_at - interval '30 days', sent_at = sent_at - interval '30 days' WHERE id = (SELECT last_batch_id FROM claims WHERE id = $1)",
                connection);
            back.Parameters.AddWithValue(Id(claim));
            Assert.Equal(1, await back.ExecuteNonQueryAsync());
        }
        var item = Assert.Single(Items(await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/follow-up?reason=no-response&payerId={payerId}")));
        Assert.Equal((Id(claim), 30), (Id(item), item.GetProperty("daysSinceSubmission").GetInt32()));
        Assert.False(item.TryGetProperty("lastStatusCheck", out _));

        // Due a scheduled check now (21 days by default): the payer says it is in process, which leaves it a no-response item.
        var run = await Json(await desk.Client.PostAsync("/api/claims/status-checks/run", null), HttpStatusCode.OK);
        var sent = Assert.Single(run.GetProperty("sent").EnumerateArray());
        Assert.Equal((Id(claim), "pending"), (sent.GetProperty("claimId").GetGuid(), sent.GetProperty("result").GetString()));
        item = Assert.Single(Items(await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/follow-up?reason=no-response&payerId={payerId}")));
        Assert.Equal("P1", item.GetProperty("lastStatusCheck").GetProperty("categoryCode").GetString());
        Assert.Empty((await Json(await desk.Client.PostAsync("/api/claims/status-checks/run", null), HttpStatusCode.OK)).GetProperty("sent").EnumerateArray());

        await Json(await desk.Client.PutAsJsonAsync($"/api/claims/payer-rules/{payerId}", new { statusCheckAfterDays = 0 }), HttpStatusCode.OK);
        Assert.Empty(Items(await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/follow-up?payerId={payerId}")));
    }

    [Fact]
    public async Task A_claim_still_in_adjudication_is_pending_and_changes_nothing_but_its_history()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        var (claim, payerId) = await ClaimToPayerAsync(desk, new { eraDelaySeconds = 3600 }, "accepted");

        var check = await Json(await desk.Client.PostAsync($"/api/claims/{Id(claim)}/status-checks", null), HttpStatusCode.Created);
        Assert.Equal(("pending", "P1", "20"), (check.GetProperty("result").GetString(), check.GetProperty("categoryCode").GetString(), check.GetProperty("statusCode").GetString()));
        Assert.Contains("IN PROCESS", check.GetProperty("message").GetString());
        Assert.False(check.TryGetProperty("checkNumber", out _)); // nulls are left out of answers
        Assert.Empty(Items(await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/follow-up?payerId={payerId}")));
        var after = await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/{Id(claim)}");
        Assert.Equal("accepted", after.GetProperty("status").GetString());
        Assert.Contains(after.GetProperty("history").EnumerateArray(), h => h.GetProperty("detail").GetString()!.Contains("P1:20"));
    }

    [Fact]
    public async Task Another_practices_claim_is_not_found_and_bad_input_names_the_field()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await using var other = await ClaimsDesk.ForNewTenantAsync(platform);
        var (claim, _) = await ClaimToPayerAsync(desk, new { eraDelaySeconds = 3600 }, "accepted");
        var check = await Json(await desk.Client.PostAsync($"/api/claims/{Id(claim)}/status-checks", null), HttpStatusCode.Created);

        await Json(await other.Client.PostAsync($"/api/claims/{Id(claim)}/status-checks", null), HttpStatusCode.NotFound);
        await Json(await other.Client.GetAsync($"/api/claims/{Id(claim)}/status-checks"), HttpStatusCode.NotFound);
        await Json(await other.Client.GetAsync($"/api/claims/{Id(claim)}/status-checks/{Id(check)}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/api/claims/{Id(claim)}/status-checks/{Id(check)}/x12")).StatusCode);
        Assert.DoesNotContain(Items(await other.Client.GetFromJsonAsync<JsonElement>("/api/claims/follow-up")), i => Id(i) == Id(claim));

        var bad = await Json(await desk.Client.GetAsync("/api/claims/follow-up?reason=lost"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("reason", out _));
        bad = await Json(await desk.Client.GetAsync("/api/claims/follow-up?cursor=nope"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("cursor", out _));
        bad = await Json(await desk.Client.GetAsync("/api/claims/follow-up?sort=payer"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("sort", out _));
        bad = await Json(await desk.Client.GetAsync("/api/claims/follow-up?minAmount=50&maxAmount=10"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("maxAmount", out _));
        bad = await Json(await desk.Client.PutAsJsonAsync($"/api/claims/payer-rules/{claim.GetProperty("payerId").GetString()}",
            new { statusCheckAfterDays = -1, statusCheckEveryDays = 0, statusChecksPerDay = -5 }), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "statusCheckAfterDays", "statusCheckEveryDays", "statusChecksPerDay" })
            Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), field);
        bad = await Json(await desk.Client.PostAsync("/api/claims/status-checks/run?asOf=2001-01-01T00:00:00Z", null), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("asOf", out _));

        // A claim the payer was never sent (held: no fee for its code) cannot be asked about: 409 naming its status.
        var coded = desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer())], "99999");
        await desk.PublishAsync(coded);
        var held = await desk.ClaimInStatusAsync(Id(await desk.ClaimForEncounterAsync(coded.EncounterId)), "held");
        var refused = await Json(await desk.Client.PostAsync($"/api/claims/{Id(held)}/status-checks", null), HttpStatusCode.Conflict);
        Assert.Equal("held", refused.GetProperty("status").GetString());
        Assert.Contains("held", refused.GetProperty("detail").GetString());
    }

    // The checker asks about a claim once the payer's statusCheckAfterDays have passed without an 835, not again within
    // statusCheckEveryDays, and sends a payer at most statusChecksPerDay a day. The admin's run as of a later instant stands in for
    // the days passing (its checks are recorded at that instant).
    [Fact]
    public async Task The_scheduled_checker_asks_after_N_days_not_again_within_M_days_and_keeps_to_the_payers_daily_limit()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        using var simulator = platform.SimulatorOperator();
        var payer = ClaimsDesk.Payer();
        (await simulator.PutAsJsonAsync($"/simulator/payers/{payer.PayerId}", new { loseClaims = true })).EnsureSuccessStatusCode();
        var rules = await Json(await desk.Client.PutAsJsonAsync($"/api/claims/payer-rules/{payer.PayerId}",
            new { statusCheckAfterDays = 21, statusCheckEveryDays = 14, statusChecksPerDay = 1 }), HttpStatusCode.OK);
        Assert.Equal((21, 14, 1), (rules.GetProperty("statusCheckAfterDays").GetInt32(), rules.GetProperty("statusCheckEveryDays").GetInt32(),
            rules.GetProperty("statusChecksPerDay").GetInt32()));
        await desk.SetFeesAsync(("99213", 120m), ("99214", 180m));
        var claims = new List<Guid>();
        foreach (var code in new[] { "99213", "99214" })
        {
            var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], code);
            await desk.PublishAsync(coded);
            claims.Add(Id(await desk.ClaimInStatusAsync(Id(await desk.ClaimForEncounterAsync(coded.EncounterId)), "submitted", TimeSpan.FromSeconds(60))));
        }
        // Days counted from tomorrow's UTC midnight, so that "the same day" and "the next day" of the daily limit are UTC days whatever the hour now.
        var midnight = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero);

        async Task<List<Guid>> RunAsync(int days, int hours)
        {
            var asOf = midnight.AddDays(days).AddHours(hours);
            var run = await Json(await desk.Client.PostAsync($"/api/claims/status-checks/run?asOf={Uri.EscapeDataString(asOf.ToString("O"))}", null), HttpStatusCode.OK);
            return [.. run.GetProperty("sent").EnumerateArray().Select(s => s.GetProperty("claimId").GetGuid())];
        }

        Assert.Empty(await RunAsync(19, 12));                  // 20 days after submission at most: not yet due
        var first = Assert.Single(await RunAsync(21, 1));       // due, both, but one a day for this payer
        Assert.Contains(first, claims);
        Assert.Empty(await RunAsync(21, 5));                    // the same UTC day: the day's one is used
        var second = Assert.Single(await RunAsync(22, 1));      // the next day, the other
        Assert.NotEqual(first, second);
        Assert.Empty(await RunAsync(29, 0));                    // both checked within 14 days
        Assert.Equal(first, Assert.Single(await RunAsync(35, 2))); // 14 days and an hour after the first's check: it again, not the other

        var history = await Json(await desk.Client.GetAsync($"/api/claims/{first}/status-checks"), HttpStatusCode.OK);
        Assert.Equal(["scheduled", "scheduled"], history.EnumerateArray().Select(c => c.GetProperty("trigger").GetString()));
        Assert.All(history.EnumerateArray(), c => Assert.Equal("not-found", c.GetProperty("result").GetString()));
        var queue = Items(await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/follow-up?reason=not-found&payerId={payer.PayerId}"));
        Assert.Equal(claims.Order(), queue.Select(Id).Order());
    }
}
