using System.Security.Cryptography;
using System.Text;

namespace RevenueCycle.Gateway.Staff;

/// <summary>
/// Password hashing: PBKDF2-HMAC-SHA256 with 600,000 iterations and a 16-byte salt (OWASP Password Storage Cheat Sheet, 2023),
/// from .NET's own <see cref="Rfc2898DeriveBytes"/>. The stored text names the algorithm and its parameters
/// (<c>pbkdf2-sha256$600000$&lt;salt&gt;$&lt;hash&gt;</c>), so the iterations can be raised later: a hash made with fewer is
/// replaced at the user's next sign-in. Passwords are hashed as typed, in UTF-8: the platform runs with invariant globalization,
/// which has no Unicode normalisation (NIST SP 800-63B §5.1.1.2 makes NFKC a SHOULD), so é typed composed and decomposed differ.
/// </summary>
public static class PasswordHasher
{
    public const string Algorithm = "pbkdf2-sha256";
    public const int Iterations = 600_000;
    const int SaltBytes = 16;
    const int HashBytes = 32;

    public static string Hash(string password, int iterations = Iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Algorithm}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Algorithm || !int.TryParse(parts[1], out var iterations) || iterations < 1) return false;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException) { return false; }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A hash made with weaker parameters than today's, to be replaced when the password is next known.</summary>
    public static bool NeedsRehash(string stored) =>
        stored.Split('$') is not [Algorithm, var iterations, _, _] || !int.TryParse(iterations, out var n) || n < Iterations;

    /// <summary>Checked against when no user has the email, so an unknown email takes as long to refuse as a wrong password.</summary>
    public static readonly Lazy<string> Decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
}

/// <summary>
/// What a new password must be (NIST SP 800-63B §5.1.1.2, "memorized secret verifiers"): at least 12 characters (counted as Unicode
/// code points), up to 128, no composition rules (no required digits or symbols), and not a commonly used or expected value — one of
/// Openwall's common passwords (<c>Data/common-passwords.txt</c>, see its README), such a word with only digits or symbols around it,
/// repeated, or a run of one character or of a keyboard or alphabet sequence — nor the user's own email or its name part.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    static readonly Lazy<HashSet<string>> Common = new(() =>
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("RevenueCycle.Gateway.Staff.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && !line.StartsWith('#')) words.Add(line.ToLowerInvariant());
        return words;
    });

    static readonly string[] Sequences =
        ["abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp"];

    public static int CommonCount => Common.Value.Count;

    /// <summary>Why the password is refused, or null when it is acceptable.</summary>
    public static string? Problem(string? password, string? email = null)
    {
        if (string.IsNullOrEmpty(password)) return "is required.";
        var length = password.EnumerateRunes().Count();
        if (length < MinLength) return $"must be at least {MinLength} characters (it has {length}); a passphrase of a few words is easy to remember.";
        if (length > MaxLength) return $"must be at most {MaxLength} characters.";
        var lower = password.ToLowerInvariant();
        if (IsCommon(lower)) return "is a commonly used password (or one with only digits or symbols added); choose something less predictable.";
        if (email is not null)
        {
            var address = email.Trim().ToLowerInvariant();
            var local = address.Split('@')[0];
            if (lower.Contains(address, StringComparison.Ordinal) || (local.Length >= 4 && lower.Contains(local, StringComparison.Ordinal)))
                return "must not contain your email address or its name part.";
        }
        return null;
    }

    static bool IsCommon(string lower)
    {
        var words = Common.Value;
        if (words.Contains(lower)) return true;
        // A common word with digits or symbols only before or after it ("password2024!", "!!monkey123").
        var core = lower.Trim("0123456789!@#$%^&*()-_=+[]{};:'\",.<>/?\\|`~ ".ToCharArray());
        if (core.Length == 0 || words.Contains(core)) return true;
        // One common word (or any short piece) repeated: "passwordpassword", "abcabcabcabc".
        for (var size = 1; size <= core.Length / 2; size++)
            if (core.Length % size == 0 && string.Concat(Enumerable.Repeat(core[..size], core.Length / size)) == core && (size <= 4 || words.Contains(core[..size]))) return true;
        // A stretch of the alphabet, the digits or a keyboard row, forwards or backwards.
        foreach (var sequence in Sequences)
        {
            var twice = sequence + sequence;
            var reversed = new string([.. twice.Reverse()]);
            if (core.Length <= twice.Length && (twice.Contains(core, StringComparison.Ordinal) || reversed.Contains(core, StringComparison.Ordinal))) return true;
        }
        return false;
    }
}
