// Every wait here is Playwright's own (bounded by its timeouts) or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.EndToEnd.Staff;
using RevenueCycle.ServiceDefaults.Auth;
using static Microsoft.Playwright.Assertions;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Portal;

/// <summary>
/// Issue 18: the Coding, Claims and Denials screens in a real browser through the real gateway and services: a coder codes a visit
/// from its note to a claim, and a biller works a denial to a corrected claim, then finds both claims on the Claims screen.
/// </summary>
public sealed class Portal_coding_and_claims : IClassFixture<PortalBrowser>
{
    readonly PlatformFixture platform;
    readonly PortalBrowser chromium;

    public Portal_coding_and_claims(PlatformFixture platform, PortalBrowser chromium)
    {
        this.platform = platform;
        this.chromium = chromium;
    }


    [Fact]
    public async Task A_coder_codes_an_encounter_from_the_note_to_a_claim()
    {
        await using var h = await StartAsync(platform, "Portal: coding");
        var (payer, payerId) = await h.PayerAsync("Prairie Health");
        var memberId = h.NewMemberId();
        await h.MemberAsync(payerId, memberId, Plan());
        var patient = await h.PatientAsync("Marge", "Bouvier");
        await h.CoverageAsync(patient, payer, memberId);
        var encounter = await h.FrontDesk.AddEncounterAsync(patient, h.ProviderId,
            note: "58 yo with T2DM and HTN, here for follow-up. Denies chest pain. No fever.");
        await h.FrontDesk.CompleteAsync(encounter);
        await h.Client.GetJsonAsync($"/api/coding/encounters/{encounter}", Patience);
        var (_, email) = await new StaffDesk(platform.Gateway, h.Tenant.ApiKey).UserAsync(Roles.Coder);

        var page = await chromium.NewPageAsync(platform.Gateway);
        await PortalBrowser.SignInAsync(page, email);
        await page.GotoAsync("/coding");
        var worklist = page.GetByRole(AriaRole.Table, new() { Name = "Coding worklist" });
        await Expect(worklist.GetByRole(AriaRole.Link, new() { Name = "Marge Bouvier" })).ToBeVisibleAsync();
        await Expect(worklist).ToContainTextAsync("Ready");
        await PortalBrowser.AssertAccessibleAsync(page, "coding worklist");
        await worklist.GetByRole(AriaRole.Link, new() { Name = "Marge Bouvier" }).ClickAsync();

        // The suggestion engine's evidence for E11.9 is the note's own "T2DM", marked where it stands.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Coding: Marge Bouvier" })).ToBeVisibleAsync();
        await Expect(page.Locator("blockquote.note mark", new() { HasText = "T2DM" })).ToBeVisibleAsync();
        await Expect(page.Locator("blockquote.note mark", new() { HasText = "T2DM" })).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("E11\\.9"));
        await PortalBrowser.AssertAccessibleAsync(page, "coding an encounter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add E11.9" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add I10" }).ClickAsync();
        var diagnoses = page.GetByRole(AriaRole.Table, new() { Name = "Diagnoses (ICD-10-CM), principal first" });
        await Expect(diagnoses).ToContainTextAsync("E11.9");
        await Expect(diagnoses).ToContainTextAsync("I10");
        await page.GetByLabel("Add service line", new() { Exact = true }).FillAsync("99214");
        await page.GetByLabel("Add service line", new() { Exact = true }).PressAsync("Enter");
        await Expect(page.GetByLabel("Line 1 procedure code")).ToHaveValueAsync("99214");
        await Expect(page.GetByText("Saved; edits checked.")).ToBeVisibleAsync();
        await Expect(page.GetByText("No edit: the coding is clean.")).ToBeVisibleAsync();

        // A category code is not billable (ICD-10-CM: only the most specific codes are): the edit shows as soon as it is typed,
        // and goes when the code is removed.
        await page.GetByLabel("Add diagnosis", new() { Exact = true }).FillAsync("E11");
        await page.GetByLabel("Add diagnosis", new() { Exact = true }).PressAsync("Enter");
        var notBillable = page.Locator("[data-rule='DX-NOT-BILLABLE']");
        await Expect(notBillable).ToBeVisibleAsync();
        await Expect(notBillable).ToContainTextAsync("Diagnosis 3");
        await PortalBrowser.AssertAccessibleAsync(page, "coding with an edit");
        await PortalBrowser.ScreenshotAsync(page, "coding-edit-live");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove diagnosis E11", Exact = true }).ClickAsync();
        await Expect(notBillable).ToHaveCountAsync(0);
        await Expect(page.GetByText("No edit: the coding is clean.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Finalize coding" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Claims builds the claim" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Line 1 procedure code")).ToBeDisabledAsync();
        await PortalBrowser.ScreenshotAsync(page, "coding-finalized");

        var claim = await h.ClaimForEncounterAsync(encounter);
        Assert.Equal(["E11.9", "I10"], claim.GetProperty("diagnoses").EnumerateArray().Select(d => d.GetString()));
        await page.GetByRole(AriaRole.Link, new() { Name = "Claims for this visit" }).ClickAsync();
        var pcn = Str(claim, "patientControlNumber")!;
        await page.GetByRole(AriaRole.Table, new() { Name = "Claims" }).GetByRole(AriaRole.Link, new() { Name = pcn }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Claim {pcn}" })).ToBeVisibleAsync();
        var lines = page.GetByRole(AriaRole.Table, new() { Name = $"Service lines of claim {pcn}" });
        await Expect(lines).ToContainTextAsync("99214");
        await Expect(lines).ToContainTextAsync("$200.00"); // the practice's fee for 99214
        await PortalBrowser.AssertAccessibleAsync(page, "claim");
        await PortalBrowser.ScreenshotAsync(page, "coding-claim");
    }

    [Fact]
    public async Task A_biller_works_a_denial_to_a_correction_and_the_claim_moves()
    {
        await using var h = await StartAsync(platform, "Portal: denial");
        // The payer denies a lumbar X-ray without prior authorization: CARC 197, category authorization.
        var (payer, payerId) = await h.PayerAsync("Blue Plains BCBS", new { allowedPercent = 80m, requirePriorAuthorizationFor = new[] { "72100" } });
        var memberId = h.NewMemberId();
        await h.MemberAsync(payerId, memberId, Plan(deductible: 1000m, deductibleMet: 1000m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Henry", "Fordham");
        await h.CoverageAsync(patient, payer, memberId);
        var encounter = await h.VisitAsync(patient, ["M54.50"], Line("72100"));
        var claim = await h.ClaimForEncounterAsync(encounter);
        var denied = await h.ClaimInStatusAsync(Id(claim), "denied");
        await h.LedgerWhenAsync(Id(claim), l => M(l, "denied") == 100m, "the denial posted");
        await h.ClaimThroughAsync(Id(claim), "accepted"); // the payer's 277CA A2 may be read after its 835
        var pcn = Str(denied, "patientControlNumber")!;
        var daysLeft = denied.GetProperty("deadline").GetProperty("daysLeft").GetInt32();
        var (_, email) = await new StaffDesk(platform.Gateway, h.Tenant.ApiKey).UserAsync(Roles.Biller);

        var page = await chromium.NewPageAsync(platform.Gateway);
        await PortalBrowser.SignInAsync(page, email);
        await page.GotoAsync("/denials");
        var group = page.GetByRole(AriaRole.Table, new() { Name = "Authorization denials" });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Authorization (1)" })).ToBeVisibleAsync();
        var row = group.GetByRole(AriaRole.Row).Filter(new() { HasText = pcn });
        await Expect(row).ToContainTextAsync("Fordham, Henry");
        await Expect(row).ToContainTextAsync("197");
        await Expect(row).ToContainTextAsync("$100.00");
        // The appeal window runs from the denial (the payer's appealDays, 120 by default).
        await Expect(row).ToContainTextAsync($"{daysLeft} days left to appeal");
        var filters = page.GetByRole(AriaRole.Search, new() { Name = "Filter denials" });
        await filters.GetByLabel("Payer").SelectOptionAsync(payerId);
        await filters.GetByLabel("Category").SelectOptionAsync("authorization");
        await Expect(row).ToContainTextAsync("197");
        await filters.GetByLabel("Category").SelectOptionAsync("eligibility");
        await Expect(page.GetByText("No denied claim matches: the queue is clear.")).ToBeVisibleAsync();
        await filters.GetByLabel("Category").SelectOptionAsync("");
        await Expect(row).ToContainTextAsync("197");
        await PortalBrowser.AssertAccessibleAsync(page, "denials");
        await PortalBrowser.ScreenshotAsync(page, "denials-queue");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Work denial {pcn}" }).ClickAsync();
        // The denial is an item of the denials work queue: the biller takes it and leaves a note for whoever looks next.
        var work = page.GetByRole(AriaRole.Region, new() { Name = $"Work on denial {pcn}" });
        await work.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        await Expect(work.Locator("[data-field=assignee]")).Not.ToHaveTextAsync("Unassigned");
        await work.GetByLabel("Comment").FillAsync("Payer wants the authorization number on the claim; correcting.");
        await work.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Expect(work.GetByText("Payer wants the authorization number on the claim; correcting.")).ToBeVisibleAsync();
        await PortalBrowser.AssertAccessibleAsync(page, "working a denial");
        // A biller may correct, appeal or write off a denial: each is offered.
        var actions = page.GetByRole(AriaRole.Group, new() { Name = $"Actions for claim {pcn}" });
        foreach (var action in new[] { "Correct", "Appeal", "Write off" })
            await Expect(actions.GetByRole(AriaRole.Button, new() { Name = action, Exact = true })).ToBeVisibleAsync();
        await actions.GetByRole(AriaRole.Button, new() { Name = "Correct", Exact = true }).ClickAsync();
        var authorization = "PA-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await page.GetByLabel("Prior authorization number").FillAsync(authorization);
        await PortalBrowser.AssertAccessibleAsync(page, "correcting a denial");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send correction" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Corrected claim created" })).ToBeVisibleAsync();
        // The original left the queue.
        await Expect(page.GetByText("No denied claim matches: the queue is clear.")).ToBeVisibleAsync();

        // The replacement (CLM05-3 frequency 7, REF*F8 the payer's claim number: X12 837P X222A1 2300) and the original, closed.
        await page.GetByRole(AriaRole.Link, new() { Name = "open the corrected claim" }).ClickAsync();
        await Expect(page.GetByText("Replacement (7)", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText(authorization, new() { Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "the claim it corrects" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Claim {pcn} Closed" })).ToBeVisibleAsync();
        var history = page.GetByRole(AriaRole.Table, new() { Name = $"History of claim {pcn}" });
        await Expect(history).ToContainTextAsync("Corrected: replaced by claim");
        await Expect(history).ToContainTextAsync("Denied");

        // The claim page's sections with the real data: denial, 837P, ledger, acknowledgments, a status check asked now.
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Denial", Exact = true })).ToContainTextAsync("Authorization");
        await Expect(page.GetByLabel("837P text")).ToContainTextAsync("CLM*" + pcn);
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Ledger entries" })).ToContainTextAsync("CO-197");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Acknowledgments" })).ToContainTextAsync("277CA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check status now" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send a 276 status inquiry" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Status checks" })).ToContainTextAsync("Manual", new() { Timeout = 60_000 });
        await PortalBrowser.AssertAccessibleAsync(page, "closed claim");
        await PortalBrowser.ScreenshotAsync(page, "claim-corrected-original");

