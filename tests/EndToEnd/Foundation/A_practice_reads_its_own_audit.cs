using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// HIPAA §164.528 (accounting of disclosures) and §164.312(b) (audit controls), read by the practice itself: <c>GET /api/audit</c> answers a
/// practice admin who saw one of its patients — only its own records, never another practice's, and only to the admin role.
/// </summary>
public sealed class A_practice_reads_its_own_audit(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_admin_reads_who_saw_a_patient_newest_first_and_never_another_practices_requests()
    {
        var practice = await platform.NewTenantAsync("Own audit");
        var other = await platform.NewTenantAsync("Other audit");
        using var operatorAdmin = platform.Admin();
        var biller = await (await operatorAdmin.PostAsJsonAsync($"/api/admin/tenants/{practice.TenantId}/api-keys",
            new { name = "front office", roles = new[] { "biller" } }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var admin = platform.Client(practice.ApiKey);
        using var billerClient = platform.Client(biller.GetProperty("apiKey").GetString());
        using var otherAdmin = platform.Client(other.ApiKey);
        var ada = await Register(admin, "Ada");
        var grace = await Register(otherAdmin, "Grace");
        Assert.Equal(HttpStatusCode.OK, (await billerClient.GetAsync($"/api/patients/{ada}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await otherAdmin.GetAsync($"/api/patients/{grace}", Ct)).StatusCode);

        var rows = await Eventually.Get(async () =>
        {
            var page = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?patientId={ada}", Ct);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            return items.Any(i => i.GetProperty("method").GetString() == "GET") ? items : null;
        }, TimeSpan.FromSeconds(20), "the biller's read of Ada in the practice's audit");
        var read = rows.First(i => i.GetProperty("method").GetString() == "GET");
        Assert.Equal($"/api/patients/{ada}", read.GetProperty("path").GetString());
        Assert.Equal(biller.GetProperty("id").GetGuid(), read.GetProperty("keyId").GetGuid());
        Assert.Equal("front office", read.GetProperty("keyName").GetString());
        Assert.Equal(200, read.GetProperty("status").GetInt32());
        // Newest first.
        var times = rows.Select(i => i.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        // Another practice's patient, and everything else of the other practice, is not in this practice's audit.
        var others = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?patientId={grace}", Ct);
        Assert.Equal(0, others.GetProperty("items").GetArrayLength());
        var everything = await admin.GetFromJsonAsync<JsonElement>("/api/audit?limit=500", Ct);
        Assert.DoesNotContain(everything.GetProperty("items").EnumerateArray(), i => i.GetProperty("path").GetString()!.Contains(grace.ToString()));

        // Paged by cursor, one at a time, with no row twice.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/patients/{ada}", Ct)).StatusCode);
        await Eventually.True(async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/audit?patientId={ada}", Ct)).GetProperty("items").GetArrayLength() >= 2,
            TimeSpan.FromSeconds(20), "two requests that disclosed Ada");
        var first = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?patientId={ada}&limit=1", Ct);
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?patientId={ada}&limit=1&cursor={cursor}", Ct);
        Assert.NotEqual(first.GetProperty("items")[0].GetProperty("id").GetInt64(), second.GetProperty("items")[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Only_the_admin_role_reads_it_and_bad_filters_are_problems_naming_the_field()
    {
        var practice = await platform.NewTenantAsync("Audit roles");
        using var operatorAdmin = platform.Admin();
        var biller = await (await operatorAdmin.PostAsJsonAsync($"/api/admin/tenants/{practice.TenantId}/api-keys",
            new { name = "biller", roles = new[] { "biller" } }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var billerClient = platform.Client(biller.GetProperty("apiKey").GetString());
        using var admin = platform.Client(practice.ApiKey);
        using var anonymous = platform.Client();

        Assert.Equal(HttpStatusCode.Forbidden, (await billerClient.GetAsync("/api/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audit", Ct)).StatusCode);
        foreach (var (query, field) in new[] { ("patientId=ada", "patientId"), ("from=yesterday", "from"), ("from=2026-02-02&to=2026-02-01", "to"),
                     ("cursor=abc", "cursor"), ("sort=path", "sort") })
        {
            var response = await admin.GetAsync($"/api/audit?{query}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field, await response.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/audit?from=2026-01-01&to=2026-01-01&sort=at", Ct)).StatusCode);
    }

    static async Task<Guid> Register(HttpClient client, string first)
    {
        var response = await client.PostAsJsonAsync("/api/patients", Builders.Patient(firstName: first), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }
}
