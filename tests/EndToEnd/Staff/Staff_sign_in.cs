using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.Gateway.Staff;
using RevenueCycle.ServiceDefaults.Auth;

namespace RevenueCycle.EndToEnd.Staff;

/// <summary>Issue 18: staff sign-in at the gateway (<c>/api/auth</c>), sessions, the second factor, and a session reaching the services.</summary>
public sealed class Staff_sign_in(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<(StaffDesk Desk, PlatformFixture.Tenant Tenant)> PracticeAsync()
    {
        var tenant = await platform.NewTenantAsync();
        return (new StaffDesk(platform.Gateway, tenant.ApiKey), tenant);
    }

    static async Task<JsonElement> Answer(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    static string Code(string secret, int stepsFromNow = 0) =>
        Totp.Code(Totp.FromBase32(secret), Totp.StepAt(DateTimeOffset.UtcNow) + stepsFromNow);

    [Fact]
    public async Task The_right_password_signs_in_with_an_HttpOnly_SameSite_Strict_cookie_and_a_wrong_one_does_not()
    {
        var (desk, tenant) = await PracticeAsync();
        var (id, email) = await desk.UserAsync(Roles.Biller);
        using var browser = desk.Browser();
        var wrong = await Answer(await browser.SignInAsync(email, "not the right passphrase"), HttpStatusCode.Unauthorized);
        Assert.Null(browser.SessionCookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync("/api/auth/session", Ct)).StatusCode);

        var signIn = await browser.SignInAsync(email.ToUpperInvariant(), StaffDesk.Password);
        var session = await Answer(signIn, HttpStatusCode.OK);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(StaffSessions.Cookie + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie.ToLowerInvariant());
        Assert.Contains("samesite=strict", cookie.ToLowerInvariant());
        Assert.DoesNotContain("secure", cookie.ToLowerInvariant()); // plain HTTP here; Secure (and the __Host- name) over HTTPS
        Assert.Equal("full", session.GetProperty("stage").GetString());

        var me = await Answer(await browser.Http.GetAsync("/api/auth/session", Ct), HttpStatusCode.OK);
        Assert.Equal(id, me.GetProperty("userId").GetGuid());
        Assert.Equal(tenant.TenantId, me.GetProperty("tenantId").GetGuid());
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(new[] { Roles.Biller }, me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        Assert.False(string.IsNullOrEmpty(me.GetProperty("csrfToken").GetString()));
        Assert.InRange(me.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.1));
        // The cookie holds a random id, not anything a database row stores.
        await using var db = platform.Database("gateway");
        await using var connection = await db.OpenConnectionAsync(Ct);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM staff_sessions WHERE id_hash = @v OR csrf_token = @v", new { v = browser.SessionCookie }));
        Assert.Contains("not right", wrong.GetProperty("detail").GetString());

        // Signing in again in the same browser ends the session it held.
        var first = browser.SessionCookie!;
        await browser.SignedInAsync(email);
        Assert.NotEqual(first, browser.SessionCookie);
        using var copy = new HttpClient { BaseAddress = platform.Gateway };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/patients");
        request.Headers.Add("Cookie", $"{StaffSessions.Cookie}={first}");
        await Answer(await copy.SendAsync(request, Ct), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/patients", Ct)).StatusCode);
    }

    [Fact]
    public async Task Five_failures_in_15_minutes_lock_the_email_even_for_the_right_password_and_an_unknown_email_answers_the_same()
    {
        var (desk, _) = await PracticeAsync();
        var (_, email) = await desk.UserAsync(Roles.Coder);
        var unknown = StaffDesk.Email("nobody");
        using var browser = desk.Browser();
        var answers = new Dictionary<string, List<(HttpStatusCode, string?, string?)>>();
        foreach (var who in new[] { email, unknown })
        {
            answers[who] = [];
            for (var i = 0; i < 5; i++)
            {
                var r = await browser.SignInAsync(who, $"wrong passphrase number {i}");
                var p = await r.Content.ReadFromJsonAsync<JsonElement>(Ct);
                answers[who].Add((r.StatusCode, p.GetProperty("title").GetString(), p.GetProperty("detail").GetString()));
            }
            var sixth = await browser.SignInAsync(who, StaffDesk.Password);
            var problem = await sixth.Content.ReadFromJsonAsync<JsonElement>(Ct);
            answers[who].Add((sixth.StatusCode, problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString()));
        }
        Assert.All(answers[email].Take(5), a => Assert.Equal(HttpStatusCode.Unauthorized, a.Item1));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[email][5].Item1);
        Assert.Null(browser.SessionCookie);
        // Nothing tells the known email from the unknown one.
        Assert.Equal(answers[email], answers[unknown]);
        // Another user of the practice is not locked by it.
        var (_, other) = await desk.UserAsync(Roles.Coder);
        await browser.SignedInAsync(other);
    }

    [Fact]
    public async Task A_user_enrols_TOTP_then_signs_in_with_its_code_and_a_wrong_or_replayed_code_is_refused()
    {
        var (desk, _) = await PracticeAsync();
        var (_, email) = await desk.UserAsync(Roles.Biller);
        using var browser = desk.Browser();
        await browser.SignedInAsync(email);
        var enrolment = await Answer(await browser.PostAsync("/api/auth/totp/enroll"), HttpStatusCode.OK);
        var secret = enrolment.GetProperty("secret").GetString()!;
        Assert.StartsWith("otpauth://totp/", enrolment.GetProperty("otpauthUri").GetString());
        Assert.Contains($"secret={secret}", enrolment.GetProperty("otpauthUri").GetString());
        var badConfirm = await Answer(await browser.PostAsync("/api/auth/totp/confirm", new { code = Code(secret, 10) }), HttpStatusCode.BadRequest);
        Assert.True(badConfirm.GetProperty("errors").TryGetProperty("code", out _));
        var confirmed = await Answer(await browser.PostAsync("/api/auth/totp/confirm", new { code = Code(secret) }), HttpStatusCode.OK);
        Assert.True(confirmed.GetProperty("secondFactorEnrolled").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/auth/sign-out")).StatusCode);

        // The password alone is half a sign-in: nothing but the second factor is open to it.
        using var next = desk.Browser();
        var half = await Answer(await next.SignInAsync(email, StaffDesk.Password), HttpStatusCode.OK);
        Assert.Equal("second-factor", half.GetProperty("stage").GetString());
        await Answer(await next.Http.GetAsync("/api/patients", Ct), HttpStatusCode.Unauthorized);
        using var relogin = desk.Browser();
        await relogin.SignInAsync(email, StaffDesk.Password); // a cookie the 401 above did not clear

        await Answer(await next.PostAsync("/api/auth/second-factor", new { code = Code(secret, 10) }), HttpStatusCode.Unauthorized);
        // The step after the one confirmed (accepted within the ±1 step RFC 6238 allows), so no wait for the clock.
        var code = Code(secret, 1);
        var full = await Answer(await next.PostAsync("/api/auth/second-factor", new { code }), HttpStatusCode.OK);
        Assert.Equal("full", full.GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.OK, (await next.Http.GetAsync("/api/patients", Ct)).StatusCode);

        // The same code again, in the other half-signed-in browser: used once, never again.
        await Answer(await relogin.PostAsync("/api/auth/second-factor", new { code }), HttpStatusCode.Unauthorized);
        await Answer(await relogin.Http.GetAsync("/api/patients", Ct), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task When_the_practice_requires_it_an_admin_without_TOTP_enrols_before_getting_a_full_session_and_a_biller_does_not()
    {
        var (desk, _) = await PracticeAsync();
        using var owner = desk.Admin();
        Assert.False((await owner.GetFromJsonAsync<JsonElement>("/api/users/settings", Ct)).GetProperty("requireSecondFactorForAdmins").GetBoolean());
        var set = await Answer(await owner.PutAsJsonAsync("/api/users/settings", new { requireSecondFactorForAdmins = true }, Ct), HttpStatusCode.OK);
        Assert.True(set.GetProperty("requireSecondFactorForAdmins").GetBoolean());

        var (_, billerEmail) = await desk.UserAsync(Roles.Biller);
        using var biller = desk.Browser();
        Assert.Equal("full", (await biller.SignedInAsync(billerEmail)).GetProperty("stage").GetString());

        var (_, adminEmail) = await desk.UserAsync(Roles.Admin);
        using var admin = desk.Browser();
        Assert.Equal("enrol-second-factor", (await admin.SignedInAsync(adminEmail)).GetProperty("stage").GetString());
        await Answer(await admin.Http.GetAsync("/api/patients", Ct), HttpStatusCode.Unauthorized);
        await Answer(await admin.Http.GetAsync("/api/users", Ct), HttpStatusCode.Unauthorized);
        var secret = (await Answer(await admin.PostAsync("/api/auth/totp/enroll"), HttpStatusCode.OK)).GetProperty("secret").GetString()!;
        var full = await Answer(await admin.PostAsync("/api/auth/totp/confirm", new { code = Code(secret) }), HttpStatusCode.OK);
        Assert.Equal("full", full.GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/api/users", Ct)).StatusCode);

        // Next time, the code it enrolled.
        using var later = desk.Browser();
        Assert.Equal("second-factor", (await later.SignedInAsync(adminEmail)).GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Sign_out_ends_the_session_on_the_server_so_the_old_cookie_is_refused()
    {
        var (desk, _) = await PracticeAsync();
        var (_, email) = await desk.UserAsync(Roles.Biller);
        using var browser = desk.Browser();
        await browser.SignedInAsync(email);
        var cookie = browser.SessionCookie!;
        var csrf = browser.Csrf!;
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/patients", Ct)).StatusCode);
        // Sign-out is a write: without the anti-forgery token it is refused and the session lives on.
        await Answer(await browser.PostAsync("/api/auth/sign-out", csrf: false), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/patients", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/auth/sign-out")).StatusCode);

        // Someone who kept a copy of the cookie gets nothing with it.
        using var copy = new HttpClient { BaseAddress = platform.Gateway };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/patients");
        request.Headers.Add("Cookie", $"{StaffSessions.Cookie}={cookie}");
        await Answer(await copy.SendAsync(request, Ct), HttpStatusCode.Unauthorized);
        using var write = new HttpRequestMessage(HttpMethod.Post, "/api/patients") { Content = JsonContent.Create(Builders.Patient()) };
        write.Headers.Add("Cookie", $"{StaffSessions.Cookie}={cookie}");
        write.Headers.Add(StaffSessions.CsrfHeader, csrf);
        await Answer(await copy.SendAsync(write, Ct), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_write_with_a_session_cookie_but_no_anti_forgery_token_is_refused_and_changes_nothing()
    {
        var (desk, tenant) = await PracticeAsync();
        var (_, email) = await desk.UserAsync(Roles.FrontDesk);
        using var browser = desk.Browser();
        await browser.SignedInAsync(email);
        var mrn = Builders.Mrn();
        var refused = await Answer(await browser.PostAsync("/api/patients", Builders.Patient(mrn), csrf: false), HttpStatusCode.Forbidden);
        Assert.Contains(StaffSessions.CsrfHeader, refused.GetProperty("detail").GetString());
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/patients") { Content = JsonContent.Create(Builders.Patient(mrn)) };
        wrong.Headers.Add(StaffSessions.CsrfHeader, "a-token-of-another-session");
        await Answer(await browser.Http.SendAsync(wrong, Ct), HttpStatusCode.Forbidden);
        using var key = platform.Client(tenant.ApiKey);
        Assert.Equal(0, (await key.GetFromJsonAsync<JsonElement>($"/api/patients?mrn={mrn}", Ct)).GetProperty("items").GetArrayLength());

        Assert.Equal(HttpStatusCode.Created, (await browser.PostAsync("/api/patients", Builders.Patient(mrn))).StatusCode);
    }

    [Fact]
    public async Task A_session_reaches_the_services_with_the_users_roles_and_the_audit_log_names_the_user()
    {
        var (desk, tenant) = await PracticeAsync();
        var (coderId, coderEmail) = await desk.UserAsync(Roles.Coder);
        using var coder = desk.Browser();
        await coder.SignedInAsync(coderEmail);
        Assert.Equal(HttpStatusCode.OK, (await coder.Http.GetAsync("/api/patients", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coder.Http.GetAsync("/api/coding/worklist", Ct)).StatusCode);
        var refused = await Answer(await coder.PostAsync("/api/patients", Builders.Patient()), HttpStatusCode.Forbidden);
        Assert.Contains("user's roles (coder)", refused.GetProperty("detail").GetString());

        var (_, billerEmail) = await desk.UserAsync(Roles.Biller);
        using var biller = desk.Browser();
        await biller.SignedInAsync(billerEmail);
        Assert.Equal(HttpStatusCode.Created, (await biller.PostAsync("/api/patients", Builders.Patient())).StatusCode);

        // The roles a user has are read on every request: an admin's change applies to a session already open.
        using var owner = desk.Admin();
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/users/{coderId}", new { name = "Cody Coder", roles = new[] { Roles.Coder, Roles.FrontDesk } }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await coder.PostAsync("/api/patients", Builders.Patient())).StatusCode);

        using var admin = platform.Admin();
        var audit = await Eventually.Get(async () =>
        {
            var page = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?tenantId={tenant.TenantId}&userId={coderId}&limit=100", Ct);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            return items.Count(i => i.GetProperty("path").GetString() == "/api/patients") >= 3 ? items : null;
        }, TimeSpan.FromSeconds(20), "the coder's requests in the audit log");
        Assert.All(audit, entry =>
        {
            Assert.Equal(coderId, entry.GetProperty("userId").GetGuid());
            Assert.Equal(tenant.TenantId, entry.GetProperty("tenantId").GetGuid());
        });
        Assert.Contains(audit, e => e.GetProperty("method").GetString() == "POST" && e.GetProperty("status").GetInt32() == 403);
        Assert.Contains(audit, e => e.GetProperty("method").GetString() == "POST" && e.GetProperty("status").GetInt32() == 201);
        Assert.Contains(audit, e => e.GetProperty("path").GetString() == "/api/auth/sign-in");
    }

    [Fact]
    public async Task One_email_and_password_at_two_practices_signs_in_to_the_one_named()
    {
        var (first, firstTenant) = await PracticeAsync();
        var (second, secondTenant) = await PracticeAsync();
        var email = StaffDesk.Email("locum");
        foreach (var desk in new[] { first, second })
        {
            var (_, _, token) = await desk.InviteAsync(Roles.Coder, email);
            Assert.Equal(HttpStatusCode.NoContent, (await desk.SetPasswordAsync(token, StaffDesk.Password)).StatusCode);
        }
        using var browser = first.Browser();
        var ambiguous = await Answer(await browser.SignInAsync(email, StaffDesk.Password), HttpStatusCode.BadRequest);
        Assert.True(ambiguous.GetProperty("errors").TryGetProperty("practice", out _));
        var session = await Answer(await browser.SignInAsync(email, StaffDesk.Password, secondTenant.TenantId), HttpStatusCode.OK);
        Assert.Equal(secondTenant.TenantId, session.GetProperty("tenantId").GetGuid());
        Assert.NotEqual(firstTenant.TenantId, session.GetProperty("tenantId").GetGuid());
    }
    [Fact]
    public async Task A_signed_in_coder_codes_an_encounter_and_Coding_records_the_user_not_a_key_as_its_coder()
    {
        var (desk, tenant) = await PracticeAsync();
        using var key = platform.Client(tenant.ApiKey);
        var (_, _, encounter, _, _) = await RevenueCycle.EndToEnd.Coding.CodingDesk.WithCompletedEncounterAsync(key);
        var (coderId, coderEmail) = await desk.UserAsync(Roles.Coder);
        using var coder = desk.Browser();
        await coder.SignedInAsync(coderEmail);
        var saved = await coder.SendAsync(HttpMethod.Put, $"/api/coding/encounters/{encounter}",
            new { diagnoses = new[] { "E11.9" }, procedures = new[] { RevenueCycle.EndToEnd.Coding.CodingDesk.Line("99213") } });
        await Answer(saved, HttpStatusCode.OK);
        var item = await coder.Http.GetFromJsonAsync<JsonElement>($"/api/coding/encounters/{encounter}", Ct);
        Assert.Equal(coderId.ToString(), item.GetProperty("encounter").GetProperty("codedBy").GetString());
    }
}
