using System.Security.Cryptography;
using System.Text;
using RevenueCycle.Integrations.Delivery;

namespace RevenueCycle.Integrations.Tests;

public sealed class Signing_a_delivery
{
    const string Body = """{"id":"0193a0b0-0000-7000-8000-000000000001","type":"claim.paid"}""";
    static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);

    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_the_timestamp_a_dot_and_the_raw_body()
    {
        var header = Signature.Sign(1_796_000_000, Body, ["whsec_one"]);

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData("whsec_one"u8.ToArray(), Encoding.UTF8.GetBytes("1796000000." + Body)));
        Assert.Equal($"t=1796000000,v1={expected}", header);
    }

    [Fact]
    public void After_a_rotation_either_secret_verifies_and_a_third_does_not()
    {
        var header = Signature.Sign(Now.ToUnixTimeSeconds(), Body, ["whsec_new", "whsec_old"]);

        Assert.True(Signature.Verify(header, Body, "whsec_new", Now, TimeSpan.FromMinutes(5)));
        Assert.True(Signature.Verify(header, Body, "whsec_old", Now, TimeSpan.FromMinutes(5)));
        Assert.False(Signature.Verify(header, Body, "whsec_other", Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_changed_body_or_an_old_timestamp_does_not_verify()
    {
        var header = Signature.Sign(Now.ToUnixTimeSeconds(), Body, ["whsec_one"]);

        Assert.False(Signature.Verify(header, Body.Replace("paid", "denied"), "whsec_one", Now, TimeSpan.FromMinutes(5)));
        Assert.False(Signature.Verify(header, Body, "whsec_one", Now.AddMinutes(6), TimeSpan.FromMinutes(5)));
    }
}
