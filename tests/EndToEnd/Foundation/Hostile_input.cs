using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RevenueCycle.EndToEnd.Payments;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// The classes of hostile input that answered 500 when the platform was probed (issue 16): each is a 4xx problem that names the field,
/// and changes nothing.
/// </summary>
public sealed class Hostile_input(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpMethod method, string url, string json)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_NUL_in_a_JSON_string_is_a_400_naming_the_field_and_nothing_is_registered()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var (status, body) = await SendAsync(client, HttpMethod.Post, "/api/patients",
            """{"mrn":"MRN-NUL","firstName":"Ada\u0000","lastName":"Lovelace","dateOfBirth":"1980-12-10","sex":"F","address":{"line1":"1 Main St","city":"Springfield","state":"IL","zip":"627011234"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("firstName", body);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/patients", Ct)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_NUL_in_a_query_parameter_is_a_400_naming_it()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        using var value = await client.GetAsync("/api/patients?name=A%00", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, value.StatusCode);
        Assert.Contains("\"name\"", await value.Content.ReadAsStringAsync(Ct));
        using var key = await client.GetAsync("/api/claims?%00=1", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, key.StatusCode);
    }

    [Fact]
    public async Task A_null_element_in_a_list_is_a_400_naming_the_list()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        foreach (var (method, url, json, field) in new[]
        {
            (HttpMethod.Put, "/api/claims/fee-schedule", """{"items":[null]}""", "items"),
            (HttpMethod.Put, "/api/claims/payer-rules/ACME01", """{"unitLimits":[null]}""", "unitLimits"),
            (HttpMethod.Put, "/api/claims/payer-rules/ACME01", """{"priorAuthorizationRequired":[null]}""", "priorAuthorizationRequired"),
        })
        {
            var (status, body) = await SendAsync(client, method, url, json);
            Assert.True(status == HttpStatusCode.BadRequest, $"{method} {url} {json}: {(int)status} {body}");
            Assert.Contains(field, body);
        }
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/claims/fee-schedule", Ct)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_number_too_large_to_store_is_a_4xx_and_identical_parallel_puts_all_succeed()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var (status, body) = await SendAsync(client, HttpMethod.Put, "/api/claims/payer-rules/ACME01", """{"unitLimits":[{"procedureCode":"99213","maxUnits":1e9}]}""");
        Assert.True((int)status is >= 400 and < 500, $"{(int)status} {body}");

        var puts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(client, HttpMethod.Put, "/api/claims/payer-rules/ACME01",
            """{"priorAuthorizationRequired":["72100"],"unitLimits":[{"procedureCode":"99213","maxUnits":2}]}""")));
        Assert.All(puts, p => Assert.True(p.Status == HttpStatusCode.OK, $"{(int)p.Status} {p.Body}"));
        var rules = await client.GetFromJsonAsync<JsonElement>("/api/claims/payer-rules/ACME01", Ct);
        Assert.Equal(["72100"], rules.GetProperty("priorAuthorizationRequired").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task An_835_with_a_NUL_byte_is_refused_naming_where_and_posts_nothing()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var x12 = Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn,
            [new Clp(pcn, 1, 100m, 70m, [new Svc("99213", 100m, 70m, [new Cas("CO", "45", 30m)])])], payerName: "ACME\0HEALTH");
        var response = await payments.PostAsync(x12);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode} {body}");
        Assert.Empty(await payments.RemittancesAsync());
    }

    /// <summary>A raw HTTP/1.1 exchange with the gateway: what HttpClient would refuse to send.</summary>
    async Task<string> RawAsync(string requestHead)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(platform.Gateway.Host, platform.Gateway.Port, Ct);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(requestHead), Ct);
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, Ct);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    [Fact]
    public async Task CONNECT_is_405_and_a_non_ASCII_correlation_id_is_replaced_not_a_500()
    {
        var connect = await RawAsync($"CONNECT {platform.Gateway.Host}:{platform.Gateway.Port} HTTP/1.1\r\nHost: {platform.Gateway.Authority}\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 405", connect);

        var tenant = await platform.NewTenantAsync();
        var correlated = await RawAsync($"GET /api/patients HTTP/1.1\r\nHost: {platform.Gateway.Authority}\r\nAuthorization: Bearer {tenant.ApiKey}\r\n" +
            "X-Correlation-Id: café-ünïcode\r\nConnection: close\r\n\r\n");
        Assert.False(correlated.StartsWith("HTTP/1.1 5", StringComparison.Ordinal), correlated);
    }
}
