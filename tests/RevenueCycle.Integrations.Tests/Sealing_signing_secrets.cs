using System.Security.Cryptography;
using System.Text;
using RevenueCycle.Integrations.Subscriptions;

namespace RevenueCycle.Integrations.Tests;

public sealed class Sealing_signing_secrets
{
    [Fact]
    public void A_sealed_secret_opens_with_its_key_and_holds_no_plain_text()
    {
        var box = new SecretBox("a key of forty characters, or thereabouts");
        var secret = SecretBox.NewSecret();

        var sealedBytes = box.Seal(secret);

        Assert.Equal(secret, box.Open(sealedBytes));
        Assert.DoesNotContain(secret[6..20], Encoding.UTF8.GetString(sealedBytes));
        Assert.NotEqual(sealedBytes, box.Seal(secret)); // a new nonce each time
    }

    [Fact]
    public void Another_key_or_a_changed_byte_does_not_open_it()
    {
        var sealedBytes = new SecretBox("the platform's key, 40 characters long..").Seal("whsec_abc");

        Assert.ThrowsAny<CryptographicException>(() => new SecretBox("another key, also forty characters long.").Open(sealedBytes));
        sealedBytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => new SecretBox("the platform's key, 40 characters long..").Open(sealedBytes));
    }
}
