// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// Expected payment: the practice loads each payer's contract (per code, per modifier, by effective date, or a percent of a reference
/// schedule such as Medicare's); the simulator's payer allows less than the contract for some lines, and each such paid line lands on
/// the underpayment queue with expected − allowed to the cent. The allowed amount is the charge less the contractual adjustment,
/// CARC 45 "charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement" (X12 code list 139).
/// </summary>
public sealed class Underpayments_against_the_contract(PlatformFixture platform)
{
    static string Day(int offset) => DateTime.UtcNow.AddDays(-3 + offset).ToString("yyyy-MM-dd"); // FrontDesk's encounters are 3 days ago

    static object Plan0 => Plan(deductible: 0m, deductibleMet: 0m, coinsurancePercent: 0m);

    async Task<(CycleHarness H, string PayerId, Guid Patient)> PracticeAsync(string name, object simulatorPayer)
    {
        var h = await StartAsync(platform, name);
        var (payer, payerId) = await h.PayerAsync("Lakeside Commercial", simulatorPayer);
        var member = h.NewMemberId();
        await h.MemberAsync(payerId, member, Plan0);
        var patient = await h.PatientAsync("Grace", "Hopper");
        await h.CoverageAsync(patient, payer, member);
        return (h, payerId, patient);
    }

    static async Task<JsonElement> PaidClaimAsync(CycleHarness h, Guid patient, string diagnosis, object line) =>
        await h.ClaimInStatusAsync(Id(await h.ClaimForEncounterAsync(await h.VisitAsync(patient, [diagnosis], line))), "paid");

