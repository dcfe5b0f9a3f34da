using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.ServiceDefaults.Auth;

namespace RevenueCycle.EndToEnd.Staff;

/// <summary>Issue 18: the practice admin's staff users (<c>/api/users</c>), through the real gateway.</summary>
public sealed class Staff_users_managed_by_the_practice_admin(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<StaffDesk> PracticeAsync() => new(platform.Gateway, (await platform.NewTenantAsync()).ApiKey);

    static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task A_new_users_one_time_link_sets_a_password_once_and_a_used_link_is_refused()
    {
        var desk = await PracticeAsync();
        using var admin = desk.Admin();
        var email = StaffDesk.Email("biller");
        var created = await admin.PostAsJsonAsync("/api/users", new { email, name = "Bea Biller", roles = new[] { Roles.Biller } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var user = body.GetProperty("user");
        Assert.Equal("invited", user.GetProperty("status").GetString());
        Assert.Equal(new[] { Roles.Biller }, user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        var link = body.GetProperty("setPassword");
        var token = link.GetProperty("token").GetString()!;
        Assert.Contains(token, link.GetProperty("url").GetString());
        var expires = link.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(71), TimeSpan.FromHours(72));

        Assert.Equal(HttpStatusCode.NoContent, (await desk.SetPasswordAsync(token, StaffDesk.Password)).StatusCode);
        var again = await Problem(await desk.SetPasswordAsync(token, "another long passphrase"), HttpStatusCode.BadRequest);
        Assert.True(again.GetProperty("errors").TryGetProperty("token", out _), again.ToString());

        // The first password stands; the refused second one does not.
        using var browser = desk.Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(email, "another long passphrase")).StatusCode);
        await browser.SignedInAsync(email);
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/users/{user.GetProperty("id").GetGuid()}", Ct);
        Assert.Equal("active", listed.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("short pass", "at least 12")]
    [InlineData("password1234", "commonly used")]
    [InlineData("winniethepooh", "commonly used")]
    [InlineData("123456789012", "commonly used")]
    public async Task A_short_or_common_password_is_a_400_naming_the_password_and_the_link_still_works(string password, string reason)
    {
        var desk = await PracticeAsync();
        var (_, email, token) = await desk.InviteAsync(Roles.Coder);
        var refused = await Problem(await desk.SetPasswordAsync(token, password), HttpStatusCode.BadRequest);
        Assert.Contains(reason, refused.GetProperty("errors").GetProperty("password")[0].GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await desk.SetPasswordAsync(token, StaffDesk.Password)).StatusCode);
        using var browser = desk.Browser();
        await browser.SignedInAsync(email);
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_an_email_is_one_users_per_practice_whatever_its_case()
    {
        var desk = await PracticeAsync();
        using var admin = desk.Admin();
        var bad = await Problem(await admin.PostAsJsonAsync("/api/users", new { email = "not-an-email", name = "", roles = new[] { "biller", "surgeon" } }, Ct), HttpStatusCode.BadRequest);
        var errors = bad.GetProperty("errors");
        foreach (var field in new[] { "email", "name", "roles[1]" }) Assert.True(errors.TryGetProperty(field, out _), $"{field} not named: {bad}");
        Assert.False(errors.TryGetProperty("roles[0]", out _));
        var none = await Problem(await admin.PostAsJsonAsync("/api/users", new { email = "a@clinic.example", name = "A", roles = Array.Empty<string>() }, Ct), HttpStatusCode.BadRequest);
        Assert.True(none.GetProperty("errors").TryGetProperty("roles", out _));

        var (_, email, _) = await desk.InviteAsync(Roles.Biller);
        var twice = await Problem(await admin.PostAsJsonAsync("/api/users", new { email = email.ToUpperInvariant(), name = "Again", roles = new[] { Roles.Coder } }, Ct), HttpStatusCode.Conflict);
        Assert.Contains("email", twice.GetProperty("detail").GetString());
        // Another practice may have a user with the same email.
        var other = await PracticeAsync();
        await other.InviteAsync(Roles.Coder, email);
    }

    [Fact]
    public async Task Another_practices_user_is_not_found_for_any_operation()
    {
        var mine = await PracticeAsync();
        var theirs = await PracticeAsync();
        var (id, _, _) = await theirs.InviteAsync(Roles.Biller);
        using var admin = mine.Admin();
        await Problem(await admin.GetAsync($"/api/users/{id}", Ct), HttpStatusCode.NotFound);
        await Problem(await admin.PutAsJsonAsync($"/api/users/{id}", new { name = "Taken", roles = new[] { Roles.Admin } }, Ct), HttpStatusCode.NotFound);
        foreach (var action in new[] { "disable", "enable", "password-reset", "second-factor/reset" })
            await Problem(await admin.PostAsync($"/api/users/{id}/{action}", null, Ct), HttpStatusCode.NotFound);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/users", Ct);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), u => u.GetProperty("id").GetGuid() == id);
        // Untouched in its own practice.
        using var owner = theirs.Admin();
        var user = await owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}", Ct);
        Assert.Equal("invited", user.GetProperty("status").GetString());
        Assert.Equal(new[] { Roles.Biller }, user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
    }

    [Fact]
    public async Task An_api_key_or_a_user_without_the_admin_role_cannot_read_or_manage_users()
    {
        var tenant = await platform.NewTenantAsync();
        var desk = new StaffDesk(platform.Gateway, tenant.ApiKey);
        using var admin = platform.Admin();
        var key = await (await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant.TenantId}/api-keys", new { name = "billing office", roles = new[] { Roles.Biller, Roles.PmSystem } }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var biller = platform.Client(key.GetProperty("apiKey").GetString());
        await Problem(await biller.PostAsJsonAsync("/api/users", new { email = StaffDesk.Email("x"), name = "X", roles = new[] { Roles.Admin } }, Ct), HttpStatusCode.Forbidden);
        await Problem(await biller.GetAsync("/api/users", Ct), HttpStatusCode.Forbidden);
        await Problem(await biller.PutAsJsonAsync("/api/users/settings", new { requireSecondFactorForAdmins = false }, Ct), HttpStatusCode.Forbidden);

        var (id, email) = await desk.UserAsync(Roles.Biller);
        using var browser = desk.Browser();
        await browser.SignedInAsync(email);
        await Problem(await browser.Http.GetAsync("/api/users", Ct), HttpStatusCode.Forbidden);
        await Problem(await browser.SendAsync(HttpMethod.Put, $"/api/users/{id}", new { name = "Me", roles = new[] { Roles.Admin } }), HttpStatusCode.Forbidden);
        using var owner = desk.Admin();
        Assert.Equal(new[] { Roles.Biller }, (await owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}", Ct)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));

        // A signed-in admin manages users as the admin key does.
        var (_, adminEmail) = await desk.UserAsync(Roles.Admin);
        using var signedInAdmin = desk.Browser();
        await signedInAdmin.SignedInAsync(adminEmail);
        var changed = await signedInAdmin.SendAsync(HttpMethod.Put, $"/api/users/{id}", new { name = "Bea Biller", roles = new[] { Roles.Biller, Roles.Coder } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(2, (await changed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("roles").GetArrayLength());
    }

    [Fact]
    public async Task The_list_is_paged_with_a_cursor()
    {
        var desk = await PracticeAsync();
        var ids = new HashSet<Guid>();
        for (var i = 0; i < 3; i++) ids.Add((await desk.InviteAsync(Roles.Coder)).Id);
        using var admin = desk.Admin();
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await admin.GetFromJsonAsync<JsonElement>($"/api/users?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}", Ct);
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        Assert.Equal(ids.Order(), seen.Order());
        await Problem(await admin.GetAsync("/api/users?cursor=not-a-cursor", Ct), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_disabled_users_session_ends_and_they_cannot_sign_in_until_enabled()
    {
        var desk = await PracticeAsync();
        var (id, email) = await desk.UserAsync(Roles.Biller);
        using var browser = desk.Browser();
        await browser.SignedInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/patients", Ct)).StatusCode);

        using var admin = desk.Admin();
        var disabled = await admin.PostAsync($"/api/users/{id}/disable", null, Ct);
        Assert.Equal("disabled", (await disabled.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        await Problem(await browser.Http.GetAsync("/api/patients", Ct), HttpStatusCode.Unauthorized);
        await Problem(await browser.Http.GetAsync("/api/auth/session", Ct), HttpStatusCode.Unauthorized);
        using var again = desk.Browser();
        await Problem(await again.SignInAsync(email, StaffDesk.Password), HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{id}/enable", null, Ct)).StatusCode);
        await again.SignedInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await again.Http.GetAsync("/api/patients", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_stops_the_old_password_ends_the_sessions_and_gives_a_new_link()
    {
        var desk = await PracticeAsync();
        var (id, email) = await desk.UserAsync(Roles.Coder);
        using var browser = desk.Browser();
        await browser.SignedInAsync(email);

        using var admin = desk.Admin();
        var reset = await admin.PostAsync($"/api/users/{id}/password-reset", null, Ct);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var token = (await reset.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!;
        await Problem(await browser.Http.GetAsync("/api/patients", Ct), HttpStatusCode.Unauthorized);
        using var next = desk.Browser();
        await Problem(await next.SignInAsync(email, StaffDesk.Password), HttpStatusCode.Unauthorized);
        Assert.Equal("invited", (await admin.GetFromJsonAsync<JsonElement>($"/api/users/{id}", Ct)).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await desk.SetPasswordAsync(token, "a brand new passphrase here")).StatusCode);
        await next.SignedInAsync(email, "a brand new passphrase here");
    }
}
