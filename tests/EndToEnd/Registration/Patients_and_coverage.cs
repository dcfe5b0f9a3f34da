using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.EndToEnd.Foundation;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Registration;

public sealed class Patients_and_coverage(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Patients_are_found_by_mrn_and_name_a_page_at_a_time_and_can_be_updated()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        var ada = await desk.AddPatientAsync("MRN-A", "Ada", "Lovelace");
        await desk.AddPatientAsync("MRN-B", "Alan", "Turing");
        await desk.AddPatientAsync("MRN-C", "Annie", "Lovelace");

        var byMrn = await client.GetFromJsonAsync<JsonElement>("/api/patients?mrn=MRN-A", Ct);
        Assert.Equal(ada, byMrn.GetProperty("items")[0].GetProperty("id").GetGuid());

        var first = await client.GetFromJsonAsync<JsonElement>("/api/patients?name=lovelace&limit=1", Ct);
        Assert.Equal(1, first.GetProperty("items").GetArrayLength());
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/patients?name=lovelace&limit=1&cursor={cursor}", Ct);
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        await Registering_a_patient.AssertProblemNames(await client.GetAsync("/api/patients?cursor=not-a-cursor", Ct), "cursor");

        await using var updates = await EventProbe<PatientUpdated>.StartAsync();
        var updated = await client.PutAsJsonAsync($"/api/patients/{ada}", Builders.Patient("MRN-A", "Ada", "King"), Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("King", (await client.GetFromJsonAsync<JsonElement>($"/api/patients/{ada}", Ct)).GetProperty("lastName").GetString());
        await updates.WaitFor(u => u.PatientId == ada && u.LastName == "King");

        var clash = await client.PutAsJsonAsync($"/api/patients/{ada}", Builders.Patient("MRN-B"), Ct);
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/patients/{Guid.NewGuid()}", Builders.Patient(), Ct)).StatusCode);
    }

    [Fact]
    public async Task One_coverage_of_each_priority_is_active_at_a_time()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        var payer = await desk.AddPayerAsync();
        var secondaryPayer = await desk.AddPayerAsync("SIMMB1", "Simulated Medicare", "MB");
        var patient = await desk.AddPatientAsync();

        await using var changes = await EventProbe<CoverageChanged>.StartAsync();
        var primary = await desk.AddCoverageAsync(patient, FrontDesk.Coverage(payer, effectiveFrom: "2024-01-01"));
        var changed = await changes.WaitFor(c => c.Coverage.Id == primary);
        Assert.True(changed.Active);
        Assert.Equal("Ada", changed.Coverage.Subscriber.FirstName); // self: the patient is the subscriber
        Assert.Equal("SIMCI1", changed.Coverage.Payer.PayerId);

        var second = await client.PostAsJsonAsync($"/api/patients/{patient}/coverages", FrontDesk.Coverage(payer, effectiveFrom: "2025-06-01"), Ct);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(primary, (await second.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("existingId").GetGuid());

        await desk.AddCoverageAsync(patient, FrontDesk.Coverage(secondaryPayer, "secondary", "1EG4TE5MK72", "2024-01-01"));

        // Terminating the primary makes room for the next one.
        var terminated = await client.PutAsJsonAsync($"/api/coverages/{primary}", FrontDesk.Coverage(payer, effectiveFrom: "2024-01-01", effectiveTo: "2025-05-31"), Ct);
        Assert.Equal(HttpStatusCode.OK, terminated.StatusCode);
        await desk.AddCoverageAsync(patient, FrontDesk.Coverage(payer, memberId: "NEW999", effectiveFrom: "2025-06-01"));

        var all = await client.GetFromJsonAsync<JsonElement>($"/api/patients/{patient}/coverages", Ct);
        Assert.Equal(["primary", "primary", "secondary"], all.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("priority").GetString()!).ToArray());
    }

    [Fact]
    public async Task A_coverage_with_bad_fields_is_refused_naming_them_and_nothing_is_stored()
    {
        var tenant = await platform.NewTenantAsync();
        var other = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        var payer = await desk.AddPayerAsync();
        var othersPayer = await new FrontDesk(platform.Client(other.ApiKey)).AddPayerAsync();
        var patient = await desk.AddPatientAsync();
        var url = $"/api/patients/{patient}/coverages";

        await Registering_a_patient.AssertProblemNames(await client.PostAsJsonAsync(url,
            FrontDesk.Coverage(payer, priority: "quaternary", effectiveFrom: "2025-01-01", effectiveTo: "2024-01-01", relationship: "child"), Ct),
            "priority", "effectiveTo", "subscriber");
        await Registering_a_patient.AssertProblemNames(await client.PostAsJsonAsync(url, FrontDesk.Coverage(othersPayer), Ct), "payerId");
        await Registering_a_patient.AssertProblemNames(await client.PostAsJsonAsync(url, FrontDesk.Coverage(payer, memberId: "MEM 12;3"), Ct), "memberId");
        await Registering_a_patient.AssertProblemNames(await client.PostAsJsonAsync(url, FrontDesk.Coverage(payer, relationship: "spouse",
            subscriber: new { firstName = "Bob", lastName = "", dateOfBirth = "1979-01-01", sex = "Q", address = new { line1 = "1", city = "X", state = "IL", zip = "1" } }), Ct),
            "subscriber.lastName", "subscriber.sex", "subscriber.address.zip");
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/patients/{Guid.NewGuid()}/coverages", FrontDesk.Coverage(payer), Ct)).StatusCode);

        var all = await client.GetFromJsonAsync<JsonElement>(url, Ct);
        Assert.Equal(0, all.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_dependents_coverage_names_the_subscriber()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        var payer = await desk.AddPayerAsync();
        var child = await desk.AddPatientAsync(firstName: "Timmy", dateOfBirth: "2015-04-02", sex: "M");
        var id = await desk.AddCoverageAsync(child, FrontDesk.Coverage(payer, relationship: "child",
            subscriber: new { firstName = "Mary", lastName = "Lovelace", dateOfBirth = "1984-03-03", sex = "F", address = new { line1 = "12 Elm St", city = "Springfield", state = "IL", zip = "62701" } }));
        var coverage = await client.GetFromJsonAsync<JsonElement>($"/api/coverages/{id}", Ct);
        Assert.Equal("Mary", coverage.GetProperty("subscriber").GetProperty("firstName").GetString());
        Assert.Equal("child", coverage.GetProperty("relationship").GetString());

        var other = await platform.NewTenantAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client(other.ApiKey).GetAsync($"/api/coverages/{id}", Ct)).StatusCode);
    }
}
