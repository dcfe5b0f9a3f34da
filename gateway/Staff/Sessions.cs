using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace RevenueCycle.Gateway.Staff;

/// <summary>Who a request is for, however it proved it: an API key (<see cref="KeyId"/>) or a staff user's session (<see cref="UserId"/>).</summary>
public sealed record Caller(Guid TenantId, string[] Roles, Guid? KeyId, Guid? UserId)
{
    public const string Item = "rcm.caller";
    public bool IsAdmin => Roles.Contains(RevenueCycle.ServiceDefaults.Auth.Roles.Admin);
}

/// <summary>
/// How long a session lives: 15 minutes without a request ends it (automatic logoff, HIPAA §164.312(a)(2)(iii); NIST SP 800-63B
/// §7.2 for AAL2 allows at most 30), and 12 hours after sign-in it ends whatever happens (AAL2's reauthentication at least every
/// 12 hours). A sign-in waiting for its second factor lasts 5 minutes.
/// </summary>
public static class SessionPolicy
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(12);
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(5);

    public const string Full = "full";
    public const string SecondFactor = "second-factor";
    public const string EnrolSecondFactor = "enrol-second-factor";

    public static DateTimeOffset ExpiresAt(string stage, DateTimeOffset createdAt, DateTimeOffset lastSeenAt) =>
        stage == Full
            ? Min(lastSeenAt + IdleTimeout, createdAt + AbsoluteLifetime)
            : Min(createdAt + PendingLifetime, lastSeenAt + IdleTimeout);

    public static bool IsLive(string stage, DateTimeOffset createdAt, DateTimeOffset lastSeenAt, DateTimeOffset now) =>
        now < ExpiresAt(stage, createdAt, lastSeenAt);

    static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

public sealed record StaffSession
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public Guid TenantId { get; init; }
    public string Stage { get; init; } = "";
    public string CsrfToken { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    public string[] Roles { get; init; } = [];
    public string Email { get; init; } = "";
    public string Name { get; init; } = "";
    public bool SecondFactorEnrolled { get; init; }
    public DateTimeOffset ExpiresAt => SessionPolicy.ExpiresAt(Stage, CreatedAt, LastSeenAt);
}

/// <summary>
/// Sessions kept in the gateway's database: the cookie holds 256 random bits, the table only their SHA-256, so neither a copy of the
/// database nor its backups can be replayed as a cookie. Every request through a session moves its idle clock; ending one (sign-out,
/// the user disabled, a password or second-factor reset) takes effect on the next request.
/// </summary>
public sealed class StaffSessions(NpgsqlDataSource db, TimeProvider clock)
{
    public const string Item = "rcm.staff-session";
    /// <summary>Over HTTPS the <c>__Host-</c> prefix binds the cookie to this host and path / (RFC 6265bis §4.1.3.2); it needs Secure.</summary>
    public const string SecureCookie = "__Host-rcm_session";
    public const string Cookie = "rcm_session";
    public const string CsrfHeader = "X-CSRF-Token";

    public DateTimeOffset Now => clock.GetUtcNow();

    public static string? CookieValue(HttpContext context) =>
        context.Request.Cookies[SecureCookie] is { Length: > 0 } secure ? secure
        : context.Request.Cookies[Cookie] is { Length: > 0 } plain ? plain : null;

    static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    const string Columns = """
        s.id, s.user_id, s.tenant_id, s.stage, s.csrf_token, s.created_at, s.last_seen_at, u.roles, u.email, u.name,
        u.totp_secret IS NOT NULL AS second_factor_enrolled
        """;

    /// <summary>The live session the cookie names, its idle clock moved to now; null when it is unknown, ended, expired or its user disabled.</summary>
    public async Task<StaffSession?> ResolveAsync(string cookie, CancellationToken ct)
    {
        if (cookie.Length > 100) return null;
        var now = Now;
        await using var connection = await db.OpenConnectionAsync(ct);
        var session = await connection.QuerySingleOrDefaultAsync<StaffSession>(
            $"""
            SELECT {Columns}
            FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
            WHERE s.id_hash = @Hash AND s.ended_at IS NULL AND u.disabled_at IS NULL
            """, new { Hash = Hash(cookie) });
        if (session is null || !SessionPolicy.IsLive(session.Stage, session.CreatedAt, session.LastSeenAt, now)) return null;
        await connection.ExecuteAsync("UPDATE staff_sessions SET last_seen_at = greatest(last_seen_at, @Now) WHERE id = @Id", new { Now = now.UtcDateTime, session.Id });
        return session with { LastSeenAt = now };
    }

