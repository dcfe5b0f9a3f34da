using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RevenueCycle.EndToEnd.Platform;

/// <summary>
/// Sets up a practice through the public API the way a PM system would, in a few calls, so a test
/// states only what matters to it. Every call asserts the API accepted it.
/// </summary>
public sealed class FrontDesk(HttpClient client)
{
    public const string PracticeNpi = "2123456784";
    public const string ProviderNpi = "1234567893";

    public HttpClient Client => client;

    public static object Practice(string npi = PracticeNpi, string taxId = "123456789", string zip = "627011234") => new
    {
        name = "Springfield Family Medicine", npi, taxId, taxonomy = "207Q00000X",
        address = new { line1 = "100 Main St", city = "Springfield", state = "IL", zip },
        phone = "2175550199",
    };

    public async Task<JsonElement> SetPracticeAsync(object? practice = null) =>
        await Ok(await client.PutAsJsonAsync("/api/practice", practice ?? Practice()), HttpStatusCode.OK);

    public async Task<Guid> AddProviderAsync(string npi = ProviderNpi, string firstName = "Gregory", string lastName = "House") =>
        Id(await Ok(await client.PostAsJsonAsync("/api/providers", new { npi, firstName, lastName, taxonomy = "207Q00000X" }), HttpStatusCode.Created));

    public async Task<Guid> AddPayerAsync(string payerId = "SIMCI1", string name = "Simulated Commercial", string claimFilingCode = "CI", int? timelyFilingDays = null) =>
        Id(await Ok(await client.PostAsJsonAsync("/api/payers", new { name, payerId, claimFilingCode, timelyFilingDays, clearinghouse = "simulator" }), HttpStatusCode.Created));

    public async Task<Guid> AddPatientAsync(string? mrn = null, string firstName = "Ada", string lastName = "Lovelace", string dateOfBirth = "1980-12-10", string sex = "F") =>
        Id(await Ok(await client.PostAsJsonAsync("/api/patients", Builders.Patient(mrn, firstName, lastName, dateOfBirth, sex)), HttpStatusCode.Created));

    public static object Coverage(Guid payerId, string priority = "primary", string memberId = "MEM123456", string effectiveFrom = "2024-01-01",
        string? effectiveTo = null, string relationship = "self", object? subscriber = null) => new
    {
        payerId, memberId, groupNumber = "GRP-100", priority, relationship, subscriber, effectiveFrom, effectiveTo,
    };

    public async Task<Guid> AddCoverageAsync(Guid patientId, object coverage) =>
        Id(await Ok(await client.PostAsJsonAsync($"/api/patients/{patientId}/coverages", coverage), HttpStatusCode.Created));

    public async Task<Guid> AddEncounterAsync(Guid patientId, Guid providerId, string? dateOfService = null, string placeOfService = "11",
        string note = "Follow-up for type 2 diabetes and hypertension.", string? priorAuthorizationNumber = null) =>
        Id(await Ok(await client.PostAsJsonAsync("/api/encounters", new
        {
            patientId, providerId, dateOfService = dateOfService ?? DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd"), placeOfService, note, priorAuthorizationNumber,
        }), HttpStatusCode.Created));

    public async Task CompleteAsync(Guid encounterId) =>
        await Ok(await client.PostAsync($"/api/encounters/{encounterId}/complete", null), HttpStatusCode.Accepted);

    static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
