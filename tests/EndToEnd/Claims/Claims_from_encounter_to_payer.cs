// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using RevenueCycle.Contracts.Clearinghouse;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Claims;

public sealed class Claims_from_encounter_to_payer(PlatformFixture platform)
{
    static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    [Fact]
    public async Task A_coded_encounter_becomes_a_claim_sent_in_an_837P_and_accepted_by_the_277CA()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99214", 180m), ("80053", 25m));
        var coded = desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer())], "99214", "80053");
        await desk.PublishAsync(coded);

        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        Assert.Equal(205m, claim.GetProperty("totalCharge").GetDecimal());
        Assert.Equal(1, claim.GetProperty("frequency").GetInt32());
        var accepted = await desk.ClaimThroughAsync(Id(claim), "accepted", TimeSpan.FromSeconds(60));
        var statuses = accepted.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ToList();
        Assert.Equal(["draft", "ready", "submitted"], statuses.Take(3));
        // The simulator writes the 277CA and the 835 of a file together: Claims may read the payment before the acknowledgement.
        Assert.Contains("accepted", statuses.Skip(3));
        Assert.StartsWith("SIM", accepted.GetProperty("payerClaimNumber").GetString());

        var x12 = await desk.Client.GetStringAsync($"/api/claims/{Id(claim)}/x12");
        // (EndToEnd does not reference the X12 library; the 837P round trip is covered by RevenueCycle.Claims.Tests.)
        Assert.StartsWith("ISA*", x12);
        Assert.Contains($"CLM*{claim.GetProperty("patientControlNumber").GetString()}*205***11:B:1", x12);
        Assert.Contains("SV1*HC:99214*180*UN*1***1~", x12);
        Assert.Contains("SV1*HC:80053*25*UN*1***1~", x12);

        using var simulator = platform.SimulatorOperator();
        var received = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/received?submitterId={SubmitterIds.For(coded.TenantId)}");
        Assert.True(received.GetProperty("items").GetArrayLength() >= 1);
    }

    [Fact]
    public async Task A_claim_held_for_a_missing_fee_goes_once_the_fee_schedule_has_it()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await using var scrubs = await EventProbe<RevenueCycle.Contracts.Claims.ClaimScrubbed>.StartAsync();
        var coded = desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer())], "99213");
        await desk.PublishAsync(coded);

        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        Assert.Equal("held", claim.GetProperty("status").GetString());
        Assert.Contains(claim.GetProperty("edits").EnumerateArray(), e => e.GetProperty("rule").GetString() == "fee-schedule.missing");
        var queue = await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims?status=held");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), c => Id(c) == Id(claim));

        var heldScrub = await scrubs.WaitFor(e => e.ClaimId == Id(claim) && e.Held);
        Assert.Contains(heldScrub.Findings, f => f.Rule == "fee-schedule.missing");

        await desk.SetFeesAsync(("99213", 120m));
        // The simulator acknowledges it at once: the claim may already be accepted when it is read.
        var submitted = await desk.ClaimThroughAsync(Id(claim), "submitted");
        Assert.Equal(120m, submitted.GetProperty("totalCharge").GetDecimal());
        Assert.Empty(submitted.GetProperty("edits").EnumerateArray());
        var cleanScrub = await scrubs.WaitFor(e => e.ClaimId == Id(claim) && !e.Held);
        Assert.Empty(cleanScrub.Findings);
    }

    [Fact]
    public async Task A_claim_clean_at_its_first_scrub_is_announced_as_created_and_submitted_not_as_scrubbed()
    {
        // ClaimScrubbed is for the work queue and the public claim.held: a hold, or a hold cleared (the test above). A claim clean
        // the first time goes straight to the submission queue; announcing its scrub was a message an encounter nobody used.
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99213", 120m));
        var coded = desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer())], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimThroughAsync(Id(claim), "submitted");

        // ClaimCreated is recorded in the transaction that scrubbed the claim, and ClaimSubmitted once the 837P was sent:
        // a ClaimScrubbed would be in the outbox with them.
        await using var db = platform.Database("claims");
        await using var connection = await db.OpenConnectionAsync();
        var recorded = (await connection.QueryAsync<string>(
            "SELECT message_type FROM outbox WHERE body->>'claimId' = @Id ORDER BY id", new { Id = Id(claim).ToString() })).ToList();
        Assert.Contains("RevenueCycle.Contracts.Claims.ClaimCreated", recorded);
        Assert.Contains("RevenueCycle.Contracts.Claims.ClaimSubmitted", recorded);
        Assert.DoesNotContain("RevenueCycle.Contracts.Claims.ClaimScrubbed", recorded);
    }

    [Fact]
    public async Task A_manual_payers_claim_waits_for_release_and_its_837P_is_kept_for_download()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        (await desk.Client.PutAsJsonAsync("/api/claims/settings", new { autoSubmit = false })).EnsureSuccessStatusCode();
        await desk.SetFeesAsync(("99213", 120m));
        var coded = desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer("manual"))], "99213");
        await desk.PublishAsync(coded);

        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimInStatusAsync(Id(claim), "ready");
        Assert.Equal(HttpStatusCode.NotFound, (await desk.Client.GetAsync($"/api/claims/{Id(claim)}/x12")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await desk.Client.PostAsync($"/api/claims/{Id(claim)}/submit", null)).StatusCode);
        await desk.ClaimThroughAsync(Id(claim), "submitted");

        var response = await desk.Client.GetAsync($"/api/claims/{Id(claim)}/x12");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"CLM*{claim.GetProperty("patientControlNumber").GetString()}*120", await response.Content.ReadAsStringAsync());
        var batches = await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/batches");
        var batch = Assert.Single(batches.GetProperty("items").EnumerateArray());
        Assert.Equal("manual", batch.GetProperty("route").GetString());
        Assert.StartsWith("ISA*", await desk.Client.GetStringAsync($"/api/claims/batches/{Id(batch)}/x12"));
    }

    [Fact]
    public async Task Another_tenants_claim_is_not_found_and_bad_input_names_the_field()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await using var other = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99213", 120m));
        var coded = desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer())], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);

        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/api/claims/{Id(claim)}")).StatusCode);
        var bad = await desk.Client.PutAsJsonAsync("/api/claims/fee-schedule", new { items = new[] { new { code = "99213", amount = -5m } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("items[0].amount", await bad.Content.ReadAsStringAsync());
        var fees = await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/fee-schedule");
        Assert.Equal(120m, Assert.Single(fees.GetProperty("items").EnumerateArray()).GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task A_denied_claim_is_worked_from_the_denials_queue_and_replaced_with_frequency_7()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99214", 180m), ("97110", 40m));
        // A manual payer: the simulator does not adjudicate it, so the test's 835 posting is the only one.
        var coded = desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer("manual"))], "97110");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimInStatusAsync(Id(claim), "submitted", TimeSpan.FromSeconds(30));

        await desk.PublishAsync(Posted(coded.TenantId, Id(claim), claim.GetProperty("patientControlNumber").GetString()!, "4", 0m, 40m, "ICN-DENIED-1",
            [new PostedAdjustment("CO", "16", 40m, null)]));
        var denied = await desk.ClaimInStatusAsync(Id(claim), "denied");
        Assert.Equal("coding", denied.GetProperty("denial").GetProperty("category").GetString());
        Assert.Equal("16", denied.GetProperty("denial").GetProperty("carc").GetString());
        var denials = await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/denials");
        Assert.Contains(denials.GetProperty("items").EnumerateArray(), c => Id(c) == Id(claim));

        var corrected = await desk.Client.PostAsJsonAsync($"/api/claims/{Id(claim)}/corrections",
            new { priorAuthorizationNumber = "PA-16-1" }); // corrected codes go through Coding's edits: see Cycle/Corrected_codes_through_coding
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        var replacementId = Id(await corrected.Content.ReadFromJsonAsync<JsonElement>());
        var replacement = await desk.ClaimInStatusAsync(replacementId, "submitted");
        Assert.Equal(7, replacement.GetProperty("frequency").GetInt32());
        var x12 = await desk.Client.GetStringAsync($"/api/claims/{replacementId}/x12");
        Assert.Contains("REF*F8*ICN-DENIED-1~", x12);
        Assert.Contains(":B:7*", x12);
        Assert.Equal("closed", (await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/{Id(claim)}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_primary_payment_leaving_a_balance_opens_a_secondary_claim_with_the_primarys_adjudication()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99213", 100m));
        var primaryPayer = ClaimsDesk.Payer("manual");
        var coded = desk.Encounter([ClaimsDesk.Coverage(primaryPayer), ClaimsDesk.Coverage(ClaimsDesk.Payer("manual") with { Name = "Second Plan" }, "secondary")], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimInStatusAsync(Id(claim), "submitted", TimeSpan.FromSeconds(30));

        await desk.PublishAsync(Posted(coded.TenantId, Id(claim), claim.GetProperty("patientControlNumber").GetString()!, "1", 60m, 100m, "ICN-P-1",
            [new PostedAdjustment("CO", "45", 20m, 1), new PostedAdjustment("PR", "2", 20m, 1)], patientResponsibility: 20m));
        await desk.ClaimInStatusAsync(Id(claim), "paid");

        var secondary = await Eventually.Get(async () =>
        {
            var page = await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims?encounterId={coded.EncounterId}");
            return page.GetProperty("items").EnumerateArray().Where(c => c.GetProperty("responsibility").GetString() == "secondary").Select(c => (object)c).FirstOrDefault();
        }, TimeSpan.FromSeconds(20), "the secondary claim");
        var secondaryId = Id((JsonElement)secondary);
        await desk.ClaimInStatusAsync(secondaryId, "submitted");
        var x12 = await desk.Client.GetStringAsync($"/api/claims/{secondaryId}/x12");
        Assert.Contains("SBR*S*18*GRP1******CI~", x12);           // 2000B: secondary
        Assert.Contains("SBR*P*18*GRP1******CI~", x12);           // 2320: the primary as other payer
        Assert.Contains("AMT*D*60~", x12);                        // 2320 AMT*D: what the primary paid
        Assert.Contains($"NM1*PR*2*Acme Health*****PI*{primaryPayer.PayerId}~", x12); // 2330B
        Assert.Contains($"SVD*{primaryPayer.PayerId}*60*HC:99213**1~", x12);           // 2430
    }

    static ClaimPaymentPosted Posted(Guid tenant, Guid claimId, string pcn, string status, decimal paid, decimal charge, string icn,
        IReadOnlyList<PostedAdjustment> adjustments, decimal patientResponsibility = 0m) =>
        new(tenant, Guid.CreateVersion7(), Guid.CreateVersion7(), claimId, Guid.Empty, pcn, icn, status, "ACME", "Acme Health",
            DateOnly.FromDateTime(DateTime.UtcNow), null, charge, paid, adjustments, new PatientResponsibility(0, patientResponsibility, 0, 0, 0), 0m, false,
            [new PostedLine(1, "99213", [], null, charge, paid, patientResponsibility, [])], [], DateTimeOffset.UtcNow);
}
