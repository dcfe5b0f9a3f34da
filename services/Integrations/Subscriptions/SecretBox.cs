using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RevenueCycle.Integrations.Subscriptions;

/// <summary>
/// Seals webhook signing secrets at rest with AES-256-GCM (nonce | tag | ciphertext), the key derived from
/// <c>Integrations:SecretKey</c>: a copy of the database alone signs nothing. The secret must be readable again (it
/// signs every delivery), so it is encrypted, not hashed.
/// </summary>
public sealed class SecretBox
{
    const int NonceSize = 12, TagSize = 16;
    readonly byte[] key;

    public SecretBox(IOptions<IntegrationsOptions> options)
        : this(options.Value.SecretKey is { Length: >= 16 } k ? k
            : throw new InvalidOperationException("Integrations:SecretKey is not set (at least 16 characters); ./rcm generates it into .rcm/integrations-secret-key."))
    {
    }

    public SecretBox(string secretKey) => key = SHA256.HashData(Encoding.UTF8.GetBytes(secretKey));

    public byte[] Seal(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        return sealedBytes;
    }

    public string Open(byte[] sealedBytes)
    {
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>A new signing secret, prefixed like Stripe's so it is recognised when pasted somewhere it should not be.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
