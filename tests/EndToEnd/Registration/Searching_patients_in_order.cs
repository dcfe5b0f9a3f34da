using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Registration;

/// <summary>The patient search in the order a front desk reads it (by name, MRN or date of birth), paged by cursor with no patient twice.</summary>
public sealed class Searching_patients_in_order(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Patients_come_by_name_either_way_page_after_page()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        foreach (var (first, last, dob) in new[] { ("Grace", "Hopper", "1906-12-09"), ("Ada", "Lovelace", "1915-12-10"), ("Alan", "Turing", "1912-06-23"),
                     ("Edsger", "Dijkstra", "1930-05-11"), ("Barbara", "Liskov", "1939-11-07") })
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/patients", Builders.Patient(firstName: first, lastName: last,
                dateOfBirth: dob), Ct)).StatusCode);

        Assert.Equal(["Dijkstra", "Hopper", "Liskov", "Lovelace", "Turing"], await AllAsync(client, "name"));
        Assert.Equal(["Turing", "Lovelace", "Liskov", "Hopper", "Dijkstra"], await AllAsync(client, "-name"));
        Assert.Equal(["Hopper", "Turing", "Lovelace", "Dijkstra", "Liskov"], await AllAsync(client, "dateOfBirth"));
    }

    [Fact]
    public async Task An_unknown_order_is_a_problem_naming_sort()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var response = await client.GetAsync("/api/patients?sort=ssn", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sort", await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Every patient, two to a page, following the cursors.</summary>
    static async Task<List<string>> AllAsync(HttpClient client, string sort)
    {
        var names = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/patients?sort={sort}&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}", Ct);
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("lastName").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return names;
    }
}
