// Every wait here is Playwright's own (bounded by its timeouts).
#pragma warning disable xUnit1051
using System.Net;
using Microsoft.Playwright;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.EndToEnd.Staff;
using RevenueCycle.Gateway.Staff;
using RevenueCycle.ServiceDefaults.Auth;
using static Microsoft.Playwright.Assertions;

namespace RevenueCycle.EndToEnd.Portal;

/// <summary>
/// Issue 18: the portal's sign-in screen in a real browser, through the real gateway: a wrong password, the lockout after 5 failures
/// in 15 minutes (NIST SP 800-63B §5.2.2), the TOTP step (RFC 6238), sign-out ending the session server-side, and the log-off after
/// 15 idle minutes (HIPAA §164.312(a)(2)(iii)) on a gateway whose clock the test moves.
/// </summary>
public sealed class Portal_sign_in(PlatformFixture platform, PortalBrowser chromium) : IClassFixture<PortalBrowser>
{
    static readonly MovedClockGateway Clock = new("gateway-portal-clock");

    async Task<(StaffDesk Desk, IPage Page)> PracticeAsync(Uri? gateway = null)
    {
        gateway ??= platform.Gateway;
        var desk = new StaffDesk(gateway, (await platform.NewTenantAsync()).ApiKey);
        return (desk, await chromium.NewPageAsync(gateway));
    }

    [Fact]
    public async Task A_biller_signs_in_sees_the_screens_and_signs_out_which_ends_the_session_on_the_server()
    {
        var (desk, page) = await PracticeAsync();
        var (_, email) = await desk.UserAsync(Roles.Biller);

        await page.GotoAsync("/claims");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await PortalBrowser.AssertAccessibleAsync(page, "sign in");
        await PortalBrowser.SignInAsync(page, email);

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        foreach (var link in new[] { "Dashboard", "Coding", "Claims", "Denials", "Follow-up", "Payments", "Patients" })
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
        // Settings and the audit are the admin's: a biller is not offered them.
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToHaveCountAsync(0);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToHaveCountAsync(0);

        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == StaffSessions.Cookie);
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByText("You signed out.")).ToBeVisibleAsync();
        // The old cookie, presented again, opens nothing: the session ended at the gateway, not only in the browser.
        using var replay = new HttpClient { BaseAddress = platform.Gateway };
        replay.DefaultRequestHeaders.Add("Cookie", $"{StaffSessions.Cookie}={session.Value}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/patients")).StatusCode);
        await PortalBrowser.ScreenshotAsync(page, "sign-in-after-sign-out");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_five_failures_lock_the_email_even_for_the_right_password()
    {
        var (desk, page) = await PracticeAsync();
        var (_, email) = await desk.UserAsync(Roles.Coder);
        await page.GotoAsync("/");
        for (var i = 0; i < AuthEndpoints.MaxFailures; i++)
        {
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByLabel("Password").FillAsync($"wrong passphrase number {i}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToHaveCountAsync(0);
        }
        await page.GetByLabel("Password").FillAsync(StaffDesk.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("15 minutes");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToHaveCountAsync(0);
        await PortalBrowser.ScreenshotAsync(page, "sign-in-locked");
    }

    [Fact]
    public async Task A_user_with_a_second_factor_enters_the_authenticator_code_before_the_portal_opens()
    {
        var (desk, page) = await PracticeAsync();
        var (_, email) = await desk.UserAsync(Roles.Biller);
        string secret;
        using (var api = desk.Browser())
        {
            await api.SignedInAsync(email);
            var enrol = await api.PostAsync("/api/auth/totp/enroll");
            secret = System.Text.Json.JsonDocument.Parse(await enrol.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/auth/totp/confirm", new { code = Code(secret) })).StatusCode);
        }

        await page.GotoAsync("/");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(StaffDesk.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByLabel("Authentication code")).ToBeVisibleAsync();
        await PortalBrowser.AssertAccessibleAsync(page, "second factor");
        await page.GetByLabel("Authentication code").FillAsync(Code(secret, 10)); // a code from five minutes on is not today's
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        // The step after the one the enrolment used (RFC 6238 accepts ±1 step; a code is never taken twice), so no wait for the clock.
        await page.GetByLabel("Authentication code").FillAsync(Code(secret, 1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        await PortalBrowser.ScreenshotAsync(page, "signed-in-with-second-factor");
    }

    [Fact]
    public async Task After_fifteen_idle_minutes_the_portal_returns_to_sign_in_by_itself_and_says_why()
    {
        var gateway = await Clock.StartAsync(platform);
        var (desk, page) = await PracticeAsync(gateway.BaseAddress);
        var (_, email) = await desk.UserAsync(Roles.Biller);
        await page.Clock.InstallAsync(); // the page's timers run on a clock the test moves, as the gateway's does
        await PortalBrowser.SignInAsync(page, email);

        // Fourteen idle minutes: still signed in, on both clocks.
        await Clock.AdvanceAsync(TimeSpan.FromMinutes(14));
        await page.Clock.RunForAsync((long)TimeSpan.FromMinutes(14).TotalMilliseconds);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        // Past fifteen minutes without a key or a click: the portal signs out at the gateway and leaves the screen without any
        // patient's data, whatever it fetched in the background meanwhile.
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == StaffSessions.Cookie).Value;
        await Clock.AdvanceAsync(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(5));
        await page.Clock.RunForAsync((long)TimeSpan.FromMinutes(1.5).TotalMilliseconds);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToHaveCountAsync(0);
        using var replay = new HttpClient { BaseAddress = gateway.BaseAddress };
        replay.DefaultRequestHeaders.Add("Cookie", $"{StaffSessions.Cookie}={cookie}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/patients")).StatusCode);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("15 minutes without activity");
        await PortalBrowser.ScreenshotAsync(page, "signed-out-when-idle");
    }

    [Fact]
    public async Task A_new_user_sets_a_password_from_the_one_time_link_and_signs_in_with_it()
    {
        var (desk, page) = await PracticeAsync();
        var (_, email, token) = await desk.InviteAsync(Roles.Coder);
        await page.GotoAsync($"/set-password#token={token}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set your password" })).ToBeVisibleAsync();
        await PortalBrowser.AssertAccessibleAsync(page, "set password");

        // NIST SP 800-63B §5.1.1.2: a password found in a list of commonly used ones is refused, whatever its length.
        await page.GetByLabel("New password").FillAsync("winniethepooh");
        await page.GetByLabel("Confirm the password").FillAsync("winniethepooh");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("password");

        await page.GetByLabel("New password").FillAsync(StaffDesk.Password);
        await page.GetByLabel("Confirm the password").FillAsync(StaffDesk.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is set.");
        Assert.DoesNotContain(token, page.Url); // the used token is out of the address bar

        // The link worked once: the same token again is refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await desk.SetPasswordAsync(token, "another long enough passphrase")).StatusCode);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await PortalBrowser.SignInAsync(page, email);
        await PortalBrowser.ScreenshotAsync(page, "signed-in-after-setting-a-password");
    }

    static string Code(string secret, int stepsFromNow = 0) =>
        Totp.Code(Totp.FromBase32(secret), Totp.StepAt(DateTimeOffset.UtcNow) + stepsFromNow);
}
