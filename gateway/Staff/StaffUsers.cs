using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace RevenueCycle.Gateway.Staff;

public sealed record StaffUser
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public string Email { get; init; } = "";
    public string Name { get; init; } = "";
    public string[] Roles { get; init; } = [];
    /// <summary><c>invited</c> (no password set yet), <c>active</c> or <c>disabled</c>.</summary>
    public string Status { get; init; } = "";
    public bool SecondFactorEnrolled { get; init; }
    public DateTimeOffset? PasswordChangedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A one-time link to set a password: shown once, to the admin who asked, to pass on (there is no mail server).</summary>
public sealed record SetPasswordLink(string Token, string Url, DateTimeOffset ExpiresAt);

/// <summary>Staff users' rows and their one-time set-password tokens.</summary>
public static class StaffUserStore
{
    /// <summary>How long a set-password link is good for; it is good for one use.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(72);

    public const string Columns = """
        id, tenant_id, email, name, roles,
        CASE WHEN disabled_at IS NOT NULL THEN 'disabled' WHEN password_hash IS NULL THEN 'invited' ELSE 'active' END AS status,
        totp_secret IS NOT NULL AS second_factor_enrolled, password_changed_at, created_at, updated_at
        """;

    public static Task<StaffUser?> FindAsync(NpgsqlConnection connection, Guid tenantId, Guid id, NpgsqlTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<StaffUser>($"SELECT {Columns} FROM staff_users WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, tx);

    public static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new link for the user; any earlier unused link of theirs stops working.</summary>
    public static async Task<SetPasswordLink> NewLinkAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenantId, Guid userId, DateTimeOffset now)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await connection.ExecuteAsync("UPDATE staff_password_tokens SET used_at = @Now WHERE user_id = @userId AND used_at IS NULL",
            new { Now = now.UtcDateTime, userId }, tx);
        await connection.ExecuteAsync(
            """
            INSERT INTO staff_password_tokens (token_hash, user_id, tenant_id, created_at, expires_at)
            VALUES (@Hash, @userId, @tenantId, @Now, @Expires)
            """, new { Hash = TokenHash(token), userId, tenantId, Now = now.UtcDateTime, Expires = (now + LinkLifetime).UtcDateTime }, tx);
        // The token in the fragment: a browser never sends it to a server or in a Referer.
        return new SetPasswordLink(token, $"/set-password#token={token}", now + LinkLifetime);
    }
}
