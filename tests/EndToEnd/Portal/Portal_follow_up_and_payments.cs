// Every wait here is Playwright's own (bounded by its timeouts) or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.EndToEnd.Claims;
using RevenueCycle.EndToEnd.Payments;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.EndToEnd.Staff;
using RevenueCycle.ServiceDefaults.Auth;
using static Microsoft.Playwright.Assertions;

namespace RevenueCycle.EndToEnd.Portal;

/// <summary>
/// Issue 18: the Payments and Follow-up screens in a real browser through the real gateway — a posting exception matched to its claim by
/// hand, an EOB that shows the 835's own figures (X221A1: BPR02, CLP04, CAS, PLB), and a follow-up item assigned, commented and pended.
/// </summary>
public sealed class Portal_follow_up_and_payments(PlatformFixture platform, PortalBrowser chromium) : IClassFixture<PortalBrowser>
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    // Two cores shared by every service and the browser: a screen may take longer than Playwright's 5 s to answer.

    /// <summary>Dollars as the portal shows them (en-US currency: "$1,234.50", "-$1.25").</summary>
    static string Money(decimal amount) => (amount < 0 ? "-" : "") + "$" + Math.Abs(amount).ToString("#,##0.00", CultureInfo.InvariantCulture);

    static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task A_posting_exception_is_matched_by_hand_and_the_claim_is_paid()
    {
        var tenant = await platform.NewTenantAsync();
        using var api = platform.Client(tenant.ApiKey);
        await using var desk = new ClaimsDesk(api, tenant.TenantId, tenant.ApiKeyId);
        // A claim sent to a payer the practice bills by file (no simulator 835 will come for it).
        await desk.SetFeesAsync(("99213", 137.50m));
        var payer = ClaimsDesk.Payer("manual");
        var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        var claimId = claim.GetProperty("id").GetGuid();
        var pcn = claim.GetProperty("patientControlNumber").GetString()!;
        await desk.ClaimInStatusAsync(claimId, "submitted", Wait);
        await api.GetJsonAsync($"/api/payments/claims/{claimId}/ledger", Wait);

        // The payer keyed the patient control number wrong (CLP01) and sent its own claim number (CLP07): nothing matches, a posting exception.
        var keyedWrong = "ZZ" + pcn[2..];
        var x12 = Era.Build("PAYER" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), PaymentsDriver.NextControlNumber(), "EFT" + Guid.NewGuid().ToString("N")[..10],
            [new Clp(keyedWrong, 1, 137.50m, 100m, [new Svc("99213", 137.50m, 100m, [new Cas("CO", "45", 27.50m), new Cas("PR", "2", 10m)])],
                PayerClaimNumber: "ICN" + Guid.NewGuid().ToString("N")[..10])], payerId: payer.PayerId);
        await Json(await api.PostAsync("/api/remittances", new StringContent(x12, Encoding.ASCII, "application/edi-x12")), HttpStatusCode.Accepted);
        await Eventually.True(async () => (await api.GetFromJsonAsync<JsonElement>("/api/payments/exceptions")).GetProperty("items").GetArrayLength() == 1,
            TimeSpan.FromSeconds(30), "the posting exception");

        var (_, email) = await new StaffDesk(platform.Gateway, tenant.ApiKey).UserAsync(Roles.Biller);
        var page = await chromium.NewPageAsync(platform.Gateway);
        await PortalBrowser.SignInAsync(page, email);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Payments" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Posting exceptions" }).ClickAsync();
        var open = page.GetByRole(AriaRole.Link, new() { Name = $"Open exception {keyedWrong}" });
        await Expect(open).ToBeVisibleAsync();
        await PortalBrowser.AssertAccessibleAsync(page, "posting exceptions");

        await open.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Posting exception {keyedWrong}" })).ToBeVisibleAsync();
        // The candidates are the practice's claims with the CLP's charge (CLP03); the right one is offered by its own control number.
        var match = page.GetByRole(AriaRole.Button, new() { Name = $"Match to claim {pcn}" });
        await Expect(match).ToBeVisibleAsync();
        await PortalBrowser.AssertAccessibleAsync(page, "posting exception");
        await page.GetByLabel("Match note (optional)").FillAsync("Payer keyed the account number wrong");
        await match.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Matched: the payment is posted to the claim." })).ToBeVisibleAsync();
        // The claim's ledger (the payment posted as the payer's adjudication: CLP04 paid, CO-45 written off, PR-2 to the patient).
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Ledger of claim {pcn}" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=insurance-paid]")).ToHaveTextAsync(Money(100m));
        var ledger = await api.GetFromJsonAsync<JsonElement>($"/api/payments/claims/{claimId}/ledger");
        Assert.Equal((100m, 27.50m, 10m), (ledger.GetProperty("insurancePaid").GetDecimal(), ledger.GetProperty("adjustments").GetDecimal(),
            ledger.GetProperty("patientResponsibility").GetDecimal()));
        await PortalBrowser.AssertAccessibleAsync(page, "posting exception matched");
        await PortalBrowser.ScreenshotAsync(page, "payments-exception-matched-ledger");

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to posting exceptions" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Posting exceptions" })).ToContainTextAsync("No posting exceptions for these filters.");
        await Expect(open).ToHaveCountAsync(0);
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>("/api/payments/exceptions")).GetProperty("items").GetArrayLength());
        await PortalBrowser.ScreenshotAsync(page, "payments-exception-matched");
    }

    [Fact]
    public async Task A_remittance_uploaded_from_the_portal_reads_as_an_eob_with_the_835s_own_figures()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        await payments.SubmitClaimAsync(pcn, [("99213", 100m, []), ("81002", 20m, [])]);
        var trace = "EFT" + pcn;
        // Line 1 paid 70 (CO-45 contractual 20, PR-2 coinsurance 10); line 2 denied CO-97 (bundled); PLB L6 interest of 1.25 added to the payment.
        var x12 = Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), trace,
            [new Clp(pcn, 1, 120m, 70m, [
                new Svc("99213", 100m, 70m, [new Cas("CO", "45", 20m), new Cas("PR", "2", 10m)]),
                new Svc("81002", 20m, 0m, [new Cas("CO", "97", 20m)])], PayerClaimNumber: "ICN-" + pcn)],
            [new Plb("L6", null, -1.25m)]);

        var (_, email) = await new StaffDesk(platform.Gateway, payments.Tenant.ApiKey).UserAsync(Roles.Biller);
        var page = await chromium.NewPageAsync(platform.Gateway);
        await PortalBrowser.SignInAsync(page, email);
        await page.GotoAsync("/payments");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Payments" })).ToBeVisibleAsync();
        await page.GetByText("Upload an 835").ClickAsync();
        await page.GetByLabel("835 (X12 005010X221A1) text").FillAsync(x12);
        await PortalBrowser.AssertAccessibleAsync(page, "remittances");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Posted 1 remittance");

        var summary = Assert.Single(await payments.RemittancesAsync());
        var remittance = await payments.GetAsync($"/api/remittances/{summary.GetProperty("id").GetGuid()}");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Open the EOB of {remittance.GetProperty("payerName").GetString()} trace {trace}" }).ClickAsync();

        // X221A1 BPR02 (payment), TRN02 (trace), CLP04 (claim paid), CAS (group and CARC), PLB: each as the API reads the 835.
        var paid = remittance.GetProperty("paymentAmount").GetDecimal();
        Assert.Equal(71.25m, paid); // BPR02 = Σ CLP04 − Σ PLB = 70 − (−1.25)
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Remittance from {remittance.GetProperty("payerName").GetString()}, {Money(paid)}" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=payment-amount]")).ToHaveTextAsync(Money(paid));
        await Expect(page.Locator("[data-field=trace]")).ToHaveTextAsync(remittance.GetProperty("traceNumber").GetString()!);
        var clp = Assert.Single(remittance.GetProperty("claims").EnumerateArray());
        await Expect(page.Locator("[data-field=claim-paid]")).ToHaveTextAsync(Money(clp.GetProperty("paid").GetDecimal()));
        var lines = page.GetByRole(AriaRole.Table, new() { Name = $"Service lines of claim {pcn}" });
        foreach (var cas in clp.GetProperty("adjustments").EnumerateArray())
        {
            var code = $"{cas.GetProperty("group").GetString()}-{cas.GetProperty("reason").GetString()}";
            var shown = lines.Locator($"[data-cas='{code}']");
            await Expect(shown).ToContainTextAsync($"{code} {Money(cas.GetProperty("amount").GetDecimal())}");
            if (cas.TryGetProperty("meaning", out var meaning) && meaning.ValueKind == JsonValueKind.String)
                await Expect(shown).ToContainTextAsync(meaning.GetString()!);
        }
        // CO-45's wording comes from the shared CARC table (X12 code list 139), PR-2 is the patient's coinsurance.
        Assert.Equal(AdjustmentReasons.MeaningOf("45"), clp.GetProperty("adjustments")[0].GetProperty("meaning").GetString());
        await Expect(lines.Locator("[data-cas='PR-2']")).ToContainTextAsync("Coinsurance amount");
        var plb = Assert.Single(remittance.GetProperty("providerAdjustments").EnumerateArray());
        var plbRow = page.Locator("tr[data-plb='L6']");
        await Expect(plbRow).ToContainTextAsync(Money(plb.GetProperty("amount").GetDecimal()));
        await Expect(plbRow).ToContainTextAsync("Interest");
        await Expect(page.GetByText("Balanced", new() { Exact = true })).ToBeVisibleAsync();
        await PortalBrowser.AssertAccessibleAsync(page, "remittance EOB");
        await PortalBrowser.ScreenshotAsync(page, "payments-eob");
    }

    /// <summary>A line the payer allowed $50 for under a contract of $80: an underpayment of $30 (as Working_every_queue sets it up).</summary>
    static async Task<(Guid Item, string Pcn)> UnderpaymentAsync(ClaimsDesk desk)
    {
        await desk.SetFeesAsync(("99213", 100m));
        var payer = ClaimsDesk.Payer("manual");
        await Json(await desk.Client.PutAsJsonAsync($"/api/claims/contracts/{payer.PayerId}",
            new { items = new[] { new { code = "99213", modifiers = Array.Empty<string>(), allowed = 80m, effectiveFrom = "2020-01-01" } } }), HttpStatusCode.OK);
        var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        var claimId = claim.GetProperty("id").GetGuid();
        await desk.ClaimInStatusAsync(claimId, "submitted", Wait);
        var pcn = claim.GetProperty("patientControlNumber").GetString()!;
        await desk.PublishAsync(new ClaimPaymentPosted(desk.TenantId, Guid.CreateVersion7(), Guid.CreateVersion7(), claimId, Guid.Empty, pcn, "ICN-" + pcn, "1",
            payer.PayerId, "Acme Health", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2), null, 100m, 50m, [new PostedAdjustment("CO", "45", 50m, 1)],
            new PatientResponsibility(0, 0, 0, 0, 0), 0m, false, [new PostedLine(1, "99213", [], null, 100m, 50m, 0m, [])], [], DateTimeOffset.UtcNow));
        var item = await Eventually.Get(async () =>
            (await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/underpayments")).GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("claimId").GetGuid() == claimId).Select(i => (object?)i.GetProperty("id").GetGuid()).FirstOrDefault(),
            TimeSpan.FromSeconds(30), "the underpaid line");
        return ((Guid)item, pcn);
    }

    [Fact]
    public async Task A_biller_assigns_pends_and_comments_a_follow_up_item()
    {
        var tenant = await platform.NewTenantAsync();
        using var api = platform.Client(tenant.ApiKey);
        await using var desk = new ClaimsDesk(api, tenant.TenantId, tenant.ApiKeyId);
        var (item, pcn) = await UnderpaymentAsync(desk);
        var (userId, email) = await new StaffDesk(platform.Gateway, tenant.ApiKey).UserAsync(Roles.Biller);

        var page = await chromium.NewPageAsync(platform.Gateway);
        await PortalBrowser.SignInAsync(page, email);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Follow-up" }).ClickAsync();
        var queues = page.GetByRole(AriaRole.Navigation, new() { Name = "Follow-up queues" });
        await queues.GetByRole(AriaRole.Link, new() { Name = "Underpayments" }).ClickAsync();
        var counts = page.Locator("[data-queue-counts=underpayments]");
        await Expect(counts).ToHaveTextAsync("1 open · 0 pended · 1 unassigned");
        await Expect(queues.GetByRole(AriaRole.Link, new() { Name = "Underpayments (1)" })).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Link, new() { Name = $"Open 99213 on claim {pcn}" });
        await Expect(row).ToBeVisibleAsync();
        await PortalBrowser.AssertAccessibleAsync(page, "follow-up underpayments");

        await row.ClickAsync();
        var work = page.GetByRole(AriaRole.Region, new() { Name = "Work on this underpayment item" });
        await Expect(work).ToBeVisibleAsync();
        await PortalBrowser.AssertAccessibleAsync(page, "follow-up item");

        // Assigned to "me": a biller may not list the practice's users (the admin's), so the choice is themself.
        await work.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        await Expect(work.GetByRole(AriaRole.Status)).ToContainTextAsync("Assigned to Me");
        await Expect(work.Locator("[data-field=assignee]")).ToContainTextAsync("Me");
        await Expect(counts).ToHaveTextAsync("1 open · 0 pended · 0 unassigned");

        const string note = "Called Acme provider relations: reprocessing at the contract rate of $80.";
        await work.GetByLabel("Comment").FillAsync(note);
        await work.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        var comment = work.GetByRole(AriaRole.Listitem).Filter(new() { HasText = note });
        await Expect(comment).ToBeVisibleAsync();
        await Expect(comment).ToContainTextAsync("Me");

        var until = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14);
        await work.GetByLabel("Pend until").FillAsync(until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await work.GetByLabel("Pend reason").FillAsync("Payer reprocessing");
        await work.GetByRole(AriaRole.Button, new() { Name = "Pend", Exact = true }).ClickAsync();
        await Expect(work.GetByRole(AriaRole.Status)).ToContainTextAsync($"Pended until {until.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture)}");
        // A pended item leaves the queue's default list until its date, and the counts move it from open to pended.
        await Expect(row).ToHaveCountAsync(0);
        await Expect(counts).ToHaveTextAsync("0 open · 1 pended · 0 unassigned");
        await Expect(queues.GetByRole(AriaRole.Link, new() { Name = "Underpayments (0)" })).ToBeVisibleAsync();
        await Expect(work.GetByRole(AriaRole.Table, new() { Name = "Assignment and pend history" })).ToContainTextAsync("Pended until");
        await PortalBrowser.AssertAccessibleAsync(page, "follow-up item pended");

        // The API holds what the screen did, as the signed-in user.
        var state = await api.GetFromJsonAsync<JsonElement>($"/api/work-queues/underpayments/items/{item}");
        Assert.Equal(userId.ToString(), state.GetProperty("assignee").GetString());
        Assert.Equal(until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), state.GetProperty("pendedUntil").GetString());
        var comments = (await api.GetFromJsonAsync<JsonElement>($"/api/work-queues/underpayments/items/{item}/comments")).GetProperty("items");
        Assert.Equal((userId.ToString(), note), (comments[0].GetProperty("author").GetString(), comments[0].GetProperty("body").GetString()));
        await PortalBrowser.ScreenshotAsync(page, "follow-up-item-pended");
    }
}
