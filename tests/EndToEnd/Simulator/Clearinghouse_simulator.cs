// The simulator answers in milliseconds; each call is bounded by its HttpClient timeout rather than the test token.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.ServiceDefaults.Clearinghouse;

namespace RevenueCycle.EndToEnd.Simulator;

/// <summary>The clearinghouse simulator as the services meet it: a process speaking X12 over HTTP (docs/clearinghouse.md).</summary>
public sealed class Clearinghouse_simulator(PlatformFixture platform)
{
    static readonly DateOnly March1 = new(2024, 3, 1);
    static int nextControl = Random.Shared.Next(1000, 900_000_000);

    readonly HttpClient http = platform.SimulatorOperator();
    readonly string submitter = "RCM" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
    HttpClient SubmitterHttp => submitterHttpClient ??= platform.SimulatorSubmitter(submitter);
    HttpClient? submitterHttpClient;
    readonly string payer = "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    ClearinghouseClient Client() => platform.ClearinghouseClient();

    static int Control() => Interlocked.Increment(ref nextControl);

    async Task PutAsync(string path, object body) => (await http.PutAsJsonAsync(path, body)).EnsureSuccessStatusCode();

    async Task<HttpResponseMessage> SendAsync(string x12) =>
        await SubmitterHttp.PostAsync($"/clearinghouse/{submitter}/files", new StringContent(x12, Encoding.UTF8, "application/edi-x12"));

    async Task<Dictionary<string, List<string>>> SubmitAsync(params TestClaim[] claims)
    {
        var response = await SendAsync(X12Files.Claims(submitter, Control(), claims));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await CollectAsync();
    }

    /// <summary>
    /// Collects the mailbox as a service would: list, get, delete — once every file sent has been processed (its 999
    /// is there from the POST on; its 277CAs and 835s once it lists a <c>processedAt</c>).
    /// </summary>
    async Task<Dictionary<string, List<string>>> CollectAsync()
    {
        await Eventually.True(async () => (await http.GetFromJsonAsync<JsonElement>($"/simulator/received?submitterId={submitter}&limit=500"))
            .GetProperty("items").EnumerateArray().All(f => f.TryGetProperty("processedAt", out _)),
            TimeSpan.FromSeconds(30), "every file sent processed");
        var client = Client();
        var list = await client.ListMailboxAsync(submitter);
        Assert.True(list.Succeeded, list.ToString());
        var files = new Dictionary<string, List<string>>();
        foreach (var item in list.Value!)
        {
            var file = await client.GetFileAsync(submitter, item.Id);
            Assert.True(file.Succeeded, file.ToString());
            (files.TryGetValue(item.Kind, out var kind) ? kind : files[item.Kind] = []).Add(file.Value!);
            Assert.True((await client.DeleteFileAsync(submitter, item.Id)).Succeeded);
        }
        return files;
    }

    static List<string[]> Claim(string remittance, string patientControlNumber)
    {
        var segments = X12Files.Segments(remittance);
        var start = segments.FindIndex(s => s[0] == "CLP" && s[1] == patientControlNumber);
        Assert.True(start >= 0, $"no CLP for {patientControlNumber} in\n{remittance}");
        var end = segments.FindIndex(start + 1, s => s[0] is "CLP" or "SE" or "PLB");
        return segments[start..end];
    }

    /// <summary>The 835's balancing rules, checked on the text: line charge − paid = Σ line CAS; CLP03 − CLP04 = Σ CAS; BPR02 = Σ CLP04 − Σ PLB.</summary>
    static void AssertBalanced(string remittance)
    {
        var segments = X12Files.Segments(remittance);
        decimal sumPaid = 0, plb = 0;
        decimal claimCharge = 0, claimPaid = 0, claimCas = 0, lineCharge = 0, linePaid = 0, lineCas = 0;
        var inLine = false;
        void CloseLine() { if (inLine) Assert.Equal(lineCharge - linePaid, lineCas); inLine = false; lineCas = 0; }
        void CloseClaim() { CloseLine(); Assert.Equal(claimCharge - claimPaid, claimCas); claimCas = 0; claimCharge = claimPaid = 0; }
        var anyClaim = false;
        foreach (var s in segments)
        {
            switch (s[0])
            {
                case "CLP":
                    if (anyClaim) CloseClaim();
                    anyClaim = true;
                    claimCharge = X12Files.Amount(s[3]); claimPaid = X12Files.Amount(s[4]); sumPaid += claimPaid;
                    break;
                case "SVC":
                    CloseLine();
                    inLine = true; lineCharge = X12Files.Amount(s[2]); linePaid = X12Files.Amount(s[3]);
                    break;
                case "CAS":
                    for (var i = 3; i < s.Length; i += 3)
                        if (s[i].Length > 0) { var a = X12Files.Amount(s[i]); claimCas += a; if (inLine) lineCas += a; }
                    break;
                case "PLB":
                    for (var i = 4; i < s.Length; i += 2) plb += X12Files.Amount(s[i]);
                    break;
            }
        }
        if (anyClaim) CloseClaim();
        Assert.Equal(sumPaid - plb, X12Files.Amount(segments.Single(s => s[0] == "BPR")[2]));
    }

