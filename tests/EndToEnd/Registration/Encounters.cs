using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.EndToEnd.Foundation;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Registration;

public sealed class Encounters(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Completing_an_encounter_publishes_everything_coding_and_claims_need_once()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        await desk.SetPracticeAsync();
        var provider = await desk.AddProviderAsync();
        var commercial = await desk.AddPayerAsync();
        var medicare = await desk.AddPayerAsync("SIMMB1", "Simulated Medicare", "MB");
        var patient = await desk.AddPatientAsync();
        await desk.AddCoverageAsync(patient, FrontDesk.Coverage(medicare, "secondary", "1EG4TE5MK72"));
        await desk.AddCoverageAsync(patient, FrontDesk.Coverage(commercial, "primary"));
        await desk.AddCoverageAsync(patient, FrontDesk.Coverage(commercial, "tertiary", "OLD1", "2020-01-01", "2020-12-31")); // ended long ago
        var encounter = await desk.AddEncounterAsync(patient, provider, note: "Pt with HTN, BP 150/95.", priorAuthorizationNumber: "AUTH-77");

        await using var completed = await EventProbe<EncounterCompleted>.StartAsync();
        await desk.CompleteAsync(encounter);
        await desk.CompleteAsync(encounter);

        var e = await completed.WaitFor(c => c.EncounterId == encounter);
        Assert.Equal(tenant.TenantId, e.TenantId);
        Assert.Equal(patient, e.Patient.Id);
        Assert.Equal(FrontDesk.ProviderNpi, e.RenderingProvider.Npi);
        Assert.Equal(FrontDesk.PracticeNpi, e.Practice!.Npi);
        Assert.Equal(["primary", "secondary"], e.Coverages.Select(c => c.Priority).ToArray());
        Assert.Equal("SIMCI1", e.Coverages[0].Payer.PayerId);
        Assert.False(e.SelfPay);
        Assert.Equal("11", e.PlaceOfService);
        Assert.Equal("Pt with HTN, BP 150/95.", e.Note);
        Assert.Equal("AUTH-77", e.PriorAuthorizationNumber);

        await Task.Delay(1000, Ct); // a second publication would have arrived by now
        Assert.Equal(1, completed.Count(c => c.EncounterId == encounter));
        var stored = await client.GetFromJsonAsync<JsonElement>($"/api/encounters/{encounter}", Ct);
        Assert.Equal("completed", stored.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_encounter_without_coverage_on_its_date_completes_as_self_pay()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        var provider = await desk.AddProviderAsync();
        var payer = await desk.AddPayerAsync();
        var patient = await desk.AddPatientAsync();
        await desk.AddCoverageAsync(patient, FrontDesk.Coverage(payer, effectiveFrom: "2020-01-01", effectiveTo: "2020-12-31"));
        var encounter = await desk.AddEncounterAsync(patient, provider);

        await using var completed = await EventProbe<EncounterCompleted>.StartAsync();
        await desk.CompleteAsync(encounter);
        var e = await completed.WaitFor(c => c.EncounterId == encounter);
        Assert.True(e.SelfPay);
        Assert.Empty(e.Coverages);
        Assert.True((await client.GetFromJsonAsync<JsonElement>($"/api/encounters/{encounter}", Ct)).GetProperty("selfPay").GetBoolean());
    }

    [Fact]
    public async Task An_encounter_with_bad_fields_is_refused_naming_them_and_nothing_is_stored()
    {
        var tenant = await platform.NewTenantAsync();
        var other = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        var provider = await desk.AddProviderAsync();
        var patient = await desk.AddPatientAsync();
        var othersProvider = await new FrontDesk(platform.Client(other.ApiKey)).AddProviderAsync();
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");

        await Registering_a_patient.AssertProblemNames(await client.PostAsJsonAsync("/api/encounters",
            new { patientId = patient, providerId = provider, dateOfService = tomorrow, placeOfService = "30" }, Ct), "dateOfService", "placeOfService");
        await Registering_a_patient.AssertProblemNames(await client.PostAsJsonAsync("/api/encounters",
            new { patientId = Guid.NewGuid(), providerId = othersProvider, dateOfService = "2025-01-02", placeOfService = "11" }, Ct), "patientId", "providerId");
        await Registering_a_patient.AssertProblemNames(await client.PostAsJsonAsync("/api/encounters",
            new { patientId = patient, providerId = provider, dateOfService = "2025-01-02", placeOfService = "11", note = new string('x', 20_001) }, Ct), "note");
        await Registering_a_patient.AssertProblemNames(await client.PostAsJsonAsync("/api/encounters",
            new { patientId = patient, providerId = provider, dateOfService = "2025-02-30", placeOfService = "11" }, Ct), "dateOfService");

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/encounters?patientId={patient}", Ct);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/encounters/{Guid.NewGuid()}/complete", null, Ct)).StatusCode);
        var theirs = await new FrontDesk(platform.Client(other.ApiKey)).AddEncounterAsync(
            await new FrontDesk(platform.Client(other.ApiKey)).AddPatientAsync(), othersProvider);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/encounters/{theirs}/complete", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/encounters/{theirs}", Ct)).StatusCode);
    }
}
