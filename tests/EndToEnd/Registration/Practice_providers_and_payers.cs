using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Foundation;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Registration;

public sealed class Practice_providers_and_payers(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_practice_profile_is_kept_as_given_and_only_for_its_tenant()
    {
        var a = await platform.NewTenantAsync();
        var b = await platform.NewTenantAsync();
        using var clientA = platform.Client(a.ApiKey);
        using var clientB = platform.Client(b.ApiKey);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.GetAsync("/api/practice", Ct)).StatusCode);

        await new FrontDesk(clientA).SetPracticeAsync(FrontDesk.Practice(taxId: "12-3456789", zip: "62701-1234"));
        var practice = await clientA.GetFromJsonAsync<JsonElement>("/api/practice", Ct);
        Assert.Equal(FrontDesk.PracticeNpi, practice.GetProperty("npi").GetString());
        Assert.Equal("123456789", practice.GetProperty("taxId").GetString());
        Assert.Equal("627011234", practice.GetProperty("address").GetProperty("zip").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync("/api/practice", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("npi", "2123456785")]   // wrong check digit
    [InlineData("npiEntityType", "3")]  // NPPES entity types are 1 and 2
    [InlineData("taxId", "12345678")]
    [InlineData("address.zip", "62701")] // 2010AA needs ZIP+4
    [InlineData("taxonomy", "207Q0000")]
    public async Task A_practice_profile_with_a_bad_field_is_refused_naming_it_and_nothing_changes(string field, string value)
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        await desk.SetPracticeAsync();
        var practice = field switch
        {
            "npi" => FrontDesk.Practice(npi: value),
            "taxId" => FrontDesk.Practice(taxId: value),
            "address.zip" => FrontDesk.Practice(zip: value),
            "npiEntityType" => new
            {
                name = "Springfield Family Medicine", npi = FrontDesk.PracticeNpi, taxId = "123456789", npiEntityType = int.Parse(value),
                address = new { line1 = "100 Main St", city = "Springfield", state = "IL", zip = "627011234" },
            },
            _ => new
            {
                name = "Springfield Family Medicine", npi = FrontDesk.PracticeNpi, taxId = "123456789", taxonomy = value,
                address = new { line1 = "100 Main St", city = "Springfield", state = "IL", zip = "627011234" },
            },
        };
        await Registering_a_patient.AssertProblemNames(await client.PutAsJsonAsync("/api/practice", practice, Ct), field);
        var kept = await client.GetFromJsonAsync<JsonElement>("/api/practice", Ct);
        Assert.Equal(FrontDesk.PracticeNpi, kept.GetProperty("npi").GetString());
        Assert.Equal("123456789", kept.GetProperty("taxId").GetString());
    }

    // CMS NPPES: "The NPI is a 10-position, intelligence-free numeric identifier (10-digit number)". A practice
    // may hold an NPI beginning with 1 (CMS's own example 1234567893); only the Luhn check digit over
    // 80840 + the first nine digits can be checked, and the entity type is what the practice states.
    [Fact]
    public async Task A_practice_npi_beginning_with_1_is_accepted_and_the_entity_type_is_what_the_practice_states()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);

        await desk.SetPracticeAsync(FrontDesk.Practice(npi: "1234567893"));
        var practice = await client.GetFromJsonAsync<JsonElement>("/api/practice", Ct);
        Assert.Equal("1234567893", practice.GetProperty("npi").GetString());
        Assert.Equal(2, practice.GetProperty("npiEntityType").GetInt32()); // an organisation unless told otherwise

        // A sole practitioner billing under their own NPI says so.
        await desk.SetPracticeAsync(new
        {
            name = "Dr Ada Lovelace", npi = "1234567893", npiEntityType = 1, providerLastName = "Lovelace", providerFirstName = "Ada", taxId = "123456789",
            address = new { line1 = "100 Main St", city = "Springfield", state = "IL", zip = "627011234" }, phone = "2175550199",
        });
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/practice", Ct)).GetProperty("npiEntityType").GetInt32());

        await Registering_a_patient.AssertProblemNames(await client.PutAsJsonAsync("/api/practice", FrontDesk.Practice(npi: "1234567894"), Ct), "npi");
        Assert.Equal("1234567893", (await client.GetFromJsonAsync<JsonElement>("/api/practice", Ct)).GetProperty("npi").GetString());
    }

    // CMS NPPES: the NPI is intelligence-free, so an individual's NPI may begin with 2.
    [Fact]
    public async Task A_rendering_provider_npi_beginning_with_2_is_an_individual_when_registered_as_one()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var id = await new FrontDesk(client).AddProviderAsync(npi: "2123456784");
        var provider = await client.GetFromJsonAsync<JsonElement>($"/api/providers/{id}", Ct);
        Assert.Equal("2123456784", provider.GetProperty("npi").GetString());
        Assert.Equal(1, provider.GetProperty("npiEntityType").GetInt32());
        await Registering_a_patient.AssertProblemNames(
            await client.PostAsJsonAsync("/api/providers", new { npi = "1679576722", firstName = "A", lastName = "B", npiEntityType = 0 }, Ct), "npiEntityType");
    }

    [Fact]
    public async Task Providers_need_a_valid_npi_once_per_practice()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        var id = await desk.AddProviderAsync();

        var again = await client.PostAsJsonAsync("/api/providers", new { npi = FrontDesk.ProviderNpi, firstName = "G", lastName = "H" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("existingId").GetGuid());

        await Registering_a_patient.AssertProblemNames(
            await client.PostAsJsonAsync("/api/providers", new { npi = "1234567894", firstName = "A", lastName = "B" }, Ct), "npi");
        await Registering_a_patient.AssertProblemNames(
            await client.PostAsJsonAsync("/api/providers", new { npi = "1679576722", firstName = "", lastName = "B", taxonomy = "x" }, Ct), "firstName", "taxonomy");

        var list = await client.GetFromJsonAsync<JsonElement>("/api/providers", Ct);
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
        var provider = await client.GetFromJsonAsync<JsonElement>($"/api/providers/{id}", Ct);
        Assert.Equal("House", provider.GetProperty("lastName").GetString());

        var other = await platform.NewTenantAsync();
        using var otherClient = platform.Client(other.ApiKey);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/api/providers/{id}", Ct)).StatusCode);
        await new FrontDesk(otherClient).AddProviderAsync(); // the same NPI may bill for another practice
    }

    [Fact]
    public async Task Payers_carry_a_claim_filing_code_a_timely_filing_limit_and_a_clearinghouse_route()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        var medicare = await desk.AddPayerAsync("SIMMB1", "Simulated Medicare", "MB");
        var commercial = await desk.AddPayerAsync("SIMCI1", "Simulated Commercial", "CI", timelyFilingDays: 90);

        Assert.Equal(365, (await client.GetFromJsonAsync<JsonElement>($"/api/payers/{medicare}", Ct)).GetProperty("timelyFilingDays").GetInt32());
        var ci = await client.GetFromJsonAsync<JsonElement>($"/api/payers/{commercial}", Ct);
        Assert.Equal(90, ci.GetProperty("timelyFilingDays").GetInt32());
        Assert.Equal("simulator", ci.GetProperty("clearinghouse").GetString());

        await Registering_a_patient.AssertProblemNames(await client.PostAsJsonAsync("/api/payers",
            new { name = "X", payerId = "X1", claimFilingCode = "XX", timelyFilingDays = 0, clearinghouse = "fax" }, Ct),
            "claimFilingCode", "timelyFilingDays", "clearinghouse");
        var duplicate = await client.PostAsJsonAsync("/api/payers", new { name = "Again", payerId = "SIMCI1", claimFilingCode = "CI" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>("/api/payers", Ct)).GetProperty("items").GetArrayLength());
    }
}
