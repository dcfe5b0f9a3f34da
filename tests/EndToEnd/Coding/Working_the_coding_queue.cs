using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.Contracts.Coding;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Coding.CodingDesk;

namespace RevenueCycle.EndToEnd.Coding;

/// <summary>A coder works the queue through the gateway: Registration's EncounterCompleted in, EncounterCoded out.</summary>
public sealed class Working_the_coding_queue(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_completed_encounter_waits_on_the_worklist_oldest_first_with_its_note()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var (desk, frontDesk, first, patient, provider) = await WithCompletedEncounterAsync(client, note: "Cough for 3 days, no fever.");
        var second = await desk.CompleteEncounterAsync(frontDesk, patient, provider, "Annual physical.");

        var ready = await client.GetFromJsonAsync<JsonElement>("/api/coding/worklist?status=ready", Ct);
        var items = ready.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([first, second], items.Select(i => i.GetProperty("encounterId").GetGuid()));
        Assert.Equal("Cough for 3 days, no fever.", items[0].GetProperty("note").GetString());
        Assert.Equal("M", items[0].GetProperty("patientSex").GetString());
        Assert.Equal("1985-04-02", items[0].GetProperty("patientDateOfBirth").GetString());
        Assert.Equal("11", items[0].GetProperty("placeOfService").GetString());
        Assert.Equal("ready", items[0].GetProperty("status").GetString());

        var paged = await client.GetFromJsonAsync<JsonElement>("/api/coding/worklist?status=ready&limit=1", Ct);
        Assert.Single(paged.GetProperty("items").EnumerateArray());
        var cursor = paged.GetProperty("nextCursor").GetString();
        var next = await client.GetFromJsonAsync<JsonElement>($"/api/coding/worklist?status=ready&limit=1&cursor={cursor}", Ct);
        Assert.Equal(second, next.GetProperty("items")[0].GetProperty("encounterId").GetGuid());

        var encounter = await client.GetFromJsonAsync<JsonElement>($"/api/coding/encounters/{first}", Ct);
        Assert.Equal("Cough for 3 days, no fever.", encounter.GetProperty("note").GetString());
        Assert.Equal(0, encounter.GetProperty("diagnoses").GetArrayLength());
    }

    [Fact]
    public async Task Saving_codes_reports_every_kind_of_edit_by_its_rule_id_and_target()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var (desk, _, encounter, _, _) = await WithCompletedEncounterAsync(client, sex: "M", dateOfBirth: "1985-04-02");

        var edits = await desk.SaveEditsAsync(encounter,
            ["V00.131A", "E11", "U99.9", "O80", "Z38.00", "e119", "E11-9"],
            Line("99213-25"),
            Line("11104"),
            Line("11102"),
            Line("99381", pointers: [9]),
            Line("36415"),
            Line("36416"),
            Line("99214", units: 3),
            Line("96372", 1, [1], "ZZ", "59", "59", "XS", "XU"),
            Line("85025", units: 0, pointers: []));

        Edit(edits, "DX-EXTERNAL-CAUSE-PRINCIPAL", "diagnoses[0]");
        Edit(edits, "DX-NOT-BILLABLE", "diagnoses[1]");
        Edit(edits, "DX-UNKNOWN", "diagnoses[2]");
        Edit(edits, "SEX-CONFLICT", "diagnoses[3]");
        Edit(edits, "AGE-CONFLICT", "diagnoses[4]");
        Assert.DoesNotContain(edits, e => e.GetProperty("target").GetString() == "diagnoses[5]");
        Edit(edits, "CODE-FORMAT", "diagnoses[6]");
        var mixed = Edit(edits, "CODE-FORMAT", "procedures[0].code");
        Assert.Contains("99213", mixed.GetProperty("message").GetString());
        Assert.Contains("25", mixed.GetProperty("message").GetString());
        Edit(edits, "NCCI-PTP-1", "procedures[2]");
        Edit(edits, "AGE-CONFLICT", "procedures[3].code");
        Edit(edits, "PX-POINTER-RANGE", "procedures[3].diagnosisPointers[0]");
        Edit(edits, "NCCI-PTP-0", "procedures[5]");
        Edit(edits, "MUE-EXCEEDED", "procedures[6].units");
        Edit(edits, "PX-MODIFIER-INVALID", "procedures[7].modifiers[0]");
        Edit(edits, "PX-MODIFIER-DUPLICATE", "procedures[7].modifiers[2]");
        Edit(edits, "PX-MAX-4-MODIFIERS", "procedures[7].modifiers[4]");
        Edit(edits, "PX-UNITS", "procedures[8].units");
        Edit(edits, "PX-POINTER-MISSING", "procedures[8].diagnosisPointers");
        Assert.All(edits, e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString())));

        var saved = await client.GetFromJsonAsync<JsonElement>($"/api/coding/encounters/{encounter}", Ct);
        Assert.Equal("in-progress", saved.GetProperty("encounter").GetProperty("status").GetString());
        Assert.Equal("E11.9", saved.GetProperty("diagnoses")[5].GetString());
        Assert.Equal(edits.Length, saved.GetProperty("edits").GetArrayLength());
        Assert.Equal(tenant.ApiKeyId.ToString(), saved.GetProperty("encounter").GetProperty("codedBy").GetString());
    }

    [Fact]
    public async Task Finalizing_is_refused_while_errors_remain_then_publishes_EncounterCoded_once()
    {
        await using var probe = await EventProbe<EncounterCoded>.StartAsync();
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var (desk, _, encounter, patient, _) = await WithCompletedEncounterAsync(client, note: "T2DM and HTN follow-up; punch biopsy of a back lesion.");

        await desk.SaveEditsAsync(encounter, ["E11", "I10"], Line("99214", 1, [1, 2]), Line("11104", 1, [3]));
        var refused = await desk.FinalizeAsync(encounter);
        var problem = await Json(refused, HttpStatusCode.UnprocessableEntity);
        var blocking = problem.GetProperty("edits").EnumerateArray().ToList();
        Assert.Equal(["DX-NOT-BILLABLE", "PX-POINTER-RANGE"], Rules(blocking).Order());
        Assert.All(blocking, e => Assert.Equal("error", e.GetProperty("severity").GetString()));

        // The E/M with a same-day biopsy and no modifier 25 is a warning: it does not block finalizing.
        var fixedEdits = await desk.SaveEditsAsync(encounter, ["e119", "I10"], Line("99214", 1, [1, 2]), Line("11104", 1, [1]));
        Assert.Equal(["EM-MODIFIER-25"], Rules(fixedEdits));
        Assert.Equal("warning", fixedEdits[0].GetProperty("severity").GetString());
        await desk.SaveEditsAsync(encounter, ["e119", "I10"], Line("99214", 1, [1, 2], "25"), Line("11104", 1, [1]));
        var finalized = await Json(await desk.FinalizeAsync(encounter), HttpStatusCode.Accepted);
        Assert.Equal("coded", finalized.GetProperty("status").GetString());

        var coded = await probe.WaitFor(e => e.EncounterId == encounter, TimeSpan.FromSeconds(20));
        Assert.Equal(tenant.TenantId, coded.TenantId);
        Assert.Equal(["E11.9", "I10"], coded.Diagnoses);
        Assert.Equal(["99214", "11104"], coded.Procedures.Select(p => p.Code));
        Assert.Equal(["25"], coded.Procedures[0].Modifiers);
        Assert.Equal([1, 2], coded.Procedures[0].DiagnosisPointers);
        Assert.Equal(1m, coded.Procedures[1].Units);
        Assert.Equal(tenant.ApiKeyId.ToString(), coded.CodedBy);
        Assert.Equal(patient, coded.Encounter.Patient.Id);
        Assert.Equal("M", coded.Encounter.Patient.Sex);
        Assert.Equal("11", coded.Encounter.PlaceOfService);
        Assert.Equal("T2DM and HTN follow-up; punch biopsy of a back lesion.", coded.Encounter.Note);
        Assert.Equal(FrontDesk.ProviderNpi, coded.Encounter.RenderingProvider.Npi);

        var again = await desk.FinalizeAsync(encounter);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var change = await desk.SaveAsync(encounter, ["I10"], Line("99213"));
        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
        var codedList = await client.GetFromJsonAsync<JsonElement>("/api/coding/worklist?status=coded", Ct);
        Assert.Contains(codedList.GetProperty("items").EnumerateArray(), i => i.GetProperty("encounterId").GetGuid() == encounter);
        await Task.Delay(1000, Ct);
        Assert.Equal(1, probe.Count(e => e.EncounterId == encounter));
    }

    [Fact]
    public async Task Another_practices_encounter_or_an_unknown_one_answers_404()
    {
        var owner = await platform.NewTenantAsync();
        using var ownerClient = platform.Client(owner.ApiKey);
        var (_, _, encounter, _, _) = await WithCompletedEncounterAsync(ownerClient);
        var other = await platform.NewTenantAsync();
        using var client = platform.Client(other.ApiKey);
        var stranger = new CodingDesk(client);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/coding/encounters/{encounter}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SaveAsync(encounter, ["I10"], Line("99213"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.FinalizeAsync(encounter)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/coding/encounters/{Guid.CreateVersion7()}", Ct)).StatusCode);
        var queue = await client.GetFromJsonAsync<JsonElement>("/api/coding/worklist", Ct);
        Assert.Equal(0, queue.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_structurally_bad_body_answers_400_naming_the_field_and_saves_nothing()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var (_, _, encounter, _, _) = await WithCompletedEncounterAsync(client);
        var url = $"/api/coding/encounters/{encounter}";

        await AssertNames(await client.PutAsync(url, Body("""{"diagnoses":["I10"],"procedures":[{"code":"99213","units":"two","diagnosisPointers":[1]}]}"""), Ct), "procedures[0].units");
        await AssertNames(await client.PutAsync(url, Body("""{"procedures":[]}"""), Ct), "diagnoses");
        await AssertNames(await client.PutAsync(url, Body("""{"diagnoses":["I10"],"procedures":[{"code":"99213","diagnosisPointers":[1]}]}"""), Ct), "procedures[0].units");
        await AssertNames(await client.PutAsync(url, Body("""{"diagnoses":["I10"],"procedures":[],"cpt":"99213"}"""), Ct), "cpt");
        await AssertNames(await client.GetAsync("/api/coding/worklist?status=done", Ct), "status");

        var untouched = await client.GetFromJsonAsync<JsonElement>(url, Ct);
        Assert.Equal("ready", untouched.GetProperty("encounter").GetProperty("status").GetString());
    }

    static StringContent Body(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    internal static async Task AssertNames(HttpResponseMessage response, params string[] fields)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        foreach (var field in fields)
            Assert.True(errors.TryGetProperty(field, out _), $"the problem does not name '{field}': {body}");
    }
}
