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
    [InlineData("npi", "1234567893")]   // an individual's NPI cannot be the billing practice
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

    [Fact]
    public async Task Providers_need_a_valid_individual_npi_once_per_practice()
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
            await client.PostAsJsonAsync("/api/providers", new { npi = FrontDesk.PracticeNpi, firstName = "A", lastName = "B" }, Ct), "npi");
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
