using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Coding.Working_the_coding_queue;

namespace RevenueCycle.EndToEnd.Coding;

/// <summary>Looking codes up, searching them, suggesting them from a note, and importing the official CMS files.</summary>
public sealed class Code_sets_and_suggestions(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_code_lookup_shows_billable_effective_dates_and_patient_limits()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);

        var header = await client.GetFromJsonAsync<JsonElement>("/api/coding/code-sets/icd10cm/E11", Ct);
        Assert.False(header.GetProperty("billable").GetBoolean());
        var billable = await client.GetFromJsonAsync<JsonElement>("/api/coding/code-sets/icd10cm/e119", Ct);
        Assert.Equal("E11.9", billable.GetProperty("code").GetString());
        Assert.True(billable.GetProperty("billable").GetBoolean());
        Assert.Equal("2015-10-01", billable.GetProperty("effectiveFrom").GetString());
        var delivery = await client.GetFromJsonAsync<JsonElement>("/api/coding/code-sets/icd10cm/O80", Ct);
        Assert.Equal("F", delivery.GetProperty("sex").GetString());
        Assert.Equal(12, delivery.GetProperty("ageMin").GetInt32());
        var preventive = await client.GetFromJsonAsync<JsonElement>("/api/coding/code-sets/cpt/99396", Ct);
        Assert.Equal(40, preventive.GetProperty("ageMin").GetInt32());
        Assert.Equal(64, preventive.GetProperty("ageMax").GetInt32());
        var office = await client.GetFromJsonAsync<JsonElement>("/api/coding/code-sets/pos/11", Ct);
        Assert.True(office.GetProperty("billable").GetBoolean());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/coding/code-sets/icd10cm/U99.9", Ct)).StatusCode);
        await AssertNames(await client.GetAsync("/api/coding/code-sets/snomed/E11.9", Ct), "system");
        await AssertNames(await client.GetAsync("/api/coding/code-sets/cpt/99213-25", Ct), "code");
    }

    [Fact]
    public async Task A_search_finds_codes_by_prefix_or_words_with_billable_codes_first()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);

        var byPrefix = await client.GetFromJsonAsync<JsonElement>("/api/coding/code-sets/icd10cm?q=E11&limit=200", Ct);
        var codes = byPrefix.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(codes, c => c.GetProperty("code").GetString() == "E11.9");
        Assert.All(codes, c => Assert.StartsWith("E11", c.GetProperty("code").GetString()));
        var billable = codes.Select(c => c.GetProperty("billable").GetBoolean()).ToList();
        Assert.Equal(billable.OrderByDescending(b => b), billable);
        Assert.False(billable[^1]);

        var byWords = await client.GetFromJsonAsync<JsonElement>("/api/coding/code-sets/icd10cm?q=essential%20hypert", Ct);
        Assert.Equal("I10", byWords.GetProperty("items")[0].GetProperty("code").GetString());

        var page = await client.GetFromJsonAsync<JsonElement>("/api/coding/code-sets/cpt?q=office&limit=2", Ct);
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        var next = await client.GetFromJsonAsync<JsonElement>($"/api/coding/code-sets/cpt?q=office&limit=2&cursor={page.GetProperty("nextCursor").GetString()}", Ct);
        Assert.NotEqual(page.GetProperty("items")[0].GetProperty("code").GetString(), next.GetProperty("items")[0].GetProperty("code").GetString());

        await AssertNames(await client.GetAsync("/api/coding/code-sets/icd10cm", Ct), "q");
    }

    [Fact]
    public async Task Suggestions_from_a_note_rank_codes_with_their_evidence_and_respect_negation()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);

        var response = await client.PostAsJsonAsync("/api/coding/suggestions",
            new { text = "58 yo with T2DM and HTN, here for follow-up. Denies chest pain. No fever." }, Ct);
        var body = await CodingDesk.Json(response, HttpStatusCode.OK);
        var items = body.GetProperty("items").EnumerateArray().ToList();
        var codes = items.Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Contains("E11.9", codes);
        Assert.Contains("I10", codes);
        Assert.DoesNotContain(codes, c => c!.StartsWith("R07") || c.StartsWith("R50"));
        var diabetes = items.First(i => i.GetProperty("code").GetString() == "E11.9");
        Assert.Equal("icd10cm", diabetes.GetProperty("system").GetString());
        Assert.Contains(diabetes.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.Contains("T2DM", StringComparison.OrdinalIgnoreCase));
        Assert.InRange(diabetes.GetProperty("score").GetDouble(), 0, 1);

        await AssertNames(await client.PostAsJsonAsync("/api/coding/suggestions", new { text = "  " }, Ct), "text");
        await AssertNames(await client.PostAsync("/api/coding/suggestions", new StringContent("{}", Encoding.UTF8, "application/json"), Ct), "text");
    }

    /// <summary>
    /// The import replaces a whole release, so the file is this platform's current ICD-10-CM codes (read from its
    /// database) with one code added, one description revised and one code left out: the report must say exactly that.
    /// </summary>
    [Fact]
    public async Task Importing_an_icd10cm_order_file_reports_what_it_added_changed_and_retired()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        using var operatorClient = platform.Admin();
        await using var db = platform.Database("coding");
        await using var connection = await db.OpenConnectionAsync(Ct);
        var current = (await connection.QueryAsync<(string Code, string Short, string Long, bool Billable)>(
            "SELECT code, short_description, long_description, billable FROM code_set WHERE system = 'icd10cm' AND effective_to IS NULL ORDER BY code")).ToList();
        var added = new[] { "U09.9", "Z91.A4", "U07.0" }.First(c => current.All(k => k.Code != c));
        const string retired = "V00.131S", revised = "I10";
        var truncatedShort = current.Count(c => c.Code != retired && c.Short.Length > 60);

        var file = new StringBuilder();
        var order = 0;
        foreach (var (code, shortText, longText, isBillable) in current.Where(c => c.Code != retired)
                     .Append((added, "Post COVID-19 condition, unspecified", "Post COVID-19 condition, unspecified", true)))
        {
            var description = code == revised ? longText + ", revised" : longText;
            var brief = code == revised ? description : shortText;
            file.Append($"{++order:D5} {code.Replace(".", ""),-7} {(isBillable ? 1 : 0)} {Cut(brief),-60} {description}\r\n");
        }

        var response = await operatorClient.PostAsync("/api/admin/code-sets/imports/icd10cm?effective=2015-10-01&source=icd10cm_order_e2e.txt",
            new StringContent(file.ToString(), Encoding.Latin1, "text/plain"), Ct);
        var report = await CodingDesk.Json(response, HttpStatusCode.OK);
        Assert.Equal(order, report.GetProperty("lines").GetInt64());
        Assert.Equal(1, report.GetProperty("added").GetInt32());
        Assert.Equal(1, report.GetProperty("retired").GetInt32());
        Assert.Equal(1 + truncatedShort, report.GetProperty("changed").GetInt32());

        var found = await client.GetFromJsonAsync<JsonElement>($"/api/coding/code-sets/icd10cm/{added}", Ct);
        Assert.Equal("icd10cm_order_e2e.txt", found.GetProperty("source").GetString());
        var gone = await client.GetFromJsonAsync<JsonElement>($"/api/coding/code-sets/icd10cm/{retired}", Ct);
        Assert.Equal("2015-09-30", gone.GetProperty("effectiveTo").GetString());
    }

    [Fact]
    public async Task An_import_file_with_a_broken_line_is_refused_with_its_line_number_and_nothing_is_imported()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        using var operatorClient = platform.Admin();
        var file =
            $"00001 {"Z9911",-7} 1 {"Dependence on respirator [ventilator] status",-60} Dependence on respirator [ventilator] status\r\n" +
            $"00002 {"Z9989",-7} 1 {"Dependence on other enabling machines and devices",-60} Dependence on other enabling machines and devices\r\n" +
            "0000X Z998    1 Broken\r\n";

        var response = await operatorClient.PostAsync("/api/admin/code-sets/imports/icd10cm?source=broken_order.txt",
            new StringContent(file, Encoding.Latin1, "text/plain"), Ct);
        var problem = await CodingDesk.Json(response, HttpStatusCode.BadRequest);
        Assert.Equal(3, problem.GetProperty("line").GetInt32());
        Assert.Contains("line 3", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/coding/code-sets/icd10cm/Z99.89", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/coding/code-sets/icd10cm/Z99.11", Ct)).StatusCode);
        var untouched = await client.GetFromJsonAsync<JsonElement>("/api/coding/code-sets/icd10cm/E11.9", Ct);
        Assert.False(untouched.TryGetProperty("effectiveTo", out _), "a refused file must retire nothing");

        await AssertNames(await operatorClient.PostAsync("/api/admin/code-sets/imports/icd9", new StringContent("x"), Ct), "kind");
        await AssertNames(await operatorClient.PostAsync("/api/admin/code-sets/imports/hcpcs?effective=01/01/2025", new StringContent("x"), Ct), "effective");
        // An order file is a whole release: loading one "partially" would silently retire everything else.
        await AssertNames(await operatorClient.PostAsync("/api/admin/code-sets/imports/icd10cm?complete=false", new StringContent(file, Encoding.Latin1, "text/plain"), Ct), "complete");
    }

    [Fact]
    public async Task Only_the_operator_imports_code_sets_not_a_practice()
    {
        var tenant = await platform.NewTenantAsync();
        using var admin = platform.Admin();
        var created = await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant.TenantId}/api-keys", new { name = "coder", roles = new[] { "coder" } }, Ct);
        var coderKey = (await CodingDesk.Json(created, HttpStatusCode.Created)).GetProperty("apiKey").GetString();
        using var coder = platform.Client(coderKey);

        var response = await coder.PostAsync("/api/coding/code-sets/imports/mue", new StringContent("anything"), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var practiceAdmin = platform.Client(tenant.ApiKey); // a practice's own admin key
        Assert.Equal(HttpStatusCode.Forbidden, (await practiceAdmin.PostAsync("/api/coding/code-sets/imports/mue", new StringContent("anything"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await practiceAdmin.PostAsync("/api/admin/code-sets/imports/mue", new StringContent("anything"), Ct)).StatusCode);
    }

    static string Cut(string text) => text.Length > 60 ? text[..60] : text;
}
