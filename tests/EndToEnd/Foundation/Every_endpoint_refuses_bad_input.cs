using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// A sweep over every operation of the published OpenAPI document that takes a JSON body: a body that
/// is not JSON, and a body with a field the API does not have, are each answered 400 with problem
/// details (the unknown field named), never 500 — and the practice is left as it was.
/// </summary>
public sealed class Every_endpoint_refuses_bad_input(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string Fill(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{([^}:]+)(:[^}]*)?\}", m => m.Groups[1].Value switch
        {
            "kind" => "icd10cm",
            "payerId" or "submitterId" or "memberId" or "code" or "system" => "X1",
            _ => Guid.NewGuid().ToString(),
        });

    [Fact]
    public async Task Every_json_body_that_is_malformed_or_has_an_unknown_field_is_a_400_naming_it_and_changes_nothing()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        using var admin = platform.Admin();
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

        var swept = new List<string>();
        var failures = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.StartsWith("/api/", StringComparison.Ordinal)) continue;
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = operation.Name.ToUpperInvariant();
                if (method is not ("POST" or "PUT" or "PATCH")) continue;
                if (!operation.Value.TryGetProperty("requestBody", out var body) || !body.GetProperty("content").TryGetProperty("application/json", out _)) continue;
                var caller = path.Name.StartsWith("/api/admin/", StringComparison.Ordinal) ? admin : client;
                var url = Fill(path.Name);
                swept.Add($"{method} {path.Name}");

                foreach (var (label, text, field) in new[] { ("not JSON", "{\"a\": ", (string?)null), ("unknown field", "{\"noSuchField\": 1}", "noSuchField") })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
                    request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                    using var response = await caller.SendAsync(request, Ct);
                    var answer = await response.Content.ReadAsStringAsync(Ct);
                    if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        failures.Add($"{method} {path.Name} ({label}): {(int)response.StatusCode} {answer}");
                    else if (field is not null && !answer.Contains(field, StringComparison.Ordinal))
                        failures.Add($"{method} {path.Name} ({label}): the problem does not name '{field}': {answer}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {swept.Count * 2} bad requests not refused as they should be:\n" + string.Join("\n", failures));
        // The sweep must have met the API, not an empty document: registration, coding, claims, payments and patient billing.
        Assert.True(swept.Count >= 25, "only swept: " + string.Join(", ", swept));
        foreach (var prefix in new[] { "/api/patients", "/api/coding", "/api/claims", "/api/payments", "/api/patient-billing", "/api/admin" })
            Assert.Contains(swept, s => s.Contains(" " + prefix, StringComparison.Ordinal));

        foreach (var list in new[] { "/api/patients", "/api/providers", "/api/payers", "/api/claims", "/api/remittances", "/api/patient-billing/accounts" })
        {
            var page = await client.GetFromJsonAsync<JsonElement>(list, Ct);
            Assert.True(page.GetProperty("items").GetArrayLength() == 0, $"{list} should be empty after only bad requests: {page}");
        }
    }
}
