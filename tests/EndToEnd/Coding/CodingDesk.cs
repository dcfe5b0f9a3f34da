using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Coding;

/// <summary>A coder's side of the API: a completed encounter waiting on the queue, codes saved, the coding finalized.</summary>
public sealed class CodingDesk(HttpClient client)
{
    public HttpClient Client => client;

    public static object Line(string code, int units = 1, int[]? pointers = null, params string[] modifiers) =>
        new { code, modifiers, units, diagnosisPointers = pointers ?? [1] };

    /// <summary>Registers a practice, a provider and a patient, completes one encounter and waits for it on the queue.</summary>
    public static async Task<(CodingDesk Desk, FrontDesk FrontDesk, Guid EncounterId, Guid PatientId, Guid ProviderId)> WithCompletedEncounterAsync(
        HttpClient client, string sex = "M", string dateOfBirth = "1985-04-02", string note = "Follow-up for type 2 diabetes and hypertension.")
    {
        var frontDesk = new FrontDesk(client);
        await frontDesk.SetPracticeAsync();
        var provider = await frontDesk.AddProviderAsync();
        var patient = await frontDesk.AddPatientAsync(firstName: "Homer", lastName: "Simpson", dateOfBirth: dateOfBirth, sex: sex);
        var desk = new CodingDesk(client);
        var encounter = await desk.CompleteEncounterAsync(frontDesk, patient, provider, note);
        return (desk, frontDesk, encounter, patient, provider);
    }

    public async Task<Guid> CompleteEncounterAsync(FrontDesk frontDesk, Guid patient, Guid provider, string note = "Follow-up for type 2 diabetes and hypertension.")
    {
        var encounter = await frontDesk.AddEncounterAsync(patient, provider, note: note);
        await frontDesk.CompleteAsync(encounter);
        await client.GetJsonAsync($"/api/coding/encounters/{encounter}", TimeSpan.FromSeconds(20));
        return encounter;
    }

    public Task<HttpResponseMessage> SaveAsync(Guid encounter, string[] diagnoses, params object[] procedures) =>
        client.PutAsJsonAsync($"/api/coding/encounters/{encounter}", new { diagnoses, procedures });

    public async Task<JsonElement[]> SaveEditsAsync(Guid encounter, string[] diagnoses, params object[] procedures)
    {
        var response = await SaveAsync(encounter, diagnoses, procedures);
        var body = await Json(response, HttpStatusCode.OK);
        return body.GetProperty("edits").EnumerateArray().ToArray();
    }

    public Task<HttpResponseMessage> FinalizeAsync(Guid encounter) => client.PostAsync($"/api/coding/encounters/{encounter}/finalize", null);

    /// <summary>Saves a clean coding and finalizes it.</summary>
    public async Task CodeAsync(Guid encounter, string[] diagnoses, params object[] procedures)
    {
        var edits = await SaveEditsAsync(encounter, diagnoses, procedures);
        Assert.DoesNotContain(edits, e => e.GetProperty("severity").GetString() == "error");
        await Json(await FinalizeAsync(encounter), HttpStatusCode.Accepted);
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static IEnumerable<string> Rules(IEnumerable<JsonElement> edits) => edits.Select(e => e.GetProperty("rule").GetString()!);

    public static JsonElement Edit(IEnumerable<JsonElement> edits, string rule, string target) =>
        edits.SingleOrDefault(e => e.GetProperty("rule").GetString() == rule && e.GetProperty("target").GetString() == target) is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new Xunit.Sdk.XunitException($"No {rule} edit at {target}; edits were: {string.Join("; ", edits.Select(e => $"{e.GetProperty("rule")} @ {e.GetProperty("target")}"))}");
}
