using System.Security.Cryptography;
using System.Text;

namespace RevenueCycle.Integrations.Delivery;

/// <summary>
/// <c>RCM-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;raw body&gt;"&gt;</c>, one <c>v1</c> per secret
/// that signs (two for 24 hours after a rotation), as Stripe does: a receiver accepts the request when any <c>v1</c>
/// matches its secret and <c>t</c> is recent (a replayed old request fails the second check).
/// </summary>
public static class Signature
{
    public const string Header = "RCM-Signature";
    public const string EventIdHeader = "RCM-Event-Id";

    public static string Sign(long timestamp, string body, IEnumerable<string> secrets) =>
        $"t={timestamp}," + string.Join(",", secrets.Select(s => "v1=" + Hex(s, timestamp, body)));

    public static string Hex(string secret, long timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>What a receiver does (the README shows it in C# and Node): true when a v1 matches and t is within <paramref name="tolerance"/>.</summary>
    public static bool Verify(string header, string body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        long? t = null;
        var candidates = new List<string>();
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) continue;
            if (kv[0] == "t" && long.TryParse(kv[1], out var ts)) t = ts;
            else if (kv[0] == "v1") candidates.Add(kv[1]);
        }
        if (t is null || Math.Abs(now.ToUnixTimeSeconds() - t.Value) > tolerance.TotalSeconds) return false;
        var expected = Encoding.ASCII.GetBytes(Hex(secret, t.Value, body));
        return candidates.Any(c => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(c), expected));
    }
}
