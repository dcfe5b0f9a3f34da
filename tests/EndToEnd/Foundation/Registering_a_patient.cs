using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>One thread through the whole stack: gateway → Registration → outbox → RabbitMQ → PatientBilling.</summary>
public sealed class Registering_a_patient(PlatformFixture platform)
{
    [Fact]
    public async Task Opens_the_patients_billing_account()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);

        var created = await client.PostAsJsonAsync("/api/patients", Builders.Patient(firstName: "Grace", lastName: "Hopper"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();

        var json = await client.GetJsonAsync($"/api/patient-billing/accounts/{id}", TimeSpan.FromSeconds(15));
        Assert.Equal(id, json.GetProperty("patientId").GetGuid());
        Assert.Equal("Grace Hopper", json.GetProperty("patientName").GetString());
        Assert.Equal(0m, json.GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task Twice_with_the_same_mrn_answers_409_with_the_existing_id()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var mrn = Builders.Mrn();

        var first = await client.PostAsJsonAsync("/api/patients", Builders.Patient(mrn), TestContext.Current.CancellationToken);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        var second = await client.PostAsJsonAsync("/api/patients", Builders.Patient(mrn, firstName: "Other"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(id, problem.GetProperty("existingId").GetGuid());
    }

    [Fact]
    public async Task With_a_malformed_body_answers_400_naming_the_field_and_stores_nothing()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var mrn = Builders.Mrn();

        var badDate = await client.PostAsync("/api/patients", Json($$$"""
            {"mrn":"{{{mrn}}}","firstName":"A","lastName":"B","dateOfBirth":"12/10/1980","sex":"F",
             "address":{"line1":"1 Main","city":"Springfield","state":"IL","zip":"62701"}}
            """), TestContext.Current.CancellationToken);
        await AssertProblemNames(badDate, "dateOfBirth");

        var unknownField = await client.PostAsync("/api/patients", Json($$$"""
            {"mrn":"{{{mrn}}}","firstName":"A","lastName":"B","dateOfBirth":"1980-12-10","sex":"F","ssn":"123",
             "address":{"line1":"1 Main","city":"Springfield","state":"IL","zip":"62701"}}
            """), TestContext.Current.CancellationToken);
        await AssertProblemNames(unknownField, "ssn");

        var notJson = await client.PostAsync("/api/patients", Json("{\"mrn\": "), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        var invalid = await client.PostAsJsonAsync("/api/patients", new
        {
            mrn, firstName = "A", lastName = "B", dateOfBirth = "2999-01-01", sex = "X",
            address = new { line1 = "1 Main", city = "Springfield", state = "ZZ", zip = "6270" },
        }, TestContext.Current.CancellationToken);
        await AssertProblemNames(invalid, "dateOfBirth", "sex", "address.state", "address.zip");

        var search = await client.GetFromJsonAsync<JsonElement>($"/api/patients?mrn={mrn}", TestContext.Current.CancellationToken);
        Assert.Equal(0, search.GetProperty("items").GetArrayLength());
    }

    static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    internal static async Task AssertProblemNames(HttpResponseMessage response, params string[] fields)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        foreach (var field in fields)
            Assert.True(errors.TryGetProperty(field, out _), $"the problem should name '{field}': {problem}");
    }
}