        // The Claims list: by patient, by status, by date of service, sorted by amount.
        await page.GotoAsync("/claims");
        await page.GetByLabel("Patient name").FillAsync("Fordham");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find patient" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Fordham, Henry") }).ClickAsync();
        var claims = page.GetByRole(AriaRole.Table, new() { Name = "Claims" });
        await Expect(claims.GetByRole(AriaRole.Row)).ToHaveCountAsync(3); // the header, the original and its replacement
        await page.GetByRole(AriaRole.Search, new() { Name = "Filter claims" }).GetByLabel("Status").SelectOptionAsync("closed");
        await Expect(claims.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Expect(claims.GetByRole(AriaRole.Link, new() { Name = pcn })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Search, new() { Name = "Filter claims" }).GetByLabel("Status").SelectOptionAsync("");
        await claims.GetByRole(AriaRole.Button, new() { Name = "Total charge" }).ClickAsync();
        await Expect(claims.GetByRole(AriaRole.Columnheader, new() { Name = "Total charge" })).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(claims.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");
        await page.GetByLabel("Service from").FillAsync(tomorrow);
        await page.GetByLabel("Service from").PressAsync("Enter");
        await Expect(claims).ToContainTextAsync("No claim matches these filters.");
        await PortalBrowser.AssertAccessibleAsync(page, "claims list");
        await PortalBrowser.ScreenshotAsync(page, "claims-list-filtered");

        // The date-of-service filter the Claims screen uses: a date in another shape is a 400 naming the field.
        var bad = await h.Client.GetAsync("/api/claims?serviceFrom=12/01/2026");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("serviceFrom", await bad.Content.ReadAsStringAsync());
        var inverted = await h.Client.GetAsync($"/api/claims?serviceFrom={tomorrow}&serviceTo={Today}");
        Assert.Equal(HttpStatusCode.BadRequest, inverted.StatusCode);
        Assert.Contains("serviceTo", await inverted.Content.ReadAsStringAsync());
        var served = JsonDocument.Parse(await h.Client.GetStringAsync($"/api/claims?patientId={patient}&serviceFrom={Str(denied, "dateOfService")}&serviceTo={Str(denied, "dateOfService")}"));
        Assert.Equal(2, served.RootElement.GetProperty("items").GetArrayLength());
    }
}
