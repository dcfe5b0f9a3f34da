// Every call here is bounded by the HttpClient timeout.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Claims;

/// <summary>
/// Payer contracts, reference schedules, the tolerance setting and the underpayment queue refuse bad input with a 400 naming the
/// field (a CSV's line and column) and store nothing; another practice's contract or schedule is a 404 (ARCHITECTURE §4).
/// </summary>
public sealed class Contracts_bad_input_and_tenancy(PlatformFixture platform)
{
    static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task A_contract_csv_with_errors_names_each_line_and_column_and_stores_nothing()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var body = await ProblemAsync(await client.PostAsync("/api/claims/contracts/ACME01/csv", Csv(
            "code,modifiers,allowed,effectiveFrom,effectiveTo\n99213,,100.00,2026-01-01,\n99214,,12x,2026-01-01,\n93000,26,20.00,2026-02-30,\n9,,1.00,2026-01-01,2025-01-01\n99213,,101.00,2026-01-01,\n")));
        Assert.Contains("line 3, column 3 (allowed)", body);
        Assert.Contains("line 4, column 4 (effectiveFrom)", body);
        Assert.Contains("line 5, column 1 (code)", body);
        Assert.Contains("line 5, column 5 (effectiveTo)", body);
        Assert.Contains("line 6", body); // the same code, modifiers and effectiveFrom as line 2
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/claims/contracts/ACME01")).StatusCode);

        Assert.Contains("line 1, column 2", await ProblemAsync(await client.PostAsync("/api/claims/contracts/ACME01/csv", Csv("code,price,effectiveFrom\n99213,1,2026-01-01\n"))));
        Assert.Contains("line 2", await ProblemAsync(await client.PostAsync("/api/claims/contracts/ACME01/csv", Csv("code,allowed,effectiveFrom\n99213,1\n"))));

