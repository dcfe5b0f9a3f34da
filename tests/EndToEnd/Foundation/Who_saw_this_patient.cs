using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Dapper;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// HIPAA §164.312(b) (audit controls) and §164.528 (accounting of disclosures): for one patient, every request that disclosed their
/// data, by key. A search or work-queue read used to record only its path.
/// </summary>
public sealed class Who_saw_this_patient(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_audit_lists_every_request_that_disclosed_a_patient_by_key_and_no_other()
    {
        var tenant = await platform.NewTenantAsync("Disclosures");
        using var admin = platform.Admin();
        var reader = await (await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant.TenantId}/api-keys", new { name = "portal", roles = new[] { "read-only" } }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var pm = platform.Client(tenant.ApiKey);
        using var portal = platform.Client(reader.GetProperty("apiKey").GetString());
        var ada = await Register(pm, "Ada", "Lovelace");
        var grace = await Register(pm, "Grace", "Hopper");

        var read = await pm.GetAsync($"/api/patients/{ada}", Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        // The services' header is the gateway's business: the client never sees it.
        Assert.False(read.Headers.Contains("X-Disclosed-Patients"));
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/api/patients?name=lovelace", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync($"/api/patients/{grace}", Ct)).StatusCode);

        var rows = await Eventually.Get(async () =>
        {
            var page = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?tenantId={tenant.TenantId}&patientId={ada}", Ct);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            return items.Count(i => i.GetProperty("method").GetString() == "GET") >= 2 ? items : null;
        }, TimeSpan.FromSeconds(20), "the reads of Ada's record in the audit");
        var reads = rows.Where(i => i.GetProperty("method").GetString() == "GET").ToList();
        Assert.Equal([$"/api/patients/{ada}", "/api/patients"], reads.Select(i => i.GetProperty("path").GetString()));
        Assert.Equal([tenant.ApiKeyId, reader.GetProperty("id").GetGuid()], reads.Select(i => i.GetProperty("keyId").GetGuid()));
        Assert.All(rows, i => Assert.Contains(ada, i.GetProperty("patientIds").EnumerateArray().Select(p => p.GetGuid())));
        Assert.DoesNotContain(rows, i => i.GetProperty("path").GetString() == $"/api/patients/{grace}");
    }

    [Fact]
    public async Task A_patient_without_a_practice_or_a_patient_id_that_is_no_uuid_is_a_problem_naming_it()
    {
        using var admin = platform.Admin();
        var withoutTenant = await admin.GetAsync($"/api/admin/audit?patientId={Guid.NewGuid()}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, withoutTenant.StatusCode);
        Assert.Contains("tenantId", await withoutTenant.Content.ReadAsStringAsync(Ct));
        var notAnId = await admin.GetAsync($"/api/admin/audit?tenantId={Guid.NewGuid()}&patientId=ada", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notAnId.StatusCode);
        Assert.Contains("patientId", await notAnId.Content.ReadAsStringAsync(Ct));
    }

    // Kestrel answers these itself, before any middleware: 414 for a request line over MaxRequestLineSize (8 KB), 431 for headers
    // over MaxRequestHeadersTotalSize (32 KB). HIPAA §164.312(b): attempts are recorded too, by client address (no key was read).
    [Fact]
    public async Task Requests_the_server_refuses_before_reading_them_are_audited_with_the_client_address()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var marker = Guid.NewGuid().ToString("N");
        var longLine = await RawAsync($"GET /api/patients?{marker}={new string('a', 10_000)} HTTP/1.1\r\nHost: gateway\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 414", longLine);
        var bigHeaders = await RawAsync($"GET /api/patients HTTP/1.1\r\nHost: gateway\r\nX-Filler: {new string('b', 40_000)}\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 431", bigHeaders);
        var malformed = await RawAsync("GET /api/patients HTTP/1.1\r\nHost: gateway\r\nNo colon here\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400", malformed);

        await using var db = platform.Database("gateway");
        await using var connection = await db.OpenConnectionAsync(Ct);
        var refused = await Eventually.Get(async () =>
        {
            var rows = (await connection.QueryAsync<(int Status, Guid? KeyId, string? ClientIp, string? Refusal)>(
                "SELECT status, key_id, client_ip, refusal FROM audit_log WHERE refusal IS NOT NULL AND at >= @Since ORDER BY id",
                new { Since = since.UtcDateTime })).ToList();
            return new[] { 414, 431, 400 }.All(s => rows.Any(r => r.Status == s)) ? rows : null;
        }, TimeSpan.FromSeconds(20), "the refused requests in the audit");
        Assert.All(refused, r =>
        {
            Assert.Null(r.KeyId);
            Assert.Equal("127.0.0.1", r.ClientIp);
            Assert.False(string.IsNullOrWhiteSpace(r.Refusal));
        });
        // Still serving.
        using var anonymous = platform.Client();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready", Ct)).StatusCode);
    }

    async Task<string> RawAsync(string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", platform.Gateway.Port, Ct);
        var stream = socket.GetStream();
        var bytes = Encoding.ASCII.GetBytes(request);
        try { await stream.WriteAsync(bytes, Ct); }
        catch (IOException) { /* the server may answer and close before it has read everything */ }
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, Ct)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, n));
                if (answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal)) break;
            }
        }
        catch (IOException) { }
        return answer.ToString();
    }

    static async Task<Guid> Register(HttpClient client, string first, string last)
    {
        var response = await client.PostAsJsonAsync("/api/patients", Builders.Patient(firstName: first, lastName: last), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }
}
