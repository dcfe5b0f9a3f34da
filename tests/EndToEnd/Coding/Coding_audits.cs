using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Coding.CodingDesk;
using static RevenueCycle.EndToEnd.Coding.Working_the_coding_queue;

namespace RevenueCycle.EndToEnd.Coding;

/// <summary>An auditor samples coded encounters, records findings, and reads accuracy, error kinds and per-coder figures.</summary>
public sealed class Coding_audits(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static object Period(int sample, string? seed = null) => new
    {
        from = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), to = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd"), sample, seed,
    };

    [Fact]
    public async Task An_audit_samples_reproducibly_and_reports_accuracy_error_kinds_and_coders()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        using var admin = platform.Admin();
        var coderKey = await Json(await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant.TenantId}/api-keys", new { name = "coder 2", roles = new[] { "coder" } }, Ct), HttpStatusCode.Created);
        using var coderClient = platform.Client(coderKey.GetProperty("apiKey").GetString());
        var coder2 = coderKey.GetProperty("id").GetGuid().ToString();
        var coder1 = tenant.ApiKeyId.ToString();

        var (desk, frontDesk, agreed, patient, provider) = await WithCompletedEncounterAsync(client, note: "T2DM and HTN follow-up.");
        var corrected = await desk.CompleteEncounterAsync(frontDesk, patient, provider, "HTN primary today, T2DM stable, hyperlipidemia.");
        var byCoder2 = await desk.CompleteEncounterAsync(frontDesk, patient, provider, "Follow-up with two punch biopsies.");
        await desk.CodeAsync(agreed, ["E11.9", "I10"], Line("99214", 1, [1, 2]));
        await desk.CodeAsync(corrected, ["E11.9", "I10"], Line("99214", 1, [1, 2]));
        await new CodingDesk(coderClient).CodeAsync(byCoder2, ["E11.9", "I10"], Line("99214", 1, [1, 2]), Line("11104", 1, [1]));

        var first = await Json(await client.PostAsJsonAsync("/api/coding/audits", Period(2, "quarter-3"), Ct), HttpStatusCode.Created);
        var again = await Json(await client.PostAsJsonAsync("/api/coding/audits", Period(2, "quarter-3"), Ct), HttpStatusCode.Created);
        Assert.Equal(2, first.GetProperty("sampled").GetInt32());
        Assert.Equal(Ids(first), Ids(again));
        Assert.NotEqual(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());

        var audit = await Json(await client.PostAsJsonAsync("/api/coding/audits", Period(10), Ct), HttpStatusCode.Created);
        Assert.Equal(3, audit.GetProperty("sampled").GetInt32());
        var id = audit.GetProperty("id").GetGuid();
        var sample = await client.GetFromJsonAsync<JsonElement>($"/api/coding/audits/{id}", Ct);
        var listed = sample.GetProperty("encounters").EnumerateArray().Single(e => e.GetProperty("encounterId").GetGuid() == corrected);
        Assert.Equal("HTN primary today, T2DM stable, hyperlipidemia.", listed.GetProperty("note").GetString());
        Assert.Equal(["E11.9", "I10"], listed.GetProperty("diagnoses").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(coder1, listed.GetProperty("codedBy").GetString());

        await Json(await client.PutAsJsonAsync($"/api/coding/audits/{id}/encounters/{agreed}", new { verdict = "agrees" }, Ct), HttpStatusCode.OK);
        var finding = await Json(await client.PutAsJsonAsync($"/api/coding/audits/{id}/encounters/{corrected}", new
        {
            verdict = "corrected", diagnoses = new[] { "I10", "E11.9", "e785" }, procedures = new[] { Line("99213", 1, [1, 2]) },
            reason = "The note makes hypertension the reason for the visit; documented MDM supports a low-complexity visit.",
        }, Ct), HttpStatusCode.OK);
        Assert.Equal(["wrong-principal", "missing-diagnosis", "wrong-procedure"], finding.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        await Json(await client.PutAsJsonAsync($"/api/coding/audits/{id}/encounters/{byCoder2}", new
        {
            verdict = "corrected", procedures = new[] { Line("99214", 1, [1, 2], "25"), Line("11104", 2, [1]) },
            reason = "Two lesions biopsied; separately identifiable E/M documented.",
        }, Ct), HttpStatusCode.OK);

        var report = (await client.GetFromJsonAsync<JsonElement>($"/api/coding/audits/{id}", Ct)).GetProperty("report");
        Assert.Equal(3, report.GetProperty("audited").GetInt32());
        Assert.Equal(1, report.GetProperty("encountersRight").GetInt32());
        Assert.Equal(0.3333m, report.GetProperty("encounterAccuracy").GetDecimal());
        Assert.Equal(10, report.GetProperty("codesReviewed").GetInt32());
        Assert.Equal(7, report.GetProperty("codesRight").GetInt32());
        Assert.Equal(0.7m, report.GetProperty("codeAccuracy").GetDecimal());
        var kinds = report.GetProperty("errorKinds");
        Assert.Equal(1, kinds.GetProperty("wrong-principal").GetInt32());
        Assert.Equal(1, kinds.GetProperty("missing-diagnosis").GetInt32());
        Assert.Equal(0, kinds.GetProperty("extra-diagnosis").GetInt32());
        Assert.Equal(1, kinds.GetProperty("wrong-procedure").GetInt32());
        Assert.Equal(1, kinds.GetProperty("missing-modifier").GetInt32());
        Assert.Equal(1, kinds.GetProperty("wrong-units").GetInt32());
        var coders = report.GetProperty("coders").EnumerateArray().ToDictionary(c => c.GetProperty("codedBy").GetString()!);
        Assert.Equal(2, coders[coder1].GetProperty("encounters").GetInt32());
        Assert.Equal(0.5m, coders[coder1].GetProperty("encounterAccuracy").GetDecimal());
        Assert.Equal(5, coders[coder1].GetProperty("codesRight").GetInt32());
        Assert.Equal(0m, coders[coder2].GetProperty("encounterAccuracy").GetDecimal());
        Assert.Equal(0.5m, coders[coder2].GetProperty("codeAccuracy").GetDecimal());
    }

    [Fact]
    public async Task Bad_audit_requests_answer_400_naming_the_field_and_another_practice_gets_404()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var (desk, _, encounter, _, _) = await WithCompletedEncounterAsync(client);
        await desk.CodeAsync(encounter, ["I10"], Line("99213"));

        await AssertNames(await client.PostAsJsonAsync("/api/coding/audits", new { to = "2025-01-01", sample = 0 }, Ct), "from", "sample");
        await AssertNames(await client.PostAsJsonAsync("/api/coding/audits", new { from = "2025-02-01", to = "2025-01-01", sample = 5 }, Ct), "to");
        var audit = await Json(await client.PostAsJsonAsync("/api/coding/audits", Period(5), Ct), HttpStatusCode.Created);
        var id = audit.GetProperty("id").GetGuid();
        await AssertNames(await client.PutAsJsonAsync($"/api/coding/audits/{id}/encounters/{encounter}", new { verdict = "maybe" }, Ct), "verdict");
        await AssertNames(await client.PutAsJsonAsync($"/api/coding/audits/{id}/encounters/{encounter}",
            new { verdict = "corrected", diagnoses = new[] { "1I0" }, reason = "typo" }, Ct), "diagnoses[0]");
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.PutAsJsonAsync($"/api/coding/audits/{id}/encounters/{Guid.CreateVersion7()}", new { verdict = "agrees" }, Ct)).StatusCode);

        var other = await platform.NewTenantAsync();
        using var stranger = platform.Client(other.ApiKey);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/coding/audits/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await stranger.PutAsJsonAsync($"/api/coding/audits/{id}/encounters/{encounter}", new { verdict = "agrees" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await stranger.PostAsJsonAsync("/api/coding/audits", Period(5), Ct)).StatusCode);
    }

    static List<Guid> Ids(JsonElement created) => created.GetProperty("encounterIds").EnumerateArray().Select(e => e.GetGuid()).ToList();
}
