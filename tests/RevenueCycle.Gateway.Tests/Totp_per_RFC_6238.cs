using System.Security.Cryptography;
using System.Text;
using RevenueCycle.Gateway.Staff;

namespace RevenueCycle.Gateway.Tests;

/// <summary>
/// The one-time codes against the RFCs' own test vectors: RFC 4226 Appendix D (HOTP, counters 0–9, 6 digits) and RFC 6238
/// Appendix B (TOTP, T0 = 0, X = 30, 8 digits, the SHA-1, SHA-256 and SHA-512 seeds the appendix gives), then the verifier's rules.
/// </summary>
public sealed class Totp_per_RFC_6238
{
    static readonly byte[] Sha1Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    static readonly byte[] Sha256Seed = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    static readonly byte[] Sha512Seed = Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    [Theory]
    [InlineData(0, "755224")]
    [InlineData(1, "287082")]
    [InlineData(2, "359152")]
    [InlineData(3, "969429")]
    [InlineData(4, "338314")]
    [InlineData(5, "254676")]
    [InlineData(6, "287922")]
    [InlineData(7, "162583")]
    [InlineData(8, "399871")]
    [InlineData(9, "520489")]
    public void Each_HOTP_code_of_RFC_4226_appendix_D_is_computed(long counter, string expected) =>
        Assert.Equal(expected, Totp.Code(Sha1Seed, counter));

    [Theory]
    [InlineData(59L, "94287082", "46119246", "90693936")]
    [InlineData(1111111109L, "07081804", "68084774", "25091201")]
    [InlineData(1111111111L, "14050471", "67062674", "99943326")]
    [InlineData(1234567890L, "89005924", "91819424", "93441116")]
    [InlineData(2000000000L, "69279037", "90698825", "38618901")]
    [InlineData(20000000000L, "65353130", "77737706", "47863826")]
    public void Each_TOTP_of_RFC_6238_appendix_B_is_computed(long unixSeconds, string sha1, string sha256, string sha512)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
        Assert.Equal(sha1, Totp.Code(Sha1Seed, step, digits: 8));
        Assert.Equal(sha256, Totp.Code(Sha256Seed, step, digits: 8, HashAlgorithmName.SHA256));
        Assert.Equal(sha512, Totp.Code(Sha512Seed, step, digits: 8, HashAlgorithmName.SHA512));
    }

    [Fact]
    public void A_code_is_accepted_one_step_either_side_of_now_and_not_two()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_015);
        var step = Totp.StepAt(now);
        Assert.Equal(step, Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step), now, null));
        Assert.Equal(step - 1, Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step - 1), now, null));
        Assert.Equal(step + 1, Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step + 1), now, null));
        Assert.Null(Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step - 2), now, null));
        Assert.Null(Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step + 2), now, null));
    }

    [Fact]
    public void A_code_of_a_step_already_used_or_earlier_is_refused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_015);
        var step = Totp.StepAt(now);
        var code = Totp.Code(Sha1Seed, step);
        Assert.Null(Totp.Verify(Sha1Seed, code, now, lastUsedStep: step));
        Assert.Null(Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step - 1), now, lastUsedStep: step));
        Assert.Equal(step + 1, Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step + 1), now, lastUsedStep: step));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    public void Anything_but_six_digits_is_refused(string? code) =>
        Assert.Null(Totp.Verify(Sha1Seed, code, DateTimeOffset.UtcNow, null));

    [Fact]
    public void The_secret_reads_back_from_its_base32_and_the_otpauth_uri_carries_it()
    {
        // RFC 4648 §10 test vector.
        Assert.Equal("MZXW6YTBOI", Totp.Base32(Encoding.ASCII.GetBytes("foobar")));
        var secret = Totp.NewSecret();
        Assert.Equal(secret, Totp.FromBase32(Totp.Base32(secret)));
        var uri = new Uri(Totp.Uri(secret, "ada@example.com"));
        Assert.Equal("otpauth", uri.Scheme);
        Assert.Contains($"secret={Totp.Base32(secret)}", uri.Query);
        Assert.Contains("period=30", uri.Query);
        Assert.Contains("digits=6", uri.Query);
    }
}
