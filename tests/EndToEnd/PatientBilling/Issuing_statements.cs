using System.Diagnostics;
using System.Net;
using System.Text.Json;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.PatientBilling.BillingHarness;
using static RevenueCycle.EndToEnd.PatientBilling.Postings;

namespace RevenueCycle.EndToEnd.PatientBilling;

public sealed class Issuing_statements(PlatformFixture platform)
{
    const string Chromium = "/usr/bin/chromium";

    /// <summary>
    /// Two visits: the first (deductible and coinsurance, $100) partly paid by a later $40 check; the second
    /// ($30 copay and $15 coinsurance) with the copay taken by card at check-in, before adjudication.
    /// </summary>
    async Task<(BillingHarness H, Guid Patient, DateOnly First, DateOnly Second, DateOnly AsOf)> RealisticAccountAsync()
    {
        var h = await StartAsync(platform);
        await PublishAsync(new PracticeProfileChanged(h.Tenant.TenantId,
            new PracticeProfile("Springfield Family Medicine", "1234567893", "371234567", null,
                new Address("400 Main St", "Suite 200", "Springfield", "IL", "627010000"), "2175550199"), DateTimeOffset.UtcNow));
        var patient = await h.PatientAsync("Ada", "Lovelace");
        var first = Today.AddDays(-75);
        var second = Today.AddDays(-25);

        await h.PostClaimPaymentAsync(Posting(h.Tenant.TenantId, patient, first, Today.AddDays(-50), Owes(deductible: 80m, coinsurance: 20m),
            [Line("99214", first, 250m, 100m, 80m, 1), Line("85025", first, 50m, 10m, 20m, 2)]));
        await h.PaidAsync(patient, 40m, "check", receivedOn: Today.AddDays(-30));
        await h.PaidAsync(patient, 30m, "card", receivedOn: second, dateOfService: second);
        await h.PostClaimPaymentAsync(Posting(h.Tenant.TenantId, patient, second, Today.AddDays(-12), Owes(copay: 30m, coinsurance: 15m),
            [Line("99213", second, 180m, 95m, 45m)]));
        await using var db = platform.Database("patient_billing");
        await using var connection = await db.OpenConnectionAsync(Ct);
        await Eventually.True(async () => await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection,
            "SELECT count(*) FROM practices WHERE tenant_id = @TenantId", new { h.Tenant.TenantId }) == 1, TimeSpan.FromSeconds(15), "the practice profile");
        return (h, patient, first, second, Today.AddDays(-5));
    }

    async Task<JsonElement> OnlyStatementAsync(BillingHarness h, Guid patient)
    {
        var statements = (await h.AccountAsync(patient)).GetProperty("statements");
        Assert.Equal(1, statements.GetArrayLength());
        return await h.Client.GetJsonAsync($"/api/patient-billing/statements/{statements[0].GetProperty("id").GetGuid()}", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Lists_each_date_of_service_payments_and_the_amount_due_field_by_field()
    {
        var (h, patient, first, second, asOf) = await RealisticAccountAsync();
        await using var _ = h;

        var run = await h.RunStatementsAsync(asOf);
        Assert.Equal(1, run.GetProperty("issued").GetInt32());

        var s = await OnlyStatementAsync(h, patient);
        Assert.Equal("Springfield Family Medicine", s.GetProperty("practice").GetProperty("name").GetString());
        Assert.Equal("400 Main St", s.GetProperty("practice").GetProperty("addressLine1").GetString());
        Assert.Equal("Ada Lovelace", s.GetProperty("patient").GetProperty("name").GetString());
        Assert.Equal("12 Elm St", s.GetProperty("patient").GetProperty("addressLine1").GetString());
        Assert.Equal(asOf, D(s, "statementDate"));
        Assert.Equal(asOf.AddDays(21), D(s, "dueDate"));
        Assert.Equal("statement", s.GetProperty("notice").GetString());
        Assert.Equal(1, s.GetProperty("dunningStep").GetInt32());
        Assert.Equal(0m, M(s, "previousBalance"));
        Assert.Equal(145m, M(s, "newCharges"));
        Assert.Equal(-70m, M(s, "paymentsAndCredits"));
        Assert.Equal(75m, M(s, "balance"));
        Assert.Equal(75m, M(s, "amountDue"));

        var visits = s.GetProperty("datesOfService").EnumerateArray().ToList();
        Assert.Equal(2, visits.Count);
        var v1 = visits[0];
        Assert.Equal(first, D(v1, "dateOfService"));
        Assert.Equal(["99214", "85025"], v1.GetProperty("services").EnumerateArray().Select(x => x.GetProperty("procedureCode").GetString()!).ToArray());
        Assert.Equal(300m, M(v1, "charges"));
        Assert.Equal(110m, M(v1, "insurancePaid"));
        Assert.Equal(90m, M(v1, "adjustments"));
        Assert.Equal(100m, M(v1, "patientOwes"));
        Assert.Equal(40m, M(v1, "patientPaid"));
        Assert.Equal(60m, M(v1, "remaining"));
        var line = v1.GetProperty("services")[0];
        Assert.Equal((250m, 100m, 70m, 80m), (M(line, "charge"), M(line, "insurancePaid"), M(line, "adjustments"), M(line, "patientOwes")));
        var v2 = visits[1];
        Assert.Equal(second, D(v2, "dateOfService"));
        Assert.Equal((180m, 95m, 40m, 45m, 30m, 15m),
            (M(v2, "charges"), M(v2, "insurancePaid"), M(v2, "adjustments"), M(v2, "patientOwes"), M(v2, "patientPaid"), M(v2, "remaining")));

        var payments = s.GetProperty("paymentsSinceLastStatement").EnumerateArray().ToList();
        Assert.Equal([(Today.AddDays(-30), -40m, "check"), (second, -30m, "card")],
            payments.Select(p => (D(p, "date"), M(p, "amount"), p.GetProperty("method").GetString()!)).ToList());

        var aging = s.GetProperty("aging");
        Assert.Equal((15m, 60m, 0m, 0m, 0m),
            (M(aging, "current"), M(aging, "days31To60"), M(aging, "days61To90"), M(aging, "days91To120"), M(aging, "over120")));
        Assert.Equal(1, await h.OutboxCountAsync("StatementIssued", patient));
    }

    [Fact]
    public async Task Renders_a_printable_statement_showing_the_amount_due_in_a_browser()
    {
        if (!File.Exists(Chromium)) Assert.Skip($"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium) to render statements.");
        var (h, patient, _, _, asOf) = await RealisticAccountAsync();
        await using var _ = h;
        await h.RunStatementsAsync(asOf);
        var id = (await h.AccountAsync(patient)).GetProperty("statements")[0].GetProperty("id").GetGuid();

        using var response = await h.Client.GetAsync($"/api/patient-billing/statements/{id}/html", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        // OWASP secure headers on a page carrying patient data: a strict CSP (its own inline styles only), never framed, never cached.
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var dir = Directory.CreateTempSubdirectory("rcm-statement-");
        try
        {
            var file = Path.Combine(dir.FullName, "statement.html");
            await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync(Ct), Ct);
            var dom = await RunChromiumAsync(dir.FullName, "--dump-dom", new Uri(file).AbsoluteUri);
            Assert.Contains("id=\"amount-due\">$75.00<", dom);
            Assert.Contains("id=\"stub-amount-due\">$75.00<", dom);
            Assert.Contains("Springfield Family Medicine", dom);
            await RunChromiumAsync(dir.FullName, $"--screenshot={Path.Combine(dir.FullName, "statement.png")}", "--window-size=816,1056", new Uri(file).AbsoluteUri);
            Assert.True(new FileInfo(Path.Combine(dir.FullName, "statement.png")).Length > 10_000, "the screenshot should show the page");
            if (Environment.GetEnvironmentVariable("RCM_KEEP_STATEMENT") is { Length: > 0 } keep)
            {
                File.Copy(Path.Combine(dir.FullName, "statement.png"), Path.Combine(keep, "statement.png"), overwrite: true);
                File.Copy(file, Path.Combine(keep, "statement.html"), overwrite: true);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    static async Task<string> RunChromiumAsync(string dir, params string[] args)
    {
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(dir, "profile")}", .. args])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await errors}");
        return await output;
    }

    [Fact]
    public async Task Skips_an_account_whose_only_balance_is_with_insurance_until_the_payer_answers()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        var pending = Guid.CreateVersion7();
        await h.SubmitClaimAsync(patient, pending, Today.AddDays(-20));
        await h.ClaimWithInsuranceAsync(pending);
        Assert.True((await h.AccountAsync(patient)).GetProperty("claimsWithInsurance").GetBoolean());

        var skipped = await h.RunStatementsAsync(Today.AddDays(-5));
        Assert.Equal(0, skipped.GetProperty("issued").GetInt32());
        Assert.Equal(1, skipped.GetProperty("skippedWithInsurance").GetInt32());
        Assert.Equal(0, skipped.GetProperty("skippedBelowMinimum").GetInt32());

        await h.PostClaimPaymentAsync(Posting(h.Tenant.TenantId, patient, Today.AddDays(-20), Today.AddDays(-3), Owes(coinsurance: 10m),
            [Line("99213", Today.AddDays(-20), 200m, 150m, 10m)], pending));
        Assert.False((await h.AccountAsync(patient)).GetProperty("claimsWithInsurance").GetBoolean());
        var issued = await h.RunStatementsAsync(Today);
        Assert.Equal(1, issued.GetProperty("issued").GetInt32());
        Assert.Equal(0, issued.GetProperty("skippedWithInsurance").GetInt32());
    }

    [Fact]
    public async Task Issues_nothing_at_or_under_the_practices_minimum_or_again_within_the_cycle()
    {
        await using var h = await StartAsync(platform);
        await h.PutSettingsAsync(minimumStatementBalance: 10m, cycleDays: 30);
        var small = await h.PatientAsync("Small", "Balance");
        var owing = await h.PatientAsync("Owes", "Money");
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, small, Today.AddDays(-60), Today.AddDays(-40), 10m));
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, owing, Today.AddDays(-60), Today.AddDays(-40), 10.01m));

        var run = await h.RunStatementsAsync(Today.AddDays(-30));
        Assert.Equal((1, 1), (run.GetProperty("issued").GetInt32(), run.GetProperty("skippedBelowMinimum").GetInt32()));
        var again = await h.RunStatementsAsync(Today.AddDays(-1));
        Assert.Equal((0, 1), (again.GetProperty("issued").GetInt32(), again.GetProperty("skippedBilledWithinCycle").GetInt32()));
        var nextCycle = await h.RunStatementsAsync(Today);
        Assert.Equal(1, nextCycle.GetProperty("issued").GetInt32());
        Assert.Equal(0, (await h.AccountAsync(small)).GetProperty("statements").GetArrayLength());
    }

    [Fact]
    public async Task Refuses_a_run_dated_in_the_future_and_issues_nothing()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        await h.PostClaimPaymentAsync(Visit(h.Tenant.TenantId, patient, Today.AddDays(-60), Today.AddDays(-40), 50m));

        await Registering_problem.AssertNames(await h.Client.PostAsync("/api/patient-billing/statements/run",
            System.Net.Http.Json.JsonContent.Create(new { asOf = Today.AddDays(1) }), Ct), "asOf");

        Assert.Equal(0, (await h.AccountAsync(patient)).GetProperty("statements").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await h.Client.GetAsync($"/api/patient-billing/statements/{Guid.CreateVersion7()}", Ct)).StatusCode);
    }

    static DateOnly D(JsonElement e, string name) => DateOnly.Parse(e.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    static decimal M(JsonElement e, string name) => e.GetProperty(name).GetDecimal();
}
