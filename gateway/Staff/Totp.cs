using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RevenueCycle.Gateway.Staff;

/// <summary>
/// Time-based one-time passwords, RFC 6238 over HOTP (RFC 4226): HMAC-SHA-1, a 30-second step from the Unix epoch, 6 digits — what
/// every authenticator app uses by default. A code is accepted one step either side of now (RFC 6238 §5.2 allows for clock drift and
/// typing time), and a step once used is never accepted again (§5.2: "the verifier MUST NOT accept the second attempt of the same OTP").
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;          // RFC 6238 §4.1 X, the default
    public const int Digits = 6;                // RFC 4226 §5.3, at least 6
    public const int AllowedDriftSteps = 1;     // RFC 6238 §5.2
    public const int SecretBytes = 20;          // RFC 4226 §4 R6: 160 bits, the length of an HMAC-SHA-1 key
    public const string Issuer = "RevenueCycle";

    public static long StepAt(DateTimeOffset at) => at.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The code for one step (RFC 4226 §5.3 dynamic truncation), with <paramref name="digits"/> digits.</summary>
    public static string Code(byte[] secret, long step, int digits = Digits, HashAlgorithmName? algorithm = null)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var name = algorithm ?? HashAlgorithmName.SHA1;
        var hash = name == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(secret, counter)
            : name == HashAlgorithmName.SHA512 ? HMACSHA512.HashData(secret, counter)
            : HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0F;
        var binary = (hash[offset] & 0x7F) << 24 | hash[offset + 1] << 16 | hash[offset + 2] << 8 | hash[offset + 3];
        return (binary % (int)Math.Pow(10, digits)).ToString(new string('0', digits), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The step the code belongs to (now or one either side), if it is later than <paramref name="lastUsedStep"/>; else null.</summary>
    public static long? Verify(byte[] secret, string? code, DateTimeOffset now, long? lastUsedStep)
    {
        if (code is null) return null;
        code = code.Replace(" ", "", StringComparison.Ordinal);
        if (code.Length != Digits || !code.All(char.IsAsciiDigit)) return null;
        var current = StepAt(now);
        for (var step = current - AllowedDriftSteps; step <= current + AllowedDriftSteps; step++)
            if ((lastUsedStep is null || step > lastUsedStep)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(secret, step)), Encoding.ASCII.GetBytes(code)))
                return step;
        return null;
    }

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    /// <summary>The Key URI Format authenticator apps read from a QR code (Google Authenticator's "otpauth://totp/…").</summary>
    public static string Uri(byte[] secret, string account) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(Issuer)}:{System.Uri.EscapeDataString(account)}?secret={Base32(secret)}&issuer={System.Uri.EscapeDataString(Issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";

    const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"; // RFC 4648 §6

    public static string Base32(byte[] data)
    {
        var text = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = buffer << 8 | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[buffer >> (bits - 5) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) text.Append(Alphabet[buffer << (5 - bits) & 31]);
        return text.ToString();
    }

    public static byte[] FromBase32(string text)
    {
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            var value = Alphabet.IndexOf(c);
            if (value < 0) throw new FormatException($"'{c}' is not a base32 character.");
            buffer = buffer << 5 | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