    static string[] Segment(IEnumerable<string[]> segments, string id, string? first = null) =>
        segments.First(s => s[0] == id && (first is null || s[1] == first));

    [Fact]
    public async Task Pays_a_configured_member_with_fee_table_copay_deductible_and_coinsurance()
    {
        await PutAsync($"/simulator/payers/{payer}", new { fees = new[] { new { code = "99213", allowed = 100m } }, allowedPercent = 80m });
        await PutAsync($"/simulator/payers/{payer}/members/M1", new { active = true, copay = 20m, deductible = 50m, deductibleMet = 0m, coinsurancePercent = 20m });

        var files = await SubmitAsync(new TestClaim("PCN1", payer, "M1", new Line("99213", 150m, March1), new Line("85025", 150m, March1)));

        var ack = X12Files.Segments(Assert.Single(files["999"]));
        Assert.Equal("A", Segment(ack, "AK9")[1]);
        var ca = X12Files.Segments(Assert.Single(files["277CA"]));
        Assert.StartsWith("A2:20", Segment(ca, "STC")[1]);
        var payerClaimNumber = Segment(ca, "REF", "1K")[2];
        var remittance = Assert.Single(files["835"]);
        AssertBalanced(remittance);
        var claim = Claim(remittance, "PCN1");
        // 99213: fee 100 of 150 (CO-45 50), copay 20, deductible 50, coinsurance 20% of 30 = 6, paid 24.
        // 85025: 80% of 150 = 120 (CO-45 30), coinsurance 24, paid 96.
        Assert.Equal(["CLP", "PCN1", "1", "300", "120", "100", "CI", payerClaimNumber, "11", "1"], Segment(claim, "CLP"));
        Assert.Contains(claim, s => string.Join("*", s) == "CAS*PR*1*50**2*6**3*20");
        Assert.Contains(claim, s => string.Join("*", s) == "CAS*PR*2*24");
        Assert.Equal("120", Segment(X12Files.Segments(remittance), "BPR")[2]);

        var member = await http.GetFromJsonAsync<JsonElement>($"/simulator/payers/{payer}/members/M1");
        Assert.Equal(50m, member.GetProperty("deductibleMet").GetDecimal());

        // The second visit meets no deductible any more: copay 20, coinsurance 20% of 80 = 16, paid 64.
        var second = await SubmitAsync(new TestClaim("PCN2", payer, "M1", new Line("99213", 150m, March1.AddDays(7))));
        Assert.Equal(["CLP", "PCN2", "1", "150", "64", "36"], Segment(Claim(Assert.Single(second["835"]), "PCN2"), "CLP")[..6]);
    }

    [Fact]
    public async Task Answers_a_file_with_its_999_at_once_and_processes_files_in_the_order_taken()
    {
        await PutAsync($"/simulator/payers/{payer}/members/D1", new { active = true, deductible = 50m, deductibleMet = 0m, coinsurancePercent = 0m });

        // Two files back to back, the second sent before the first is processed: the deductible goes to the first.
        var first = await SendAsync(X12Files.Claims(submitter, Control(), [new TestClaim("FIRST", payer, "D1", new Line("99213", 100m, March1))]));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var waiting = await Client().ListMailboxAsync(submitter, MailboxKinds.FunctionalAcknowledgment);
        Assert.Single(waiting.Value!);
        var second = await SendAsync(X12Files.Claims(submitter, Control(), [new TestClaim("SECOND", payer, "D1", new Line("99213", 100m, March1.AddDays(1)))]));
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);