        // Quoted fields, a $ sign and a Windows line end are what spreadsheets write.
        var saved = await client.PostAsync("/api/claims/contracts/ACME01/csv", Csv("Code,Modifiers,Allowed,Effective_From\r\n\"99213\",,\"$1,00\",2026-01-01\r\n"));
        Assert.Contains("line 2, column 3 (allowed)", await ProblemAsync(saved));
        var ok = await client.PostAsync("/api/claims/contracts/ACME01/csv", Csv("Code,Modifiers,Allowed,Effective_From\r\n\"99213\",,$100.00,2026-01-01\r\n72100,26 59,40.50,2026-01-01\r\n"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var lines = (await client.GetFromJsonAsync<JsonElement>("/api/claims/contracts/ACME01")).GetProperty("items").EnumerateArray().ToList();
        // Lines page by id (UUIDv7: two made in the same millisecond have no set order), so compare them by code.
        Assert.Equal([("72100", "26:59", 40.50m), ("99213", "", 100.00m)],
            lines.Select(l => (l.GetProperty("code").GetString(), string.Join(':', l.GetProperty("modifiers").EnumerateArray().Select(m => m.GetString())), l.GetProperty("allowed").GetDecimal()))
                .OrderBy(l => l.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_new_endpoint_answers_bad_input_with_a_400_naming_the_field()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        Assert.Contains("items[0].allowed", await ProblemAsync(await client.PutAsJsonAsync("/api/claims/contracts/ACME01",
            new { items = new[] { new { code = "99213", allowed = -1m, effectiveFrom = "2026-01-01" } } })));
        Assert.Contains("items[0].effectiveFrom", await ProblemAsync(await client.PutAsJsonAsync("/api/claims/contracts/ACME01",
            new { items = new[] { new { code = "99213", allowed = 1m } } })));
        Assert.Contains("items[0].modifiers[0]", await ProblemAsync(await client.PutAsJsonAsync("/api/claims/contracts/ACME01",
            new { items = new[] { new { code = "99213", modifiers = new[] { "2" }, allowed = 1m, effectiveFrom = "2026-01-01" } } })));
        Assert.Contains("items[0].code", await ProblemAsync(await client.PutAsJsonAsync("/api/claims/contracts/ACME01",
            new { items = new[] { new { allowed = 1m, effectiveFrom = "2026-01-01" } } })));
        Assert.Contains("referenceSchedule", await ProblemAsync(await client.PutAsJsonAsync("/api/claims/contracts/ACME01", new { referenceSchedule = "medicare-2026", percent = 110m })));
        Assert.Contains("percent", await ProblemAsync(await client.PutAsJsonAsync("/api/claims/contracts/ACME01", new { referenceSchedule = "medicare-2026", percent = 0m })));
        Assert.Contains("items", await ProblemAsync(await client.PutAsJsonAsync("/api/claims/contracts/ACME01", new { items = Array.Empty<object>() })));
        Assert.Contains("effectiveFrom", await ProblemAsync(await client.PutAsJsonAsync("/api/claims/contracts/ACME01",
            new { items = new[] { new { code = "99213", allowed = 1m, effectiveFrom = "2026-13-01" } } })));

        Assert.Contains("items[0].amount", await ProblemAsync(await client.PutAsJsonAsync("/api/claims/reference-schedules/medicare-2026",
            new { items = new[] { new { code = "99213", effectiveFrom = "2026-01-01" } } })));
        Assert.Contains("name", await ProblemAsync(await client.PutAsJsonAsync("/api/claims/reference-schedules/bad%20name",
            new { items = new[] { new { code = "99213", amount = 1m, effectiveFrom = "2026-01-01" } } })));
        Assert.Contains("underpaymentTolerance", await ProblemAsync(await client.PutAsJsonAsync("/api/claims/settings", new { underpaymentTolerance = -1m })));
        Assert.Contains("sort", await ProblemAsync(await client.GetAsync("/api/claims/underpayments?sort=charge")));
        Assert.Contains("cursor", await ProblemAsync(await client.GetAsync("/api/claims/underpayments?cursor=not-a-cursor")));
        Assert.Contains("status", await ProblemAsync(await client.GetAsync("/api/claims/underpayments?status=closed")));
        Assert.Contains("to", await ProblemAsync(await client.GetAsync("/api/claims/underpayments/summary?from=2026-02-01&to=2026-01-01")));
        Assert.Contains("from", await ProblemAsync(await client.GetAsync("/api/claims/underpayments?from=yesterday")));

        // Nothing of it was stored, and the tolerance is still the default.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/claims/contracts/ACME01")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/claims/reference-schedules/medicare-2026")).StatusCode);
        Assert.Equal(1.00m, (await client.GetFromJsonAsync<JsonElement>("/api/claims/settings")).GetProperty("underpaymentTolerance").GetDecimal());
    }

    [Fact]
    public async Task Another_practices_contract_reference_schedule_and_underpayment_are_not_found()
    {
        var owner = await platform.NewTenantAsync();
        var stranger = await platform.NewTenantAsync();
        using var ownerClient = platform.Client(owner.ApiKey);
        using var strangerClient = platform.Client(stranger.ApiKey);
        (await ownerClient.PutAsJsonAsync("/api/claims/reference-schedules/medicare-2026",
            new { items = new[] { new { code = "99213", amount = 72.47m, effectiveFrom = "2026-01-01" } } })).EnsureSuccessStatusCode();
        (await ownerClient.PutAsJsonAsync("/api/claims/contracts/ACME01", new { referenceSchedule = "medicare-2026", percent = 110m })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync("/api/claims/contracts/ACME01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync("/api/claims/reference-schedules/medicare-2026")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync("/api/claims/contracts/ACME01")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync("/api/claims/reference-schedules/medicare-2026")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync($"/api/claims/underpayments/{Guid.CreateVersion7()}")).StatusCode);
        // The stranger's own contract cannot use the owner's schedule either.
        Assert.Contains("referenceSchedule", await ProblemAsync(await strangerClient.PutAsJsonAsync("/api/claims/contracts/ACME01", new { referenceSchedule = "medicare-2026", percent = 110m })));
    }
}
