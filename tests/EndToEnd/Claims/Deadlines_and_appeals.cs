// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Claims;

/// <summary>The deadlines a billing office works to (issue #17): timely filing for claims not yet with the payer, appeal windows for denials.</summary>
public sealed class Deadlines_and_appeals(PlatformFixture platform)
{
    static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();
    static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(Id)];

    // Timely filing runs from the date of service for the payer's days (Medicare: one calendar year, 42 CFR 424.44(a)(1); commercial
    // payers set their own, e.g. 90 or 180 days). A claim still unsent (here held: no fee for its code) shows its deadline and days left,
    // and is flagged within the practice's warning days (15 unless the practice sets its own).
    [Fact]
    public async Task A_claim_not_yet_with_the_payer_carries_its_timely_filing_deadline_and_is_flagged_when_it_is_near()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        var near = await HeldClaimAsync(desk, timelyFilingDays: 30, daysAgo: 20);   // deadline in 10 days
        var far = await HeldClaimAsync(desk, timelyFilingDays: 365, daysAgo: 20);   // deadline in 345 days

        var deadline = near.GetProperty("deadline");
        Assert.Equal(("filing", Today.AddDays(10).ToString("yyyy-MM-dd"), 10, true),
            (deadline.GetProperty("kind").GetString(), deadline.GetProperty("date").GetString(), deadline.GetProperty("daysLeft").GetInt32(), deadline.GetProperty("atRisk").GetBoolean()));
        Assert.False(far.GetProperty("deadline").GetProperty("atRisk").GetBoolean());
        Assert.Equal(345, far.GetProperty("deadline").GetProperty("daysLeft").GetInt32());

        var atRisk = Ids(await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims?atRisk=true"));
        Assert.Contains(Id(near), atRisk);
        Assert.DoesNotContain(Id(far), atRisk);
        var within = Ids(await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims?status=held&deadlineWithin=400"));
        Assert.Contains(Id(near), within);
        Assert.Contains(Id(far), within);
        Assert.DoesNotContain(Id(near), Ids(await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims?deadlineWithin=9")));

        // The practice flags only the last 5 days: 10 days left is no longer at risk.
        var settings = await Json(await desk.Client.PutAsJsonAsync("/api/claims/settings", new { autoSubmit = true, deadlineWarningDays = 5 }), HttpStatusCode.OK);
        Assert.Equal(5, settings.GetProperty("deadlineWarningDays").GetInt32());
        Assert.DoesNotContain(Id(near), Ids(await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims?atRisk=true")));
        Assert.False((await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/{Id(near)}")).GetProperty("deadline").GetProperty("atRisk").GetBoolean());

        var bad = await Json(await desk.Client.PutAsJsonAsync("/api/claims/settings", new { autoSubmit = true, deadlineWarningDays = 900 }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("deadlineWarningDays", out _));
        bad = await Json(await desk.Client.GetAsync("/api/claims?deadlineWithin=-1"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("deadlineWithin", out _));
    }

    // Medicare: a redetermination must be filed within 120 days of receiving the initial determination (42 CFR 405.942(a)); a
    // reconsideration within 180 days of the redetermination (42 CFR 405.962). Payers set their own limits (appealDays).
    [Fact]
    public async Task A_denied_claim_carries_its_appeal_deadline_and_each_appeal_level_records_its_outcome()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await using var other = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99213", 100m));
        var payer = ClaimsDesk.Payer("manual");
        var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimInStatusAsync(Id(claim), "submitted", TimeSpan.FromSeconds(30));
        var remittanceDate = Today.AddDays(-100);
        await desk.PublishAsync(Denied(desk.TenantId, Id(claim), claim.GetProperty("patientControlNumber").GetString()!, payer.PayerId, remittanceDate));
        var denied = await desk.ClaimInStatusAsync(Id(claim), "denied");

        // No appeal days set for the payer: 120 from the remittance date, 20 left, not yet at risk.
        var deadline = denied.GetProperty("deadline");
        Assert.Equal(("appeal", remittanceDate.AddDays(120).ToString("yyyy-MM-dd"), 20, false),
            (deadline.GetProperty("kind").GetString(), deadline.GetProperty("date").GetString(), deadline.GetProperty("daysLeft").GetInt32(), deadline.GetProperty("atRisk").GetBoolean()));
        Assert.DoesNotContain(Id(claim), Ids(await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/denials?atRisk=true")));

        // This payer allows 110 days: 10 left, flagged, on the at-risk denials queue.
        var rules = await Json(await desk.Client.PutAsJsonAsync($"/api/claims/payer-rules/{payer.PayerId}", new { appealDays = 110 }), HttpStatusCode.OK);
        Assert.Equal(110, rules.GetProperty("appealDays").GetInt32());
        Assert.Contains(Id(claim), Ids(await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/denials?atRisk=true")));
        Assert.Equal(10, (await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/{Id(claim)}")).GetProperty("deadline").GetProperty("daysLeft").GetInt32());

        // Levels go in order: a second level before a first is refused, naming the level.
        var skipped = await Json(await desk.Client.PostAsJsonAsync($"/api/claims/{Id(claim)}/appeals", new { reason = "Medically necessary", level = "second" }), HttpStatusCode.Conflict);
        Assert.Equal("level", skipped.GetProperty("field").GetString());
        var appealed = await Json(await desk.Client.PostAsJsonAsync($"/api/claims/{Id(claim)}/appeals", new { reason = "Medically necessary: notes attached" }), HttpStatusCode.OK);
        Assert.Equal("appealed", appealed.GetProperty("status").GetString());
        var first = Assert.Single(appealed.GetProperty("appeals").EnumerateArray());
        Assert.Equal(("first", "pending", remittanceDate.AddDays(110).ToString("yyyy-MM-dd"), false),
            (first.GetProperty("level").GetString(), first.GetProperty("outcome").GetString(), first.GetProperty("deadline").GetString(), first.GetProperty("filedLate").GetBoolean()));

        // Upheld: denied again, and the second level's window runs from the decision.
        var decidedOn = Today;
        var upheld = await Json(await desk.Client.PostAsJsonAsync($"/api/claims/{Id(claim)}/appeals/{Id(first)}/decision",
            new { outcome = "upheld", decidedOn = decidedOn.ToString("yyyy-MM-dd"), note = "Payer letter 4411" }), HttpStatusCode.OK);
        Assert.Equal("denied", upheld.GetProperty("status").GetString());
        Assert.Equal(decidedOn.AddDays(110).ToString("yyyy-MM-dd"), upheld.GetProperty("deadline").GetProperty("date").GetString());
        var again = await Json(await desk.Client.PostAsJsonAsync($"/api/claims/{Id(first)}/appeals/{Id(first)}/decision", new { outcome = "upheld" }), HttpStatusCode.NotFound);
        Assert.NotNull(again.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await desk.Client.PostAsJsonAsync($"/api/claims/{Id(claim)}/appeals/{Id(first)}/decision", new { outcome = "overturned" })).StatusCode);

        var second = await Json(await desk.Client.PostAsJsonAsync($"/api/claims/{Id(claim)}/appeals", new { reason = "Reconsideration", level = "second" }), HttpStatusCode.OK);
        var levels = second.GetProperty("appeals").EnumerateArray().ToList();
        Assert.Equal(["first", "second"], levels.Select(a => a.GetProperty("level").GetString()));
        var overturned = await Json(await desk.Client.PostAsJsonAsync($"/api/claims/{Id(claim)}/appeals/{Id(levels[1])}/decision", new { outcome = "overturned" }), HttpStatusCode.OK);
        Assert.Equal("appealed", overturned.GetProperty("status").GetString()); // until the payer's new remittance posts
        Assert.Contains(overturned.GetProperty("history").EnumerateArray(), h => h.GetProperty("detail").GetString()!.Contains("overturned"));
        var listed = await Json(await desk.Client.GetAsync($"/api/claims/{Id(claim)}/appeals"), HttpStatusCode.OK);
        Assert.Equal(["upheld", "overturned"], listed.EnumerateArray().Select(a => a.GetProperty("outcome").GetString()));

        // Bad input names the field; another practice sees nothing.
        var bad = await Json(await desk.Client.PostAsJsonAsync($"/api/claims/{Id(claim)}/appeals/{Id(levels[1])}/decision", new { outcome = "won" }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("outcome", out _));
        bad = await Json(await desk.Client.PostAsJsonAsync($"/api/claims/{Id(claim)}/appeals", new { reason = "x", sentOn = Today.AddDays(3).ToString("yyyy-MM-dd") }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("sentOn", out _));
        bad = await Json(await desk.Client.PutAsJsonAsync($"/api/claims/payer-rules/{payer.PayerId}", new { appealDays = 0 }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("appealDays", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/api/claims/{Id(claim)}/appeals")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.PostAsJsonAsync($"/api/claims/{Id(claim)}/appeals/{Id(levels[1])}/decision", new { outcome = "upheld" })).StatusCode);
    }

    static async Task<JsonElement> HeldClaimAsync(ClaimsDesk desk, int timelyFilingDays, int daysAgo)
    {
        var payer = ClaimsDesk.Payer("manual") with { TimelyFilingDays = timelyFilingDays };
        var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], "99499"); // no fee for it: the claim waits, held
        coded = coded with { Encounter = coded.Encounter with { DateOfService = Today.AddDays(-daysAgo) } };
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        return await desk.ClaimInStatusAsync(Id(claim), "held");
    }

    static ClaimPaymentPosted Denied(Guid tenant, Guid claimId, string pcn, string payerId, DateOnly paymentDate) =>
        new(tenant, Guid.CreateVersion7(), Guid.CreateVersion7(), claimId, Guid.Empty, pcn, "ICN-" + pcn, "4", payerId, "Acme Health",
            paymentDate, null, 100m, 0m, [new PostedAdjustment("CO", "50", 100m, 1)], new PatientResponsibility(0, 0, 0, 0, 0), 100m, false,
            [new PostedLine(1, "99213", [], null, 100m, 0m, 0m, [])], [], DateTimeOffset.UtcNow);
}
