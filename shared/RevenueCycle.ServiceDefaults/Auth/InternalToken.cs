using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RevenueCycle.ServiceDefaults.Auth;

/// <summary>
/// The short-lived token the gateway signs for every request it forwards. Services accept nothing
/// else: a caller that bypasses the gateway has no API key the service could check, and no token.
/// </summary>
public sealed class InternalToken
{
    public const string Issuer = "rcm-gateway";
    public const string Audience = "rcm-services";
    public const string TenantClaim = "tenant_id";
    public const string KeyClaim = "key_id";
    public const string RoleClaim = "role";
    /// <summary>The staff user of a signed-in session (absent for an API key): who did it, for the services' own records.</summary>
    public const string UserClaim = "user_id";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    readonly SymmetricSecurityKey key;
    readonly JsonWebTokenHandler handler = new();

    public InternalToken(IConfiguration configuration)
    {
        var secret = configuration["InternalAuth:SigningKey"];
        if (string.IsNullOrWhiteSpace(secret) || secret.Length < 16)
            throw new InvalidOperationException("InternalAuth:SigningKey must be set to a secret of at least 16 characters (./rcm sets it).");
        // HMAC-SHA256 wants at least 256 bits of key: stretch the configured secret with SHA-256.
        key = new SymmetricSecurityKey(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    public SecurityKey SigningKey => key;

    /// <summary>A token for an API key (<paramref name="userId"/> null) or a staff user's session (<paramref name="keyId"/> empty).</summary>
    public string Issue(Guid tenantId, Guid keyId, IEnumerable<string> roles, DateTime? now = null, Guid? userId = null)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            [TenantClaim] = tenantId.ToString(),
            [KeyClaim] = keyId.ToString(),
            [RoleClaim] = roles.ToArray(),
        };
        if (userId is { } user) claims[UserClaim] = user.ToString();
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, (userId ?? keyId).ToString())]),
            Claims = claims,
            IssuedAt = issuedAt,
            NotBefore = issuedAt.AddSeconds(-5),
            Expires = issuedAt + Lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(15),
        RoleClaimType = RoleClaim,
        NameClaimType = KeyClaim,
    };
}

public static class TenantClaims
{
    /// <summary>The tenant (practice) of the request, from the gateway's token.</summary>
    public static Guid TenantId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(InternalToken.TenantClaim)?.Value, out var id)
            ? id
            : throw new UnauthorizedAccessException("The request carries no tenant.");

    /// <summary>The staff user of a signed-in session, or null for an API key.</summary>
    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(InternalToken.UserClaim)?.Value, out var id) ? id : null;

    /// <summary>Who made the request, for a service's own records (an author, an assignee, who matched): the staff user, else the API key.</summary>
    public static string? ActorId(this ClaimsPrincipal user) =>
        user.FindFirst(InternalToken.UserClaim)?.Value ?? user.FindFirst(InternalToken.KeyClaim)?.Value;
}