    static async Task<List<JsonElement>> QueueAsync(CycleHarness h, string query = "") =>
        [.. (await h.Expect(await h.Client.GetAsync($"/api/claims/underpayments?limit=100{query}"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task A_line_allowed_below_the_contract_is_queued_with_its_variance_to_the_cent_and_lines_at_or_within_a_dollar_of_it_are_not()
    {
        // The payer's own fee table allows $96.37 for 99213 (contract $100.00), $59.50 for 93000 (contract $60.00: within the
        // practice's default $1.00 tolerance) and $100.00 for 72100 (the contract exactly). No copay, deductible or coinsurance: paid = allowed.
        var (h, payerId, patient) = await PracticeAsync("Cycle: underpayment", new
        {
            fees = new[] { new { code = "99213", allowed = 96.37m }, new { code = "93000", allowed = 59.50m }, new { code = "72100", allowed = 100m } },
        });
        await using var _ = h;
        await h.Expect(await h.Client.PutAsJsonAsync($"/api/claims/contracts/{payerId}", new
        {
            items = new[] { ("99213", 100m), ("93000", 60m), ("72100", 100m) }.Select(i => new { code = i.Item1, modifiers = Array.Empty<string>(), allowed = i.Item2, effectiveFrom = Day(-30) }),
        }), HttpStatusCode.OK);

        var underpaid = await PaidClaimAsync(h, patient, "J02.0", Line("99213"));
        await PaidClaimAsync(h, patient, "I48.91", Line("93000"));
        await PaidClaimAsync(h, patient, "M54.50", Line("72100"));

        // The review runs in the transaction that marks the claim paid, so the queue is complete now.
        var item = Assert.Single(await QueueAsync(h));
        Assert.Equal((Id(underpaid).ToString(), Str(underpaid, "patientControlNumber"), payerId, "99213", 1),
            (Str(item, "claimId"), Str(item, "patientControlNumber"), Str(item, "payerId"), Str(item, "code"), item.GetProperty("lineNumber").GetInt32()));
        Assert.Equal((100.00m, 96.37m, 96.37m, 3.63m), (M(item, "expected"), M(item, "allowed"), M(item, "paid"), M(item, "variance")));
        Assert.Equal(item.GetRawText(), (await h.Expect(await h.Client.GetAsync($"/api/claims/underpayments/{Id(item)}"), HttpStatusCode.OK)).GetRawText());

        var summary = await h.Expect(await h.Client.GetAsync($"/api/claims/underpayments/summary?from={Day(-30)}&to={Day(30)}"), HttpStatusCode.OK);
        var payer = Assert.Single(summary.GetProperty("payers").EnumerateArray());
        Assert.Equal((payerId, 1, 3.63m, 3.63m), (Str(payer, "payerId"), payer.GetProperty("lines").GetInt32(), M(payer, "underpaid"), M(summary, "underpaid")));
        var before = await h.Expect(await h.Client.GetAsync($"/api/claims/underpayments/summary?to={Day(-10)}"), HttpStatusCode.OK);
        Assert.Empty(before.GetProperty("payers").EnumerateArray());

        // Another practice sees none of it (ARCHITECTURE §4: another tenant's row is a 404, never data).
        var other = await platform.NewTenantAsync("Cycle: underpayment, another practice");
        using var stranger = platform.Client(other.ApiKey);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/claims/underpayments/{Id(item)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/claims/contracts/{payerId}")).StatusCode);
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>("/api/claims/underpayments")).GetProperty("items").EnumerateArray());
    }

    // A practice often loads (or corrects) a contract after remittances under it have posted; the lines already paid are judged again
    // against the contract as it now stands, as a contract-management tool re-prices history when a fee schedule is loaded.
    [Fact]
    public async Task A_contract_loaded_after_the_payment_posted_judges_the_paid_lines_again_and_a_corrected_rate_settles_them()
    {
        var (h, payerId, patient) = await PracticeAsync("Cycle: contract after payment", new { fees = new[] { new { code = "99213", allowed = 90.00m } } });
        await using var _ = h;
        var paid = await PaidClaimAsync(h, patient, "J02.0", Line("99213"));
        Assert.Empty(await QueueAsync(h)); // no contract yet: no expectation

        object Contract(decimal allowed) => new { items = new[] { new { code = "99213", modifiers = Array.Empty<string>(), allowed, effectiveFrom = Day(-30) } } };
        var saved = await h.Expect(await h.Client.PutAsJsonAsync($"/api/claims/contracts/{payerId}", Contract(100.00m)), HttpStatusCode.OK);
        Assert.Equal((1, 1), (saved.GetProperty("rejudged").GetProperty("claims").GetInt32(), saved.GetProperty("rejudged").GetProperty("openUnderpayments").GetInt32()));
        var item = Assert.Single(await QueueAsync(h));
        Assert.Equal((Id(paid).ToString(), 100.00m, 90.00m, 10.00m), (Str(item, "claimId"), M(item, "expected"), M(item, "allowed"), M(item, "variance")));

        // The rate was keyed wrong: $90.50 is within the $1.00 tolerance of what the payer allowed, so the item is settled, not left open.
        saved = await h.Expect(await h.Client.PutAsJsonAsync($"/api/claims/contracts/{payerId}", Contract(90.50m)), HttpStatusCode.OK);
        Assert.Equal(0, saved.GetProperty("rejudged").GetProperty("openUnderpayments").GetInt32());
        Assert.Empty(await QueueAsync(h));
        Assert.Equal("resolved", Str(await h.Expect(await h.Client.GetAsync($"/api/claims/underpayments/{Id(item)}"), HttpStatusCode.OK), "status"));

        // A contract for dates of service after this visit leaves it as it is.
        saved = await h.Expect(await h.Client.PutAsJsonAsync($"/api/claims/contracts/{payerId}",
            new { items = new[] { new { code = "99213", modifiers = Array.Empty<string>(), allowed = 150.00m, effectiveFrom = Day(10) } } }), HttpStatusCode.OK);
        Assert.Equal(0, saved.GetProperty("rejudged").GetProperty("claims").GetInt32());
        Assert.Empty(await QueueAsync(h));
    }

    [Fact]
    public async Task Modifier_lines_effective_dates_a_percent_of_a_reference_schedule_and_the_practices_tolerance_decide_what_is_expected()
    {
        // The payer allows 80% of each charge: 99213 $120, 72100-26 $80, 93000 $48, 83036 $32.
        var (h, payerId, patient) = await PracticeAsync("Cycle: contract terms", new { allowedPercent = 80m });
        await using var _ = h;
        var schedule = $"mpfs-{Guid.NewGuid():N}"[..20];
        await h.Expect(await h.Client.PutAsJsonAsync($"/api/claims/reference-schedules/{schedule}", new
        {
            items = new object[]
            {
                new { code = "93000", amount = 50.00m, effectiveFrom = Day(-60) },
                new { code = "83036", amount = 31.82m, effectiveFrom = Day(-60) },
            },
        }), HttpStatusCode.OK);
        await h.Expect(await h.Client.PutAsJsonAsync($"/api/claims/contracts/{payerId}", new
        {
            referenceSchedule = schedule, percent = 110m,
            items = new object[]
            {
                new { code = "99213", modifiers = Array.Empty<string>(), allowed = 200m, effectiveFrom = Day(-365), effectiveTo = Day(-1) }, // ended the day before
                new { code = "99213", modifiers = Array.Empty<string>(), allowed = 125.45m, effectiveFrom = Day(-10) },                     // the one in force
                new { code = "99213", modifiers = Array.Empty<string>(), allowed = 300m, effectiveFrom = Day(1) },                          // from the day after
                new { code = "72100", modifiers = Array.Empty<string>(), allowed = 85m, effectiveFrom = Day(-10) },
                new { code = "72100", modifiers = new[] { "26" }, allowed = 90m, effectiveFrom = Day(-10) },
            },
        }), HttpStatusCode.OK);
        // A shortfall must be over $4.00 here: 83036 at 110% of $31.82 = $35.00 against $32 allowed is $3.00 short, not queued.
        await h.Expect(await h.Client.PutAsJsonAsync("/api/claims/settings", new { underpaymentTolerance = 4.00m }), HttpStatusCode.OK);

        var visit = await PaidClaimAsync(h, patient, "J02.0", Line("99213"));
        var component = await PaidClaimAsync(h, patient, "M54.50", Line("72100", 1, null, "26"));
        var ecg = await PaidClaimAsync(h, patient, "I48.91", Line("93000"));
        await PaidClaimAsync(h, patient, "E11.9", Line("83036"));

        var queue = await QueueAsync(h);
        Assert.Equal(
            [(Id(component).ToString(), "72100", 90.00m, 80.00m, 10.00m), (Id(ecg).ToString(), "93000", 55.00m, 48.00m, 7.00m), (Id(visit).ToString(), "99213", 125.45m, 120.00m, 5.45m)],
            queue.Select(i => (Str(i, "claimId")!, Str(i, "code")!, M(i, "expected"), M(i, "allowed"), M(i, "variance"))).ToList());
        Assert.Equal(["26"], queue[0].GetProperty("modifiers").EnumerateArray().Select(m => m.GetString()));

        // Sorted the other way, filtered by amount, and paged with the cursor it gives.
        Assert.Equal(["99213", "93000", "72100"], (await QueueAsync(h, "&sort=variance")).Select(i => Str(i, "code")));
        Assert.Equal(["72100", "93000"], (await QueueAsync(h, "&minVariance=6")).Select(i => Str(i, "code")));
        Assert.Empty(await QueueAsync(h, "&payerId=SOMEONE-ELSE"));
        var first = await h.Expect(await h.Client.GetAsync("/api/claims/underpayments?limit=2"), HttpStatusCode.OK);
        var cursor = Str(first, "nextCursor");
        Assert.NotNull(cursor);
        var second = await h.Expect(await h.Client.GetAsync($"/api/claims/underpayments?limit=2&cursor={Uri.EscapeDataString(cursor)}"), HttpStatusCode.OK);
        Assert.Equal(["72100", "93000", "99213"],
            first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => Str(i, "code")));
        Assert.Null(Str(second, "nextCursor"));
    }

    [Fact]
    public async Task A_corrected_claim_takes_the_underpayment_of_the_claim_it_replaces_off_the_queue_and_is_judged_anew()
    {
        var (h, payerId, patient) = await PracticeAsync("Cycle: underpayment corrected", new { allowedPercent = 80m });
        await using var _ = h;
        await h.Expect(await h.Client.PutAsJsonAsync($"/api/claims/contracts/{payerId}", new
        {
            items = new[] { new { code = "99213", allowed = 125m, effectiveFrom = Day(-30) }, new { code = "99214", allowed = 172.50m, effectiveFrom = Day(-30) } },
        }), HttpStatusCode.OK);
        var original = await PaidClaimAsync(h, patient, "E11.9", Line("99213"));
        var first = Assert.Single(await QueueAsync(h));
        Assert.Equal(5.00m, M(first, "variance"));

        // The payer reverses the first payment (CLP02 22) and pays the replacement (frequency 7): $200 at 80% = $160 against $172.50.
        var replacementId = Id(await h.CorrectAsync(Id(original), new
        {
            procedures = new[] { new { code = "99214", modifiers = Array.Empty<string>(), units = 1m, diagnosisPointers = new[] { 1 } } },
        }));
        await h.ClaimInStatusAsync(replacementId, "paid");
        await h.LedgerWhenAsync(Id(original), l => M(l, "insurancePaid") == 0m, "the reversal posted");
        var queue = await QueueAsync(h);
        var item = Assert.Single(queue);
        Assert.Equal((replacementId.ToString(), "99214", 12.50m), (Str(item, "claimId"), Str(item, "code"), M(item, "variance")));
        var gone = await h.Expect(await h.Client.GetAsync($"/api/claims/underpayments/{Id(first)}"), HttpStatusCode.OK);
        Assert.Contains(Str(gone, "status"), new[] { "reversed", "superseded" });
        Assert.Equal(12.50m, M(await h.Expect(await h.Client.GetAsync("/api/claims/underpayments/summary"), HttpStatusCode.OK), "underpaid"));
    }
}