    /// <summary>A new session for the user at <paramref name="stage"/>; its cookie value is returned once.</summary>
    public async Task<(string Cookie, StaffSession Session)> StartAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid userId, string stage)
    {
        var cookie = NewSecret();
        var now = Now.UtcDateTime;
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            """
            INSERT INTO staff_sessions (id, id_hash, user_id, tenant_id, stage, csrf_token, created_at, last_seen_at)
            SELECT @Id, @Hash, u.id, u.tenant_id, @Stage, @Csrf, @Now, @Now FROM staff_users u WHERE u.id = @UserId
            """, new { Id = id, Hash = Hash(cookie), UserId = userId, Stage = stage, Csrf = NewSecret(), Now = now }, tx);
        var session = await connection.QuerySingleAsync<StaffSession>(
            $"SELECT {Columns} FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id WHERE s.id = @Id", new { Id = id }, tx);
        return (cookie, session);
    }

    /// <summary>
    /// A session that passed its second factor becomes a full one under a new id and anti-forgery token (OWASP Session Management:
    /// renew the id when the privilege level changes), so an id seen before the second factor is worth nothing after it.
    /// </summary>
    public async Task<(string Cookie, StaffSession Session)> PromoteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid sessionId)
    {
        var cookie = NewSecret();
        await connection.ExecuteAsync(
            "UPDATE staff_sessions SET id_hash = @Hash, csrf_token = @Csrf, stage = 'full', last_seen_at = @Now WHERE id = @Id",
            new { Hash = Hash(cookie), Csrf = NewSecret(), Now = Now.UtcDateTime, Id = sessionId }, tx);
        var session = await connection.QuerySingleAsync<StaffSession>(
            $"SELECT {Columns} FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id WHERE s.id = @Id", new { Id = sessionId }, tx);
        return (cookie, session);
    }

    public async Task EndAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid sessionId, string why) =>
        await connection.ExecuteAsync("UPDATE staff_sessions SET ended_at = @Now, ended_why = @Why WHERE id = @Id AND ended_at IS NULL",
            new { Now = Now.UtcDateTime, Why = why, Id = sessionId }, tx);

    /// <summary>Ends every session of the user (disabled, password reset, second factor reset).</summary>
    public async Task EndAllAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid userId, string why) =>
        await connection.ExecuteAsync("UPDATE staff_sessions SET ended_at = @Now, ended_why = @Why WHERE user_id = @UserId AND ended_at IS NULL",
            new { Now = Now.UtcDateTime, Why = why, UserId = userId }, tx);

    /// <summary>HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure over HTTPS; a browser-session cookie.</summary>
    public static void SetCookie(HttpContext context, string value)
    {
        var secure = context.Request.IsHttps;
        context.Response.Cookies.Append(secure ? SecureCookie : Cookie, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = secure,
            Path = "/",
            IsEssential = true,
        });
    }

    public static void ClearCookie(HttpContext context)
    {
        foreach (var name in new[] { SecureCookie, Cookie })
            if (context.Request.Cookies.ContainsKey(name))
                context.Response.Cookies.Delete(name, new CookieOptions { Path = "/", Secure = name == SecureCookie, HttpOnly = true, SameSite = SameSiteMode.Strict });
    }

    /// <summary>A write made with a session cookie carries the session's anti-forgery token in <see cref="CsrfHeader"/> (synchronizer token).</summary>
    public static bool CsrfMatches(HttpContext context, StaffSession session)
    {
        var presented = context.Request.Headers[CsrfHeader].ToString();
        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(session.CsrfToken));
    }
}

/// <summary>
/// The gateway's clock for sessions and sign-in. In Development only, <c>Gateway:Testing:ClockOffsetFile</c> names a file holding a
/// number of seconds added to the real time, so an end-to-end test can move a running gateway's clock past the idle and absolute
/// limits instead of sleeping; the gateway refuses to start with it set in any other environment.
/// </summary>
public sealed class OffsetClock(string file) : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = TimeProvider.System.GetUtcNow();
        try
        {
            return File.Exists(file) && double.TryParse(File.ReadAllText(file).Trim(), global::System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                ? now.AddSeconds(seconds)
                : now;
        }
        catch (IOException) { return now; }
    }

    public static TimeProvider For(IConfiguration configuration, IHostEnvironment environment)
    {
        var file = configuration["Gateway:Testing:ClockOffsetFile"];
        if (string.IsNullOrEmpty(file)) return TimeProvider.System;
        if (!environment.IsDevelopment())
            throw new InvalidOperationException("Gateway:Testing:ClockOffsetFile moves the gateway's clock for tests; it is refused outside Development.");
        return new OffsetClock(file);
    }
}
