using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace RevenueCycle.ServiceDefaults.Clearinghouse;

/// <summary>
/// A practice's credentials at the clearinghouse: its submitter id (<c>SubmitterIds.For(tenantId)</c>) and a secret,
/// sent as HTTP Basic (RFC 7617) on every call, as a clearinghouse's API or SFTP account takes them.
/// The secret is derived from the platform's submitter key (<c>Clearinghouse:SubmitterKey</c>) with HMAC-SHA256 over the
/// submitter id (a key-derivation function in the sense of NIST SP 800-108), so, like the submitter id, every service computes
/// the same one without asking another and no secret travels on the bus; each practice's secret opens only its own mailbox,
/// and one practice's secret tells nothing about another's.
/// </summary>
public sealed class SubmitterCredentials(string? submitterKey)
{
    public const string ConfigurationKey = "Clearinghouse:SubmitterKey";
    const string Purpose = "clearinghouse-submitter:";

    /// <summary>Whether a submitter key is configured (without it, calls go out without credentials and the clearinghouse answers 401).</summary>
    public bool Configured => !string.IsNullOrEmpty(submitterKey);

    /// <summary>The submitter's secret, or null when no submitter key is configured.</summary>
    public string? SecretFor(string submitterId) => Configured ? Derive(submitterKey!, submitterId) : null;

    /// <summary>The <c>Authorization: Basic</c> header for the submitter, or null when no submitter key is configured.</summary>
    public AuthenticationHeaderValue? HeaderFor(string submitterId) =>
        SecretFor(submitterId) is { } secret ? Basic(submitterId, secret) : null;

    /// <summary>The secret of <paramref name="submitterId"/> under <paramref name="submitterKey"/>: base64url of HMAC-SHA256(key, purpose + id).</summary>
    public static string Derive(string submitterKey, string submitterId) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(submitterKey), Encoding.UTF8.GetBytes(Purpose + submitterId)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>RFC 7617: <c>Basic base64(user-id ":" password)</c>, UTF-8.</summary>
    public static AuthenticationHeaderValue Basic(string submitterId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(submitterId + ":" + secret)));
}