        var files = await CollectAsync();
        Assert.Equal(2, files["999"].Count);
        Assert.Equal(2, files["277CA"].Count);
        var remittances = files["835"].ToDictionary(r => X12Files.Segments(r).First(s => s[0] == "CLP")[1]);
        // 80% of 100 allowed: the first claim meets the whole deductible (paid 30), the second meets none (paid 80).
        Assert.Equal(["CLP", "FIRST", "1", "100", "30", "50"], Segment(Claim(remittances["FIRST"], "FIRST"), "CLP")[..6]);
        Assert.Equal(["CLP", "SECOND", "1", "100", "80", "0"], Segment(Claim(remittances["SECOND"], "SECOND"), "CLP")[..6]);
    }

    [Fact]
    public async Task Rejects_a_transaction_set_with_a_wrong_segment_count_in_the_999()
    {
        var response = await SendAsync(X12Files.Claims(submitter, Control(), [new TestClaim("PCN1", payer, "M1", new Line("99213", 100m, March1))], segmentCountOverride: 5));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var files = await CollectAsync();
        var ack = X12Files.Segments(Assert.Single(files["999"]));
        Assert.Equal(["IK5", "R", "4"], Segment(ack, "IK5"));
        Assert.Equal("R", Segment(ack, "AK9")[1]);
        Assert.False(files.ContainsKey("277CA"));
        Assert.False(files.ContainsKey("835"));
    }

    [Fact]
    public async Task Rejects_a_claim_for_an_invalid_member_in_the_277CA()
    {
        await PutAsync($"/simulator/payers/{payer}/members/BAD1", new { active = true, invalid = true });
        var files = await SubmitAsync(new TestClaim("PCN1", payer, "BAD1", new Line("99213", 100m, March1)), new TestClaim("PCN2", payer, "OK1", new Line("99213", 100m, March1)));
        var ca = X12Files.Segments(Assert.Single(files["277CA"]));
        var statuses = ca.Where(s => s[0] == "STC").ToList();
        Assert.StartsWith("A3:33", statuses[0][1]);
        Assert.StartsWith("A2:20", statuses[1][1]);
        var remittance = Assert.Single(files["835"]);
        Assert.DoesNotContain(X12Files.Segments(remittance), s => s[0] == "CLP" && s[1] == "PCN1");
        Assert.Equal("64", Segment(Claim(remittance, "PCN2"), "CLP")[4]); // unknown member: allowed 80%, coinsurance 20% of 80
    }

    [Fact]
    public async Task Denies_by_the_payers_rules_with_their_reason_codes()
    {
        await PutAsync($"/simulator/payers/{payer}", new
        {
            denials = new[] { new { procedureCode = "97110", diagnosisPrefix = "M54", carc = "50", rarc = "N115" } },
            requirePriorAuthorizationFor = new[] { "72148" },
            timelyFilingDays = 365 * 100,
        });
        await PutAsync($"/simulator/payers/{payer}/members/GONE", new { active = true, effectiveFrom = "2020-01-01", effectiveTo = "2023-12-31" });
        var files = await SubmitAsync(
            new TestClaim("NECESSITY", payer, "M1", new Line("97110", 100m, March1)) { Diagnoses = ["M545"] },
            new TestClaim("AUTH", payer, "M1", new Line("72148", 900m, March1)),
            new TestClaim("AUTHORIZED", payer, "M1", new Line("72148", 900m, March1.AddDays(1))) { PriorAuthorization = "AUTH-1" },
            new TestClaim("INACTIVE", payer, "GONE", new Line("99213", 100m, March1)),
            new TestClaim("FIRST", payer, "M1", new Line("99214", 200m, March1)),
            new TestClaim("DUPLICATE", payer, "M1", new Line("99214", 200m, March1)));
        var remittance = Assert.Single(files["835"]);
        AssertBalanced(remittance);

        Assert.Equal("4", Segment(Claim(remittance, "NECESSITY"), "CLP")[2]);
        Assert.Equal(["CAS", "CO", "50", "100"], Segment(Claim(remittance, "NECESSITY"), "CAS"));
        Assert.Equal(["LQ", "HE", "N115"], Segment(Claim(remittance, "NECESSITY"), "LQ"));
        Assert.Equal(["CAS", "CO", "197", "900"], Segment(Claim(remittance, "AUTH"), "CAS"));
        Assert.Equal("1", Segment(Claim(remittance, "AUTHORIZED"), "CLP")[2]);
        Assert.Equal(["CAS", "PR", "27", "100"], Segment(Claim(remittance, "INACTIVE"), "CAS"));
        Assert.Equal("1", Segment(Claim(remittance, "FIRST"), "CLP")[2]);
        Assert.Equal("4", Segment(Claim(remittance, "DUPLICATE"), "CLP")[2]);
        Assert.Equal(["CAS", "CO", "18", "200"], Segment(Claim(remittance, "DUPLICATE"), "CAS"));

        await PutAsync($"/simulator/payers/{payer}", new { timelyFilingDays = 90 });
        var late = await SubmitAsync(new TestClaim("LATE", payer, "M1", new Line("99213", 100m, new DateOnly(2020, 1, 1))));
        Assert.Equal("4", Segment(Claim(Assert.Single(late["835"]), "LATE"), "CLP")[2]);
        Assert.Equal(["CAS", "CO", "29", "100"], Segment(Claim(Assert.Single(late["835"]), "LATE"), "CAS"));
    }

    [Fact]
    public async Task Reverses_a_replaced_claim_and_pays_the_correction_then_reverses_a_void()
    {
        var first = await SubmitAsync(new TestClaim("PCN1", payer, "M1", new Line("99213", 100m, March1)));
        var number = Segment(X12Files.Segments(Assert.Single(first["277CA"])), "REF", "1K")[2];

        var corrected = await SubmitAsync(new TestClaim("PCN1", payer, "M1", new Line("99214", 200m, March1)) { Frequency = 7, PayerClaimNumber = number });
        var remittance = Assert.Single(corrected["835"]);
        AssertBalanced(remittance);
        var clps = X12Files.Segments(remittance).Where(s => s[0] == "CLP").ToList();
        Assert.Equal(["CLP", "PCN1", "22", "-100", "-64", "-16", "CI", number], clps[0][..8]);
        Assert.Equal("1", clps[1][2]);
        Assert.Equal("128", clps[1][4]);
        var newNumber = clps[1][7];
        Assert.NotEqual(number, newNumber);

        var voided = await SubmitAsync(new TestClaim("PCN1", payer, "M1", new Line("99214", 200m, March1)) { Frequency = 8, PayerClaimNumber = newNumber });
        var voidRemittance = Assert.Single(voided["835"]);
        AssertBalanced(voidRemittance);
        Assert.Equal(["CLP", "PCN1", "22", "-200", "-128"], Assert.Single(X12Files.Segments(voidRemittance), s => s[0] == "CLP")[..5]);
        Assert.Equal("0", Segment(X12Files.Segments(voidRemittance), "BPR")[2]);

        var unknown = await SubmitAsync(new TestClaim("PCN9", payer, "M1", new Line("99214", 200m, March1)) { Frequency = 7, PayerClaimNumber = "NOPE" });
        Assert.StartsWith("A7:21", Segment(X12Files.Segments(Assert.Single(unknown["277CA"])), "STC")[1]);
    }

    [Fact]
    public async Task Pays_a_secondary_claim_up_to_the_patient_share_the_primary_left()
    {
        await PutAsync($"/simulator/payers/{payer}/members/S1", new { active = true, coinsurancePercent = 0m });
        var files = await SubmitAsync(new TestClaim("SEC1", payer, "S1", new Line("99213", 200m, March1)) { Responsibility = "S", Primary = (128m, 40m, 32m) });
        var remittance = Assert.Single(files["835"]);
        AssertBalanced(remittance);
        var claim = Claim(remittance, "SEC1");
        Assert.Equal(["CLP", "SEC1", "2", "200", "32", "0"], Segment(claim, "CLP")[..6]);
        Assert.Equal(["CAS", "CO", "23", "168"], Segment(claim, "CAS"));
    }

    [Fact]
    public async Task Answers_a_270_with_active_inactive_or_invalid_member_271s()
    {
        await PutAsync($"/simulator/payers/{payer}/members/A1", new { active = true, effectiveFrom = "2024-01-01", copay = 25m, deductible = 500m, deductibleMet = 100m, coinsurancePercent = 20m });
        await PutAsync($"/simulator/payers/{payer}/members/T1", new { active = true, effectiveFrom = "2020-01-01", effectiveTo = "2023-12-31" });
        await PutAsync($"/simulator/payers/{payer}/members/X1", new { active = true, invalid = true });
        var client = Client();

        var active = await client.RealtimeEligibilityAsync(submitter, X12Files.Eligibility(submitter, Control(), payer, "A1", March1));
        Assert.True(active.Succeeded, active.ToString());
        var eb = X12Files.Segments(active.Value!).Where(s => s[0] == "EB").Select(s => string.Join("*", s)).ToList();
        // Shaped like a payer's 271 (docs/clearinghouse.md): plan coverage for the family, one service type not
        // covered, the member's in-network individual figures among others.
        Assert.Contains(eb, e => e.StartsWith("EB*1*FAM*30^", StringComparison.Ordinal));
        Assert.Contains("EB*6**33", eb);
        Assert.Contains("EB*B*IND*30^98***27*25*****Y", eb);
        Assert.Contains("EB*C*IND*30***23*500*****Y", eb);
        Assert.Contains("EB*C*IND*30***29*400*****Y", eb);
        Assert.Contains("EB*A*IND*30*****.2****Y", eb.Select(e => e.Replace("0.2", ".2")));

        var inactive = await client.RealtimeEligibilityAsync(submitter, X12Files.Eligibility(submitter, Control(), payer, "T1", March1));
        Assert.Equal("6", Segment(X12Files.Segments(inactive.Value!), "EB")[1]);

        var invalid = await client.RealtimeEligibilityAsync(submitter, X12Files.Eligibility(submitter, Control(), payer, "X1", March1));
        Assert.Equal(["AAA", "Y", "", "72", "C"], Segment(X12Files.Segments(invalid.Value!), "AAA"));
    }

    [Fact]
    public async Task Takes_the_same_interchange_control_number_once()
    {
        var x12 = X12Files.Claims(submitter, Control(), [new TestClaim("PCN1", payer, "M1", new Line("99213", 100m, March1))]);
        var client = Client();
        var first = await client.SubmitFileAsync(submitter, x12);
        var again = await client.SubmitFileAsync(submitter, x12);
        Assert.True(first.Succeeded && again.Succeeded);
        Assert.False(first.Value!.Duplicate);
        Assert.True(again.Value!.Duplicate);
        Assert.Equal(first.Value.FileId, again.Value.FileId);
        var files = await CollectAsync();
        Assert.Single(files["999"]);
        Assert.Single(files["835"]);
        Assert.Empty((await client.ListMailboxAsync(submitter)).Value!);

        var received = await http.GetFromJsonAsync<JsonElement>($"/simulator/received?submitterId={submitter}");
        Assert.Equal(first.Value.FileId, Assert.Single(received.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Answers_bad_x12_and_bad_settings_with_problem_details_naming_the_fault()
    {
        var response = await SendAsync("ISA*00*short~");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ISA", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("segment").GetString());

        var badRealtime = await SubmitterHttp.PostAsync($"/clearinghouse/{submitter}/realtime",
            new StringContent(X12Files.Eligibility(submitter, Control(), payer, "A1", March1).Replace("HL*3*2*22*0", "HL*3*2*99*0"), Encoding.UTF8, "application/edi-x12"));
        Assert.Equal(HttpStatusCode.BadRequest, badRealtime.StatusCode);
        var problem = await badRealtime.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("HL", problem.GetProperty("segment").GetString());
        Assert.True(problem.GetProperty("segmentPosition").GetInt64() > 0);
        Assert.Contains("HL", problem.GetProperty("detail").GetString());

        var badSettings = await http.PutAsJsonAsync($"/simulator/payers/{payer}", new { allowedPercent = 180m, denials = new[] { new { carc = "" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badSettings.StatusCode);
        var errors = (await badSettings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("allowedPercent", out _));
        Assert.True(errors.TryGetProperty("denials[0].carc", out _));
    }

    [Fact]
    public async Task The_client_reports_a_closed_port_as_unreachable_without_throwing()
    {
        var closed = new Uri($"http://127.0.0.1:{TestEnvironment.FreePort()}/");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddClearinghouse(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Clearinghouse:SimulatorUrl"] = closed.ToString() }).Build());
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ClearinghouseClient>();

        var started = System.Diagnostics.Stopwatch.StartNew();
        var answer = await client.RealtimeEligibilityAsync(submitter, X12Files.Eligibility(submitter, Control(), payer, "A1", March1));
        var submitted = await client.SubmitFileAsync(submitter, "ISA...");
        Assert.False(answer.Succeeded);
        Assert.Equal(ClearinghouseFailureKind.Unreachable, answer.Failure!.Kind);
        Assert.Contains(closed.Authority, answer.Failure.Reason);
        Assert.False(submitted.Succeeded);
        Assert.True(started.Elapsed < ClearinghouseResilience.TotalTimeout * 2, $"took {started.Elapsed}");
    }
}
