// Every wait here is Playwright's own (bounded by its timeouts) or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RevenueCycle.EndToEnd.Claims;
using RevenueCycle.EndToEnd.PatientBilling;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.EndToEnd.Staff;
using RevenueCycle.ServiceDefaults.Auth;
using static Microsoft.Playwright.Assertions;

namespace RevenueCycle.EndToEnd.Portal;

/// <summary>
/// Issue 18: the Patients, Settings and Audit screens in a real browser through the real gateway — a payment taken at the desk, the
/// refunds a coder is not offered (and the API refuses), another practice's ids that are not found, and the admin's staff users and
/// access audit (HIPAA §164.312(b), §164.528).
/// </summary>
public sealed class Portal_patients_and_settings(PlatformFixture platform, PortalBrowser chromium) : IClassFixture<PortalBrowser>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>A wait for the platform's answer on a loaded machine (a sign-in hashes the password; a posting crosses services).</summary>
    const int Slow = 60_000;

    sealed record Practice(PlatformFixture.Tenant Tenant, StaffDesk Desk, HttpClient Admin);

    async Task<Practice> PracticeAsync(string name = "Portal Practice")
    {
        var tenant = await platform.NewTenantAsync(name);
        var desk = new StaffDesk(platform.Gateway, tenant.ApiKey);
        return new Practice(tenant, desk, desk.Admin());
    }

    /// <summary>A patient registered through the API, once their billing account is open.</summary>
    static async Task<(Guid Id, string Mrn)> PatientAsync(HttpClient client, string firstName = "Ada", string lastName = "Lovelace")
    {
        var mrn = Builders.Mrn();
        var response = await client.PostAsJsonAsync("/api/patients", Builders.Patient(mrn: mrn, firstName: firstName, lastName: lastName), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await client.GetJsonAsync($"/api/patient-billing/accounts/{id}", TimeSpan.FromSeconds(20));
        return (id, mrn);
    }


    [Fact]
    public async Task A_patient_payment_is_taken_and_the_balance_updates()
    {
        var practice = await PracticeAsync();
        var (patient, mrn) = await PatientAsync(practice.Admin);
        // The payer's 835 left the patient $60.00 of coinsurance (CAS PR-2), as Payments announces it.
        await using var billing = new BillingHarness(platform, practice.Tenant);
        await billing.PostClaimPaymentAsync(Postings.Visit(practice.Tenant.TenantId, patient, Today.AddDays(-20), Today.AddDays(-5), 60m));
        var (_, email) = await practice.Desk.UserAsync(Roles.FrontDesk);
        var page = await chromium.NewPageAsync(platform.Gateway);
        await PortalBrowser.SignInAsync(page, email);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Patients" }).ClickAsync();
        await page.GetByLabel("MRN", new() { Exact = true }).FillAsync(mrn);
        await page.GetByLabel("MRN", new() { Exact = true }).PressAsync("Enter");
        var results = page.GetByRole(AriaRole.Table, new() { Name = "Patients" });
        await Expect(results.GetByRole(AriaRole.Row)).ToHaveCountAsync(2, new() { Timeout = Slow });
        await PortalBrowser.AssertAccessibleAsync(page, "patient search");
        await results.GetByRole(AriaRole.Link, new() { Name = "Lovelace, Ada" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ada Lovelace", Level = 1 })).ToBeVisibleAsync(new() { Timeout = Slow });
        var balance = page.GetByTestId("balance");
        await Expect(balance).ToHaveTextAsync("$60.00", new() { Timeout = Slow });
        await PortalBrowser.AssertAccessibleAsync(page, "patient page");

        var form = page.GetByRole(AriaRole.Region, new() { Name = "Take a payment" });
        await form.GetByLabel("Amount", new() { Exact = true }).FillAsync("25");
        // A select's accessible name includes its chosen option ("Method Card").
        await form.GetByLabel("Method").SelectOptionAsync("cash");
        await form.GetByLabel("Reference", new() { Exact = true }).FillAsync("RCPT-1");
        await form.GetByRole(AriaRole.Button, new() { Name = "Record payment" }).ClickAsync();

        await Expect(form.GetByRole(AriaRole.Status)).ToHaveTextAsync("Payment of $25.00 recorded. The balance is now $35.00.", new() { Timeout = Slow });
        await Expect(balance).ToHaveTextAsync("$35.00", new() { Timeout = Slow });
        var ledger = page.GetByRole(AriaRole.Table, new() { Name = "Account ledger, newest first" });
        var payment = ledger.GetByRole(AriaRole.Row).Filter(new() { HasText = "Payment, cash" });
        await Expect(payment).ToContainTextAsync("-$25.00", new() { Timeout = Slow });
        await Expect(payment).ToContainTextAsync("RCPT-1", new() { Timeout = Slow });
        await Expect(payment).ToContainTextAsync("$35.00", new() { Timeout = Slow });
        await PortalBrowser.AssertAccessibleAsync(page, "patient page after a payment");

        // The API agrees: the balance is the ledger's sum, and the payment is on it once.
        await billing.AssertBalanceIsSumOfEntriesAsync(patient, 35.00m);
        var account = await billing.AccountAsync(patient);
        var payments = account.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "payment").ToList();
        Assert.Equal(-25.00m, Assert.Single(payments).GetProperty("amount").GetDecimal());
        await PortalBrowser.ScreenshotAsync(page, "patient-payment-taken");
    }

    [Fact]
    public async Task A_coder_is_not_offered_refunds_and_a_direct_API_call_for_one_is_refused()
    {
        var practice = await PracticeAsync();
        var (patient, _) = await PatientAsync(practice.Admin, "Grace", "Hopper");
        var (_, email) = await practice.Desk.UserAsync(Roles.Coder);
        var page = await chromium.NewPageAsync(platform.Gateway);
        await PortalBrowser.SignInAsync(page, email);

        await page.GotoAsync($"/patients/{patient}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Grace Hopper", Level = 1 })).ToBeVisibleAsync(new() { Timeout = Slow });
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Account ledger, newest first" })).ToBeVisibleAsync(new() { Timeout = Slow });
        // Refunds and adjustments are the billing office's; payments the desk's and the billing office's (RolePolicy): a coder gets none.
        foreach (var action in new[] { "Issue refund", "Record adjustment", "Record payment", "Set up plan" })
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = action })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Refund a credit" })).ToHaveCountAsync(0);
        await PortalBrowser.AssertAccessibleAsync(page, "patient page for a coder");

        // The same refund, sent with the coder's own session (cookie and anti-forgery token), is refused at the gateway.
        var status = await page.EvaluateAsync<int>(
            """
            async (path) => {
              const session = await (await fetch("/api/auth/session")).json();
              const answer = await fetch(path, {
                method: "POST",
                headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrfToken },
                body: JSON.stringify({ amount: 5, reason: "overpaid", method: "check" }),
              });
              return answer.status;
            }
            """, $"/api/patient-billing/accounts/{patient}/refunds");
        Assert.Equal(403, status);
        Assert.Equal(0, (await (await practice.Admin.GetAsync($"/api/patient-billing/accounts/{patient}", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("entries").GetArrayLength());

        // The admin's screens, typed in by hand, say so rather than showing anything.
        await page.GotoAsync("/settings/users");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings: not allowed" })).ToBeVisibleAsync(new() { Timeout = Slow });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add user" })).ToHaveCountAsync(0);
        await page.GotoAsync("/audit");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit: not allowed" })).ToBeVisibleAsync(new() { Timeout = Slow });
        await PortalBrowser.AssertAccessibleAsync(page, "audit not allowed");
        await PortalBrowser.ScreenshotAsync(page, "coder-not-allowed");
    }

    [Fact]
    public async Task Another_practices_ids_give_not_found()
    {
        var practice = await PracticeAsync("Practice A");
        await using var other = await ClaimsDesk.ForNewTenantAsync(platform);
        var (theirPatient, _) = await PatientAsync(other.Client, "Bertha", "Confidential");
        await other.SetFeesAsync(("99213", 150m));
        var coded = other.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer("manual"))], "99213");
        await other.PublishAsync(coded);
        var theirClaim = await other.ClaimForEncounterAsync(coded.EncounterId);
        var claimId = theirClaim.GetProperty("id").GetGuid();
        var pcn = theirClaim.GetProperty("patientControlNumber").GetString()!;

        var (_, email) = await practice.Desk.UserAsync(Roles.Biller);
        var page = await chromium.NewPageAsync(platform.Gateway);
        await PortalBrowser.SignInAsync(page, email);

        await page.GotoAsync($"/patients/{theirPatient}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Patient not found" })).ToBeVisibleAsync(new() { Timeout = Slow });
        await Expect(page.GetByText("Confidential")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Bertha")).ToHaveCountAsync(0);
        await PortalBrowser.AssertAccessibleAsync(page, "patient not found");
        // Every read the screen makes answers 404 for this practice's user, the account's too.
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/api/patients/{theirPatient}")).Status);
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/api/patient-billing/accounts/{theirPatient}")).Status);

        await page.GotoAsync($"/claims/{claimId}");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync(new() { Timeout = Slow });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Claim not found" })).ToBeVisibleAsync(new() { Timeout = Slow });
        await Expect(page.GetByText(pcn)).ToHaveCountAsync(0);
        await Expect(page.GetByText("Confidential")).ToHaveCountAsync(0);
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/api/claims/{claimId}")).Status);
        await PortalBrowser.ScreenshotAsync(page, "another-practices-claim");
    }

    [Fact]
    public async Task An_admin_adds_and_disables_a_staff_user_and_reads_who_opened_a_patient()
    {
        var practice = await PracticeAsync();
        var (patient, _) = await PatientAsync(practice.Admin, "Edsger", "Dijkstra");
        var (adminId, email) = await practice.Desk.UserAsync(Roles.Admin);
        var page = await chromium.NewPageAsync(platform.Gateway);
        await PortalBrowser.SignInAsync(page, email);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Practice profile" })).ToBeVisibleAsync(new() { Timeout = Slow });
        await PortalBrowser.AssertAccessibleAsync(page, "settings: practice profile");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Settings" }).GetByRole(AriaRole.Link, new() { Name = "Staff users" }).ClickAsync();

        var newcomer = StaffDesk.Email("coder");
        var add = page.GetByRole(AriaRole.Region, new() { Name = "Add a staff user" });
        await add.GetByLabel("Email").FillAsync(newcomer);
        await add.GetByLabel("Full name").FillAsync("Nora Newcomer");
        await add.GetByLabel("Biller").UncheckAsync();
        await add.GetByLabel("Coder").CheckAsync();
        await add.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();

        var link = page.GetByRole(AriaRole.Status, new() { Name = "One-time set-password link" });
        await Expect(link).ToContainTextAsync($"One-time set-password link for {newcomer}", new() { Timeout = Slow });
        var url = await link.GetByLabel("Link").InputValueAsync();
        Assert.Matches(new Regex("/set-password#token=[A-Za-z0-9_-]{20,}$"), url);
        var users = page.GetByRole(AriaRole.Table, new() { Name = "Staff users" });
        var row = users.GetByRole(AriaRole.Row).Filter(new() { HasText = newcomer });
        await Expect(row).ToContainTextAsync("Invited", new() { Timeout = Slow });
        await PortalBrowser.AssertAccessibleAsync(page, "settings: staff users");
        // The link shown is the one the new user sets their password with.
        Assert.Equal(HttpStatusCode.NoContent, (await practice.Desk.SetPasswordAsync(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..], StaffDesk.Password)).StatusCode);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Disable {newcomer}" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Disabled", new() { Timeout = Slow });
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Nora Newcomer is disabled" })).ToBeVisibleAsync(new() { Timeout = Slow });
        var listed = await practice.Admin.GetFromJsonAsync<JsonElement>("/api/users?limit=500", Ct);
        var user = listed.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("email").GetString() == newcomer);
        Assert.Equal("disabled", user.GetProperty("status").GetString());
        Assert.Equal(["coder"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        using (var browser = practice.Desk.Browser())
            Assert.NotEqual(HttpStatusCode.OK, (await browser.SignInAsync(newcomer, StaffDesk.Password)).StatusCode);

        // The admin opens the patient, then reads who accessed their data (HIPAA §164.528): their own read is there.
        await page.GotoAsync($"/patients/{patient}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edsger Dijkstra", Level = 1 })).ToBeVisibleAsync(new() { Timeout = Slow });
        await Eventually.True(async () => (await practice.Admin.GetFromJsonAsync<JsonElement>($"/api/audit?patientId={patient}&userId={adminId}", Ct))
            .GetProperty("items").GetArrayLength() > 0, TimeSpan.FromSeconds(20), "the admin's read of the patient in the audit");
        await page.GetByRole(AriaRole.Link, new() { Name = "Who accessed this patient's data" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit", Level = 1 })).ToBeVisibleAsync(new() { Timeout = Slow });
        await Expect(page.GetByLabel("Patient ID")).ToHaveValueAsync(patient.ToString(), new() { Timeout = Slow });
        var audit = page.GetByRole(AriaRole.Table, new() { Name = "Access audit" });
        var read = audit.GetByRole(AriaRole.Row).Filter(new() { HasText = $"/api/patients/{patient}" }).Filter(new() { HasText = email });
        await Expect(read.First).ToContainTextAsync("GET", new() { Timeout = Slow });
        await Expect(read.First).ToContainTextAsync("200", new() { Timeout = Slow });
        await PortalBrowser.AssertAccessibleAsync(page, "audit");
        await PortalBrowser.ScreenshotAsync(page, "audit-of-a-patient");
    }
}
