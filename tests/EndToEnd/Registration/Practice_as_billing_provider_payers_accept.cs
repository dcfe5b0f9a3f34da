using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Foundation;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Registration;

/// <summary>What registration takes so the 837P it leads to is one payers accept (005010X222A1).</summary>
public sealed class Practice_as_billing_provider_payers_accept(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static object Practice(object address, object? payToAddress = null, string? phone = "2175550199", int npiEntityType = 2, string? taxIdType = null,
        string? providerLastName = null, string? providerFirstName = null) => new
    {
        name = "Springfield Family Medicine", npi = FrontDesk.PracticeNpi, taxId = "123456789", taxonomy = "207Q00000X",
        address, payToAddress, phone, npiEntityType, taxIdType, providerLastName, providerFirstName,
    };

    static object Street => new { line1 = "100 Main St", city = "Springfield", state = "IL", zip = "627011234" };

    [Fact]
    public async Task A_po_box_as_the_practice_address_is_refused_and_is_kept_as_the_pay_to_address_instead()
    {
        // X222A1 2010AA N3: the billing provider address must be a street address; a P.O. box goes in 2010AB (pay-to).
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var box = new { line1 = "PO Box 4410", city = "Springfield", state = "IL", zip = "627084410" };

        var refused = await client.PutAsJsonAsync("/api/practice", Practice(box), Ct);
        var body = await refused.Content.ReadAsStringAsync(Ct);
        await Registering_a_patient.AssertProblemNames(refused, "address.line1");
        Assert.Contains("street address", body);
        Assert.Contains("payToAddress", body);

        await new FrontDesk(client).SetPracticeAsync(Practice(Street, payToAddress: box));
        var practice = await client.GetFromJsonAsync<JsonElement>("/api/practice", Ct);
        Assert.Equal("100 Main St", practice.GetProperty("address").GetProperty("line1").GetString());
        Assert.Equal("PO Box 4410", practice.GetProperty("payToAddress").GetProperty("line1").GetString());
        Assert.Equal("627084410", practice.GetProperty("payToAddress").GetProperty("zip").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("555-0100")] // seven digits: no area code
    public async Task A_practice_without_a_real_telephone_number_is_refused(string? phone)
    {
        // X222A1 1000A PER: the number payers call about the claims; none is made up for the practice.
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        await Registering_a_patient.AssertProblemNames(await client.PutAsJsonAsync("/api/practice", Practice(Street, phone: phone), Ct), "phone");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/practice", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_sole_practitioner_is_billed_under_their_name_and_may_give_an_ssn_which_an_organisation_may_not()
    {
        // X222A1 2010AA NM102 1 with NM103/NM104; REF*SY (SSN) only when the billing provider is a person.
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);

        await Registering_a_patient.AssertProblemNames(await client.PutAsJsonAsync("/api/practice", Practice(Street, taxIdType: "SSN"), Ct), "taxIdType");
        await Registering_a_patient.AssertProblemNames(await client.PutAsJsonAsync("/api/practice", Practice(Street, npiEntityType: 1), Ct),
            "providerLastName", "providerFirstName");

        await new FrontDesk(client).SetPracticeAsync(Practice(Street, npiEntityType: 1, taxIdType: "SSN", providerLastName: "Lovelace", providerFirstName: "Ada"));
        var practice = await client.GetFromJsonAsync<JsonElement>("/api/practice", Ct);
        Assert.Equal("SSN", practice.GetProperty("taxIdType").GetString());
        Assert.Equal("Lovelace", practice.GetProperty("providerLastName").GetString());
        Assert.Equal("2175550199", practice.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task An_encounter_away_from_the_practice_keeps_its_service_facility()
    {
        // X222A1 2310C: where the care was given when not at the billing provider's address.
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        await desk.SetPracticeAsync();
        var provider = await desk.AddProviderAsync();
        var patient = await desk.AddPatientAsync();
        var facility = new { name = "Mercy General Hospital", npi = "1245319599", address = new { line1 = "800 Hospital Dr", city = "Springfield", state = "IL", zip = "62704" } };
        var dateOfService = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd");

        var created = await client.PostAsJsonAsync("/api/encounters",
            new { patientId = patient, providerId = provider, dateOfService, placeOfService = "21", serviceFacility = facility }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var encounter = await client.GetFromJsonAsync<JsonElement>($"/api/encounters/{id}", Ct);
        Assert.Equal("Mercy General Hospital", encounter.GetProperty("serviceFacility").GetProperty("name").GetString());
        Assert.Equal("1245319599", encounter.GetProperty("serviceFacility").GetProperty("npi").GetString());

        await Registering_a_patient.AssertProblemNames(await client.PostAsJsonAsync("/api/encounters",
            new { patientId = patient, providerId = provider, dateOfService, placeOfService = "21", serviceFacility = facility with { npi = "1245319598" } }, Ct),
            "serviceFacility.npi");
    }

    [Fact]
    public async Task A_medicare_secondary_payer_type_outside_the_SBR05_list_is_refused()
    {
        // X222A1 2000B SBR05 for Medicare not primary: 12, 13, 14, 15, 16, 41, 42, 43, 47.
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        var medicare = await desk.AddPayerAsync("MCARE1", "Medicare Part B", "MB");
        var patient = await desk.AddPatientAsync();
        object Coverage(string type) => new
        {
            payerId = medicare, memberId = "1EG4TE5MK73", priority = "secondary", relationship = "self", effectiveFrom = "2024-01-01", medicareSecondaryPayerType = type,
        };

        await Registering_a_patient.AssertProblemNames(await client.PostAsJsonAsync($"/api/patients/{patient}/coverages", Coverage("99"), Ct), "medicareSecondaryPayerType");
        var id = await desk.AddCoverageAsync(patient, Coverage("12"));
        Assert.Equal("12", (await client.GetFromJsonAsync<JsonElement>($"/api/coverages/{id}", Ct)).GetProperty("medicareSecondaryPayerType").GetString());
    }
}
