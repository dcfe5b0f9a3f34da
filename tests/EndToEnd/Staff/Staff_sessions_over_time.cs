using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.ServiceDefaults.Auth;

namespace RevenueCycle.EndToEnd.Staff;

/// <summary>
/// Session and link lifetimes, on a gateway of its own whose clock the test moves (<c>Gateway__Testing__ClockOffsetFile</c>, accepted in
/// Development only) instead of sleeping: 15 idle minutes end a session (HIPAA §164.312(a)(2)(iii)), 12 hours end it however busy it
/// is, a set-password link lasts 72 hours, and the lockout lifts 15 minutes after the failures. The clock only moves forward, so the
/// tests of this class (run one after another) each start from wherever the last left it.
/// </summary>
public sealed class Staff_sessions_over_time(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly MovedClockGateway Clock = new("gateway-moved-clock");

    async Task<StaffDesk> PracticeAsync() =>
        new((await Clock.StartAsync(platform)).BaseAddress, (await platform.NewTenantAsync()).ApiKey);

    static Task Advance(TimeSpan by) => Clock.AdvanceAsync(by);

    static async Task<HttpStatusCode> Patients(Browser browser) => (await browser.Http.GetAsync("/api/patients", Ct)).StatusCode;

    [Fact]
    public async Task A_session_idle_for_15_minutes_is_signed_off_and_one_used_within_them_is_not()
    {
        var desk = await PracticeAsync();
        var (_, email) = await desk.UserAsync(Roles.Biller);
        using var browser = desk.Browser();
        await browser.SignedInAsync(email);
        await Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, await Patients(browser));
        await Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, await Patients(browser)); // 28 minutes after sign-in, 14 after the last request
        await Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.Unauthorized, await Patients(browser));
        // Signed off for good: going back in time (were the clock wrong) would not revive it, its cookie is gone.
        Assert.Null(browser.SessionCookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync("/api/auth/session", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_session_in_constant_use_ends_12_hours_after_sign_in()
    {
        var desk = await PracticeAsync();
        var (_, email) = await desk.UserAsync(Roles.Coder);
        using var browser = desk.Browser();
        var signedIn = await browser.SignedInAsync(email);
        var expected = signedIn.GetProperty("signedInAt").GetDateTimeOffset() + TimeSpan.FromHours(12);
        for (var minutes = 10; minutes < 12 * 60; minutes += 10)
        {
            await Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(HttpStatusCode.OK, await Patients(browser));
        }
        var session = await browser.Http.GetFromJsonAsync<JsonElement>("/api/auth/session", Ct);
        Assert.Equal(expected, session.GetProperty("expiresAt").GetDateTimeOffset());
        await Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Unauthorized, await Patients(browser));
        await browser.SignedInAsync(email);
        Assert.Equal(HttpStatusCode.OK, await Patients(browser));
    }

    [Fact]
    public async Task A_set_password_link_older_than_72_hours_is_refused()
    {
        var desk = await PracticeAsync();
        var (_, _, fresh) = await desk.InviteAsync(Roles.Biller);
        var (_, email, stale) = await desk.InviteAsync(Roles.Biller);
        await Advance(TimeSpan.FromHours(71));
        Assert.Equal(HttpStatusCode.NoContent, (await desk.SetPasswordAsync(fresh, StaffDesk.Password)).StatusCode);
        await Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var refused = await desk.SetPasswordAsync(stale, StaffDesk.Password);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("token", out _));
        using var browser = desk.Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(email, StaffDesk.Password)).StatusCode);
    }

    [Fact]
    public async Task A_locked_email_signs_in_again_once_15_minutes_have_passed_since_its_failures()
    {
        var desk = await PracticeAsync();
        var (_, email) = await desk.UserAsync(Roles.Biller);
        using var browser = desk.Browser();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(email, "a wrong passphrase")).StatusCode);
        await Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.SignInAsync(email, StaffDesk.Password)).StatusCode);
        await Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(5));
        await browser.SignedInAsync(email);
    }
}
