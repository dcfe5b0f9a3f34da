using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.Gateway.Staff;

namespace RevenueCycle.EndToEnd.Staff;

/// <summary>A practice's staff users as its admin makes them through the API, and a browser-like client signing one in (cookies kept).</summary>
public sealed class StaffDesk(Uri gateway, string adminKey)
{
    public const string Password = "correct horse battery staple";
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", adminKey);
        return client;
    }

    public static string Email(string role) => $"{role}.{Guid.NewGuid():N}@clinic.example";

    /// <summary>A user created by the admin (201), its link, and nothing else.</summary>
    public async Task<(Guid Id, string Email, string Token)> InviteAsync(string role, string? email = null)
    {
        using var admin = Admin();
        email ??= Email(role);
        var created = await admin.PostAsJsonAsync("/api/users", new { email, name = $"Test {role}", roles = new[] { role } }, Ct);
        var body = await created.Content.ReadAsStringAsync(Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"creating a user answered {(int)created.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("user").GetProperty("id").GetGuid(), email, json.GetProperty("setPassword").GetProperty("token").GetString()!);
    }

    public async Task<HttpResponseMessage> SetPasswordAsync(string token, string password)
    {
        using var anonymous = new HttpClient { BaseAddress = gateway };
        return await anonymous.PostAsJsonAsync("/api/auth/set-password", new { token, password }, Ct);
    }

    /// <summary>A user with a password set, ready to sign in.</summary>
    public async Task<(Guid Id, string Email)> UserAsync(string role, string password = Password)
    {
        var (id, email, token) = await InviteAsync(role);
        var set = await SetPasswordAsync(token, password);
        Assert.True(set.StatusCode == HttpStatusCode.NoContent, $"set-password answered {(int)set.StatusCode}: {await set.Content.ReadAsStringAsync(Ct)}");
        return (id, email);
    }

    public Browser Browser() => new(gateway);
}

/// <summary>A client that keeps cookies as a browser does and sends the session's anti-forgery token on writes once it has one.</summary>
public sealed class Browser : IDisposable
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    readonly HttpClientHandler handler = new() { CookieContainer = new CookieContainer(), UseCookies = true };
    readonly Uri gateway;

    public Browser(Uri gateway)
    {
        this.gateway = gateway;
        Http = new HttpClient(handler) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }
    public string? Csrf { get; private set; }

    /// <summary>The session cookie's value as the browser holds it.</summary>
    public string? SessionCookie => handler.CookieContainer.GetCookies(gateway)[StaffSessions.Cookie]?.Value;

    public async Task<HttpResponseMessage> SignInAsync(string email, string password, Guid? practice = null)
    {
        var response = await Http.PostAsJsonAsync("/api/auth/sign-in", new { email, password, practice }, Ct);
        if (response.IsSuccessStatusCode) Csrf = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("csrfToken").GetString();
        return response;
    }

    public async Task<JsonElement> SignedInAsync(string email, string password = StaffDesk.Password)
    {
        var response = await SignInAsync(email, password);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A write with the anti-forgery token (unless <paramref name="csrf"/> is false); the token a successful answer gives is kept.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object? body = null, bool csrf = true)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (csrf && Csrf is not null) request.Headers.Add(StaffSessions.CsrfHeader, Csrf);
        var response = await Http.SendAsync(request, Ct);
        if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/json" && url.StartsWith("/api/auth/", StringComparison.Ordinal))
        {
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
            if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("csrfToken", out var token)) Csrf = token.GetString();
        }
        return response;
    }

    public Task<HttpResponseMessage> PostAsync(string url, object? body = null, bool csrf = true) => SendAsync(HttpMethod.Post, url, body, csrf);

    public void Dispose()
    {
        Http.Dispose();
        handler.Dispose();
    }
}
