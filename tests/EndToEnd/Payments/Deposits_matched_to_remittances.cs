using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Payments;

/// <summary>
/// Bank deposits reassociated with their 835s (CAQH CORE 370 EFT &amp; ERA Reassociation (CCD+/835) Rule): the EFT's CCD+ addenda
/// carries the 835's TRN segment ("TRN*1*&lt;TRN02&gt;*&lt;TRN03&gt;\", NACHA CCD+ format), so a deposit is its remittance when the trace is
/// TRN02 and the amount is BPR02 — whichever arrives first.
/// </summary>
public sealed class Deposits_matched_to_remittances(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    static Clp Paid(decimal paid, decimal charge = 100m) =>
        new(PaymentsDriver.Pcn(), 1, charge, paid, [new Svc("99213", charge, paid, [new Cas("CO", "45", charge - paid)])]);

    /// <summary>An 835 paid by ACH (BPR04 ACH, CCP format, the payer's and the practice's bank accounts), its TRN02 the EFT trace.</summary>
    static string EftEra(PaymentsDriver payments, string trace, IReadOnlyList<Clp> claims, string paymentDate = "20261204", IReadOnlyList<Plb>? plb = null) =>
        Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), trace, claims, plb, paymentDate: paymentDate)
            .Replace("*C*CHK************", "*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*021000021*DA*000123456789*", StringComparison.Ordinal);

    static Task<HttpResponseMessage> UploadAsync(PaymentsDriver payments, string body, string mediaType = "application/vnd.bai2") =>
        payments.Client.PostAsync("/api/payments/deposits", new StringContent(body, Encoding.ASCII, mediaType), Ct);

    static async Task<JsonElement> UploadedAsync(PaymentsDriver payments, string body, string mediaType = "application/vnd.bai2", HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await UploadAsync(payments, body, mediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    static JsonElement Deposit(JsonElement upload, decimal amount) =>
        upload.GetProperty("deposits").EnumerateArray().Single(d => d.GetProperty("amount").GetDecimal() == amount);

    static async Task<List<JsonElement>> ItemsAsync(PaymentsDriver payments, string path) =>
        [.. (await payments.GetAsync(path)).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task A_BAI2_deposit_is_matched_to_the_835_posted_after_it()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var upload = await UploadedAsync(payments, DepositFiles.TwoCredits);
        Assert.Equal(("bai2", 2, 0), (upload.GetProperty("format").GetString(), upload.GetProperty("created").GetInt32(), upload.GetProperty("duplicates").GetInt32()));
        var deposit = Deposit(upload, 70m).GetProperty("id").GetGuid();
        Assert.Equal("unmatched", Deposit(upload, 70m).GetProperty("status").GetString());
        // The 88 continued the second credit's text: its addenda is read across the two records.
        Assert.Equal("EFT999999", Deposit(upload, 250m).GetProperty("traceNumber").GetString());

        var remittance = await payments.PostAcceptedAsync(EftEra(payments, "EFT123456", [Paid(70m)]));

        var matched = (await payments.GetAsync($"/api/payments/deposits/{deposit}")).GetProperty("deposit");
        Assert.Equal(("matched", remittance, "automatic", "system"), (matched.GetProperty("status").GetString(), matched.GetProperty("remittanceId").GetGuid(),
            matched.GetProperty("matchMethod").GetString(), matched.GetProperty("matchedBy").GetString()));
        Assert.Equal((new DateOnly(2026, 12, 4), "165", "000123456789", "1512345678"), (DateOnly.Parse(matched.GetProperty("depositDate").GetString()!, CultureInfo.InvariantCulture),
            matched.GetProperty("typeCode").GetString(), matched.GetProperty("accountNumber").GetString(), matched.GetProperty("payerId").GetString()));
        var queue = await ItemsAsync(payments, "/api/payments/deposits/unmatched");
        Assert.Equal(250m, Assert.Single(queue).GetProperty("amount").GetDecimal());
        // The paid check (type 475, a debit) is no deposit.
        Assert.Equal(2, (await ItemsAsync(payments, "/api/payments/deposits")).Count);
    }

    [Fact]
    public async Task A_BAI2_deposit_is_matched_to_the_835_posted_before_it_and_the_other_waits_in_the_unmatched_queue()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        // The payer's 835 dashes the trace the bank passed on plain: compared as letters and digits, it is the same trace.
        var remittance = await payments.PostAcceptedAsync(EftEra(payments, "EFT-123456", [Paid(50m), Paid(20m)]));

        var upload = await UploadedAsync(payments, DepositFiles.TwoCredits);

        Assert.Equal("matched", Deposit(upload, 70m).GetProperty("status").GetString());
        var unmatched = Deposit(upload, 250m).GetProperty("id").GetGuid();
        Assert.Equal("unmatched", Deposit(upload, 250m).GetProperty("status").GetString());
        var item = Assert.Single(await ItemsAsync(payments, "/api/payments/deposits/unmatched"));
        Assert.Equal((unmatched, "EFT999999", "1999999999"), (item.GetProperty("id").GetGuid(), item.GetProperty("traceNumber").GetString(), item.GetProperty("payerId").GetString()));
        Assert.Equal(remittance, Assert.Single(await ItemsAsync(payments, "/api/payments/deposits?status=matched")).GetProperty("remittanceId").GetGuid());
        Assert.Equal(unmatched, Assert.Single(await ItemsAsync(payments, "/api/payments/deposits?status=unmatched")).GetProperty("id").GetGuid());
        Assert.Empty(await ItemsAsync(payments, "/api/payments/deposits/unmatched?payer=1512345678"));
        Assert.Single(await ItemsAsync(payments, "/api/payments/deposits/unmatched?payer=1999999999&minAmount=250&maxAmount=250.00&from=2026-12-04&to=2026-12-04"));
        Assert.Empty(await ItemsAsync(payments, "/api/payments/deposits/unmatched?minAmount=250.01"));
    }

    [Fact]
    public async Task The_same_BAI2_uploaded_twice_is_not_doubled_and_its_CSV_export_neither()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var first = await UploadedAsync(payments, DepositFiles.TwoCredits);

        var again = await UploadedAsync(payments, DepositFiles.TwoCredits, expected: HttpStatusCode.OK);
        var csv = await UploadedAsync(payments, DepositFiles.TwoCreditsCsv, "text/csv", HttpStatusCode.OK);

        foreach (var repeat in new[] { again, csv })
        {
            Assert.Equal((0, 2), (repeat.GetProperty("created").GetInt32(), repeat.GetProperty("duplicates").GetInt32()));
            Assert.All(repeat.GetProperty("deposits").EnumerateArray(), d => Assert.True(d.GetProperty("duplicate").GetBoolean()));
            Assert.Equal(Deposit(first, 70m).GetProperty("id").GetGuid(), Deposit(repeat, 70m).GetProperty("id").GetGuid());
        }
        Assert.Equal(2, (await ItemsAsync(payments, "/api/payments/deposits")).Count);
    }

    [Fact]
    public async Task A_CSV_of_deposits_is_matched_by_its_reference()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var remittance = await payments.PostAcceptedAsync(EftEra(payments, "EFT999999", [Paid(250m, 300m)]));

        var upload = await UploadedAsync(payments, DepositFiles.TwoCreditsCsv, "text/csv");

        Assert.Equal("csv", upload.GetProperty("format").GetString());
        var detail = (await payments.GetAsync($"/api/payments/deposits/{Deposit(upload, 250m).GetProperty("id").GetGuid()}")).GetProperty("deposit");
        Assert.Equal(("matched", remittance), (detail.GetProperty("status").GetString(), detail.GetProperty("remittanceId").GetGuid()));
        var acme = (await payments.GetAsync($"/api/payments/deposits/{Deposit(upload, 70m).GetProperty("id").GetGuid()}")).GetProperty("deposit");
        Assert.Equal(("EFT123456", "1512345678", "HCCLAIMPMT ACME HEALTH PLAN, ACH"), (acme.GetProperty("traceNumber").GetString(),
            acme.GetProperty("payerId").GetString(), acme.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task A_trace_paying_another_amount_is_flagged_and_matched_by_hand_with_who_when_and_why_then_unmatched()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var upload = await UploadedAsync(payments, DepositFiles.TwoCredits);
        var deposit = Deposit(upload, 70m).GetProperty("id").GetGuid();
        // The payer's 835 says 75.00 where its EFT brought 70.00: not matched automatically.
        var remittance = await payments.PostAcceptedAsync(EftEra(payments, "EFT123456", [Paid(75m)]));

        var flagged = (await payments.GetAsync($"/api/payments/deposits/{deposit}")).GetProperty("deposit");
        Assert.Equal(("flagged", "amount-differs"), (flagged.GetProperty("status").GetString(), flagged.GetProperty("flag").GetString()));
        Assert.Contains("75.00", flagged.GetProperty("flagDetail").GetString());
        Assert.Contains(await ItemsAsync(payments, "/api/payments/deposits/unmatched"), d => d.GetProperty("id").GetGuid() == deposit);

        var noReason = await payments.Client.PostAsJsonAsync($"/api/payments/deposits/{deposit}/match", new { remittanceId = remittance }, Ct);
        await AssertNamesFieldAsync(noReason, "reason");
        var match = await payments.Client.PostAsJsonAsync($"/api/payments/deposits/{deposit}/match",
            new { remittanceId = remittance, reason = "Bank fee of 5.00 taken from the EFT", userId = "biller-7" }, Ct);
        Assert.Equal(HttpStatusCode.OK, match.StatusCode);
        var matched = (await match.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("deposit");
        Assert.Equal(("matched", remittance, "manual", "biller-7"), (matched.GetProperty("status").GetString(), matched.GetProperty("remittanceId").GetGuid(),
            matched.GetProperty("matchMethod").GetString(), matched.GetProperty("matchedBy").GetString()));
        Assert.DoesNotContain(await ItemsAsync(payments, "/api/payments/deposits/unmatched"), d => d.GetProperty("id").GetGuid() == deposit);
        var other = Deposit(upload, 250m).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Conflict, (await payments.Client.PostAsJsonAsync($"/api/payments/deposits/{other}/match",
            new { remittanceId = remittance, reason = "wrong" }, Ct)).StatusCode);

        var unmatch = await payments.Client.PostAsJsonAsync($"/api/payments/deposits/{deposit}/unmatch", new { reason = "Payer says this EFT is another ERA" }, Ct);
        Assert.Equal(HttpStatusCode.OK, unmatch.StatusCode);
        var detail = await unmatch.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("unmatched", false), (detail.GetProperty("deposit").GetProperty("status").GetString(), detail.GetProperty("deposit").GetProperty("automaticMatching").GetBoolean()));
        var history = detail.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["matched", "unmatched"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.Equal(("biller-7", "Bank fee of 5.00 taken from the EFT"), (history[0].GetProperty("performedBy").GetString(), history[0].GetProperty("reason").GetString()));
        Assert.StartsWith("api-key:", history[1].GetProperty("performedBy").GetString());
        Assert.True(history[1].GetProperty("at").GetDateTimeOffset() >= history[0].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Conflict, (await payments.Client.PostAsJsonAsync($"/api/payments/deposits/{deposit}/unmatch", new { reason = "again" }, Ct)).StatusCode);
        Assert.Equal(2, (await ItemsAsync(payments, "/api/payments/deposits/unmatched")).Count);
    }

    public static TheoryData<string, string, int, string> BadFiles => new()
    {
        { "49,3108000,6/", "49,3108001,6/", 8, "accountControlTotal" },
        { "49,3108000,6/", "49,3108000,5/", 8, "numberOfRecords" },
        { "98,3108000,1,8/", "98,3108000,2,8/", 9, "numberOfAccounts" },
        { "99,3108000,1,10/", "99,3107000,1,10/", 10, "fileControlTotal" },
        { "16,165,7000,0,", "16,165,70.00,0,", 4, "amount" },
        { "16,475,", "17,475,", 7, "recordType" },
        { "02,RIVERSIDEFM,021000021,1,261204,", "02,RIVERSIDEFM,021000021,1,261304,", 2, "asOfDate" },
        { "99,3108000,1,10/", "", 9, "recordType" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_BAI2_whose_totals_or_records_are_wrong_is_refused_naming_the_line_and_stores_nothing(string good, string bad, int line, string field)
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var file = DepositFiles.TwoCredits.Replace(good, bad, StringComparison.Ordinal);
        Assert.NotEqual(DepositFiles.TwoCredits, file);

        var response = await UploadAsync(payments, file);

        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((line, field), (problem.GetProperty("line").GetInt32(), problem.GetProperty("field").GetString()));
        Assert.Contains($"Line {line}", problem.GetProperty("detail").GetString());
        Assert.Empty(await ItemsAsync(payments, "/api/payments/deposits"));
    }

    [Fact]
    public async Task The_reconciliation_report_gives_each_days_deposits_remittances_PLB_and_difference_to_the_cent()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var acme = await payments.PostAcceptedAsync(EftEra(payments, "EFT123456", [Paid(45.55m), Paid(24.45m)]));
        // Paid 500.00 on its claims less a 19.99 recoupment (PLB WO): BPR02 480.01, and no deposit for it.
        var recouped = await payments.PostAcceptedAsync(EftEra(payments, "EFT555000", [Paid(500m, 800m)], plb: [new Plb("WO", "OLDCLAIM1", 19.99m)]));
        await payments.PostAcceptedAsync(EftEra(payments, "EFT777000", [Paid(12.34m)], paymentDate: "20261207"));
        await UploadedAsync(payments, DepositFiles.TwoCredits);

        var report = await payments.GetAsync("/api/payments/reconciliation?from=2026-12-01&to=2026-12-06");

        var day = Assert.Single(report.GetProperty("days").EnumerateArray());
        Assert.Equal("2026-12-04", day.GetProperty("date").GetString());
        decimal D(JsonElement e, string name) => e.GetProperty(name).GetDecimal();
        Assert.Equal((320.00m, 550.01m, 19.99m, 570.00m), (D(day.GetProperty("deposits"), "total"), D(day.GetProperty("remittances"), "total"),
            D(day, "providerAdjustments"), D(day, "claimsPaid")));
        Assert.Equal((70.00m, -230.01m), (D(day.GetProperty("matchedDeposits"), "total"), D(day, "difference")));
        Assert.Equal(250m, D(Assert.Single(day.GetProperty("unmatchedDeposits").EnumerateArray()), "amount"));
        var missing = Assert.Single(day.GetProperty("remittancesWithoutDeposit").EnumerateArray());
        Assert.Equal((recouped, 480.01m), (missing.GetProperty("id").GetGuid(), D(missing, "paymentAmount")));
        Assert.Equal((320.00m, 550.01m, -230.01m), (D(report, "depositsTotal"), D(report, "remittancesTotal"), D(report, "difference")));
        Assert.NotEqual(acme, recouped);
    }

    [Fact]
    public async Task A_remittance_is_listed_without_a_deposit_once_the_practices_business_days_have_passed()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Ten calendar days hold at least six business days: past the default three (CAQH CORE 370: the EFT and ERA within three business days).
        var late = await payments.PostAcceptedAsync(EftEra(payments, "EFT100001", [Paid(10m)], today.AddDays(-10).ToString("yyyyMMdd", CultureInfo.InvariantCulture)));
        await payments.PostAcceptedAsync(EftEra(payments, "EFT100002", [Paid(20m)], today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)));
        await payments.PostAcceptedAsync(EftEra(payments, "EFT123456", [Paid(70m)], today.AddDays(-30).ToString("yyyyMMdd", CultureInfo.InvariantCulture)));
        await UploadedAsync(payments, DepositFiles.TwoCredits);

        Assert.Equal(3, (await payments.GetAsync("/api/payments/deposits/settings")).GetProperty("remittanceWaitBusinessDays").GetInt32());
        var listed = Assert.Single(await ItemsAsync(payments, "/api/payments/remittances-without-deposit"));
        Assert.Equal((late, 10m), (listed.GetProperty("id").GetGuid(), listed.GetProperty("paymentAmount").GetDecimal()));

        var put = await payments.Client.PutAsJsonAsync("/api/payments/deposits/settings", new { remittanceWaitBusinessDays = 20 }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Empty(await ItemsAsync(payments, "/api/payments/remittances-without-deposit"));
    }

    [Fact]
    public async Task Another_practices_deposit_is_not_found_and_its_remittance_cannot_be_matched()
    {
        await using var owner = await PaymentsDriver.StartAsync(platform);
        await using var stranger = await PaymentsDriver.StartAsync(platform);
        var remittance = await owner.PostAcceptedAsync(EftEra(owner, "EFT424242", [Paid(70m)]));
        var deposit = Deposit(await UploadedAsync(owner, DepositFiles.TwoCredits), 250m).GetProperty("id").GetGuid();
        var theirs = Deposit(await UploadedAsync(stranger, DepositFiles.TwoCredits), 70m).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/payments/deposits/{deposit}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsJsonAsync($"/api/payments/deposits/{deposit}/match", new { remittanceId = remittance, reason = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsJsonAsync($"/api/payments/deposits/{deposit}/unmatch", new { reason = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsJsonAsync($"/api/payments/deposits/{theirs}/match", new { remittanceId = remittance, reason = "x" }, Ct)).StatusCode);
        // The stranger's own upload of the same file is its own: the owner's remittance matched nothing of it.
        Assert.Equal(2, (await ItemsAsync(stranger, "/api/payments/deposits/unmatched")).Count);
        Assert.Empty(await ItemsAsync(stranger, "/api/payments/remittances-without-deposit"));
        Assert.DoesNotContain((await stranger.GetAsync("/api/payments/reconciliation?from=2026-12-01&to=2026-12-31")).GetProperty("days").EnumerateArray(),
            d => d.GetProperty("remittances").GetProperty("count").GetInt32() > 0);
        Assert.Equal(2, (await ItemsAsync(owner, "/api/payments/deposits/unmatched")).Count);
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "/api/payments/deposits?status=lost", "status" },
        { "/api/payments/deposits?from=2026-13-01", "from" },
        { "/api/payments/deposits?from=2026-12-05&to=2026-12-01", "to" },
        { "/api/payments/deposits?minAmount=ten", "minAmount" },
        { "/api/payments/deposits?minAmount=5&maxAmount=1", "maxAmount" },
        { "/api/payments/deposits?sort=payer", "sort" },
        { "/api/payments/deposits?cursor=zz", "cursor" },
        { "/api/payments/deposits/unmatched?limit=0", "limit" },
        { "/api/payments/deposits/unmatched?maxAmount=1.001", "maxAmount" },
        { "/api/payments/remittances-without-deposit?sort=-nothing", "sort" },
        { "/api/payments/remittances-without-deposit?to=yesterday", "to" },
        { "/api/payments/reconciliation?to=2026-12-31", "from" },
        { "/api/payments/reconciliation?from=2026-12-31", "to" },
        { "/api/payments/reconciliation?from=2026-12-31&to=2026-12-01", "to" },
        { "/api/payments/reconciliation?from=2025-01-01&to=2026-12-31", "to" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_list_or_report_query_is_a_400_naming_the_field(string path, string field)
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await AssertNamesFieldAsync(await payments.Client.GetAsync(path, Ct), field);
    }

    [Fact]
    public async Task Bad_uploads_matches_and_settings_are_refused_naming_the_field_and_change_nothing()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var deposit = Deposit(await UploadedAsync(payments, DepositFiles.TwoCredits), 250m).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await UploadAsync(payments, DepositFiles.TwoCredits, "application/json")).StatusCode);
        var empty = await UploadAsync(payments, "", "text/csv");
        Assert.Equal(("body", 1), await FieldAndLineAsync(empty));
        var csv = await UploadAsync(payments, "date,amount,reference\n2026-12-04,70.00,EFT1\n2026-12-04,-5.00,EFT2\n", "text/csv");
        Assert.Equal(("amount", 3), await FieldAndLineAsync(csv));
        var csvDate = await UploadAsync(payments, "2026-02-30,70.00,EFT1\n", "text/csv");
        Assert.Equal(("date", 1), await FieldAndLineAsync(csvDate));

        await AssertNamesFieldAsync(await payments.Client.PostAsJsonAsync($"/api/payments/deposits/{deposit}/match", new { reason = "x" }, Ct), "remittanceId");
        await AssertNamesFieldAsync(await payments.Client.PostAsJsonAsync($"/api/payments/deposits/{deposit}/match", new { remittanceId = "not-a-uuid" }, Ct), "remittanceId");
        await AssertNamesFieldAsync(await payments.Client.PostAsJsonAsync($"/api/payments/deposits/{deposit}/match",
            new { remittanceId = Guid.NewGuid(), userId = new string('u', 101) }, Ct), "userId");
        Assert.Equal(HttpStatusCode.NotFound, (await payments.Client.PostAsJsonAsync($"/api/payments/deposits/{deposit}/match", new { remittanceId = Guid.NewGuid() }, Ct)).StatusCode);
        await AssertNamesFieldAsync(await payments.Client.PostAsJsonAsync($"/api/payments/deposits/{deposit}/unmatch", new { }, Ct), "reason");
        Assert.Equal(HttpStatusCode.Conflict, (await payments.Client.PostAsJsonAsync($"/api/payments/deposits/{deposit}/unmatch", new { reason = "x" }, Ct)).StatusCode);
        await AssertNamesFieldAsync(await payments.Client.PutAsJsonAsync("/api/payments/deposits/settings", new { remittanceWaitBusinessDays = -1 }, Ct), "remittanceWaitBusinessDays");
        await AssertNamesFieldAsync(await payments.Client.PutAsJsonAsync("/api/payments/deposits/settings", new { }, Ct), "remittanceWaitBusinessDays");
        Assert.Equal(HttpStatusCode.NotFound, (await payments.Client.GetAsync($"/api/payments/deposits/{Guid.NewGuid()}", Ct)).StatusCode);

        Assert.Equal(2, (await ItemsAsync(payments, "/api/payments/deposits")).Count);
        Assert.Equal(3, (await payments.GetAsync("/api/payments/deposits/settings")).GetProperty("remittanceWaitBusinessDays").GetInt32());
        var unchanged = (await payments.GetAsync($"/api/payments/deposits/{deposit}"));
        Assert.Equal("unmatched", unchanged.GetProperty("deposit").GetProperty("status").GetString());
        Assert.Empty(unchanged.GetProperty("history").EnumerateArray());
    }

    static async Task<(string Field, int Line)> FieldAndLineAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        var problem = JsonDocument.Parse(body).RootElement;
        return (problem.GetProperty("field").GetString()!, problem.GetProperty("line").GetInt32());
    }

    static async Task AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase)), $"{field} not named: {body}");
    }
}
