using System.Net;
using Microsoft.Extensions.Options;
using RevenueCycle.Integrations.Subscriptions;

namespace RevenueCycle.Integrations.Tests;

public sealed class Guarding_webhook_addresses
{
    static UrlGuard Guard(bool loopback = false, bool privateNetworks = false, bool http = false) =>
        new(Options.Create(new IntegrationsOptions { AllowLoopback = loopback, AllowPrivateNetworks = privateNetworks, AllowHttp = http }));

    static Task<string?> Refuse(string url, UrlGuard? guard = null) => (guard ?? Guard()).RefuseAsync(url, CancellationToken.None);

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("https://224.0.0.1/hook")]
    [InlineData("https://255.255.255.255/hook")]
    public async Task Link_local_metadata_and_non_unicast_addresses_are_refused_whatever_the_operator_allows(string url) =>
        Assert.NotNull(await Refuse(url, Guard(loopback: true, privateNetworks: true, http: true)));

    [Theory]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.16.0.9/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://100.64.0.1/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    public async Task Private_networks_are_refused_unless_the_operator_allows_them(string url)
    {
        Assert.Contains("private", await Refuse(url));
        Assert.Null(await Refuse(url, Guard(privateNetworks: true)));
    }

    [Fact]
    public async Task Loopback_is_refused_unless_allowed_and_then_takes_plain_http()
    {
        Assert.Contains("loopback", await Refuse("http://127.0.0.1:9000/hook"));
        Assert.Null(await Refuse("http://127.0.0.1:9000/hook", Guard(loopback: true)));
        Assert.Null(await Refuse("http://[::1]:9000/hook", Guard(loopback: true)));
    }

    [Fact]
    public async Task A_public_address_needs_https_unless_the_operator_allows_http()
    {
        Assert.Null(await Refuse("https://93.184.215.14/hook"));
        Assert.Contains("https", await Refuse("http://93.184.215.14/hook"));
        Assert.Null(await Refuse("http://93.184.215.14/hook", Guard(http: true)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("ftp://93.184.215.14/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://user:pass@93.184.215.14/hook")]
    [InlineData("/relative/hook")]
    public async Task What_is_not_an_absolute_https_url_without_credentials_is_refused(string url) =>
        Assert.NotNull(await Refuse(url));

    [Fact]
    public void Addresses_are_classified_by_their_ranges()
    {
        Assert.Equal(UrlGuard.AddressKind.LinkLocal, UrlGuard.Classify(IPAddress.Parse("169.254.169.254")));
        Assert.Equal(UrlGuard.AddressKind.Private, UrlGuard.Classify(IPAddress.Parse("172.31.255.255")));
        Assert.Equal(UrlGuard.AddressKind.Public, UrlGuard.Classify(IPAddress.Parse("172.32.0.1")));
        Assert.Equal(UrlGuard.AddressKind.Public, UrlGuard.Classify(IPAddress.Parse("2606:4700::1111")));
    }
}
