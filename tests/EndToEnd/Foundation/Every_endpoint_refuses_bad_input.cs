using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// A sweep over every operation of the published OpenAPI document that takes a JSON body: a body that
/// is not JSON, and a body with a field the API does not have, are each answered 400 with problem
/// details (the unknown field named), never 500 — and the practice is left as it was. Then every class of hostile input of issue 16 in
/// every field of every body, every query parameter and every path parameter of the document.
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

    /// <summary>One request of the sweep: <c>MustRefuse</c> is a 4xx problem naming <c>Field</c> (when given); otherwise any answer but a 5xx.</summary>
    sealed record Probe(string Label, string Method, string Url, string? Body, string? Field, bool MustRefuse, bool Admin)
    {
        public override string ToString() => $"{Method} {Url[..Math.Min(Url.Length, 160)]} ({Label}{(Field is null ? "" : $" in '{Field}'")})";
    }

    const string LoneSurrogate = "\\ud800"; // written into the JSON text as the escape \ud800: a serializer refuses to write one
    const string SurrogatePlaceholder = "@@lone-surrogate@@";
    static readonly string OverLong = new('A', 100_000);

    // C0 controls other than TAB, LF and CR, and DEL: not in the X12 character sets a claim is sent in (X12.6 basic/extended), and
    // NUL is not storable in PostgreSQL text (22021).
    static readonly (string Label, string Value)[] HostileStrings =
        [("NUL", "a\u0000b"), ("U+0001", "a\u0001b"), ("ESC", "a\u001Bb"), ("U+001F", "a\u001Fb"), ("DEL", "a\u007Fb"), ("lone surrogate", SurrogatePlaceholder)];

    static IEnumerable<Probe> BodyProbes(OpenApiOperations operations, OpenApiOperation operation, string url)
    {
        var example = operations.Example(operation.BodySchema!.Value)!;
        Probe Spoiled(string label, BodyField field, JsonNode? value, bool mustRefuse = true, string? named = null) =>
            new(label, operation.Method, url, OpenApiOperations.With(example, field.Steps, value).ToJsonString().Replace($"\"{SurrogatePlaceholder}\"", $"\"a{LoneSurrogate}b\""),
                named ?? field.Path, mustRefuse, operation.IsAdmin);
        foreach (var field in OpenApiOperations.Fields(example))
        {
            switch (field.Kind)
            {
                case FieldKind.String:
                    foreach (var (label, value) in HostileStrings) yield return Spoiled(label, field, value);
                    yield return Spoiled("over-long string", field, OverLong);
                    yield return Spoiled("number for a string", field, 123);
                    yield return Spoiled("object for a string", field, new JsonObject());
                    break;
                case FieldKind.Number:
                    yield return Spoiled("1e308", field, JsonNode.Parse("1e308"));
                    yield return Spoiled("text for a number", field, "abc");
                    foreach (var big in new[] { "1e9", "-1", "9223372036854775808" })
                        yield return Spoiled(big, field, JsonNode.Parse(big), mustRefuse: false);
                    break;
                case FieldKind.Boolean:
                    yield return Spoiled("text for a boolean", field, "yes");
                    break;
                case FieldKind.Array:
                    yield return Spoiled("null element", field, new JsonArray((JsonNode?)null), named: field.Name);
                    yield return Spoiled("text for a list", field, "x");
                    break;
                case FieldKind.Object:
                    yield return Spoiled("number for an object", field, 1);
                    break;
            }
        }
        yield return new("deeply nested", operation.Method, url, "{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}", null, true, operation.IsAdmin);
        yield return new("empty body", operation.Method, url, "", null, true, operation.IsAdmin);
        yield return new("a list for the body", operation.Method, url, "[]", null, true, operation.IsAdmin);
    }

    static IEnumerable<Probe> QueryProbes(OpenApiOperations operations, OpenApiOperation operation, string url, string? body)
    {
        foreach (var parameter in operation.QueryParameters)
        {
            var type = parameter.Schema.ValueKind == JsonValueKind.Undefined ? "string" : operations.TypeOf(parameter.Schema);
            var resolved = parameter.Schema.ValueKind == JsonValueKind.Undefined ? default : operations.Resolve(parameter.Schema);
            var format = resolved.ValueKind == JsonValueKind.Object && resolved.TryGetProperty("format", out var f) ? f.GetString() : null;
            Probe With(string label, string value, bool mustRefuse) =>
                new(label, operation.Method, $"{url}?{Uri.EscapeDataString(parameter.Name)}={value}", body, mustRefuse ? parameter.Name : null, mustRefuse, operation.IsAdmin);
            foreach (var (label, value) in new[] { ("NUL", "%00"), ("U+0001", "%01"), ("ESC", "%1B"), ("DEL", "%7F") })
                yield return With(label, "a" + value, mustRefuse: true);
            yield return With("invalid UTF-8", "%FF%FE", mustRefuse: false);
            yield return With("lone surrogate in UTF-8", "%ED%A0%80", mustRefuse: false);
            yield return With("over-long", new string('A', 4000), mustRefuse: false);
            if (type is "integer" or "number" or "boolean" || format is "uuid" or "date" or "date-time")
                yield return With($"text for {format ?? type}", "abc", mustRefuse: true);
            if (type is "integer" or "number")
                foreach (var big in new[] { "1e9", "-1", "9223372036854775808", "1e308" })
                    yield return With(big, big, mustRefuse: false);
        }
    }

    static IEnumerable<Probe> PathProbes(OpenApiOperations operations, OpenApiOperation operation, string? body)
    {
        foreach (var parameter in operation.PathParameters)
        {
            var resolved = parameter.Schema.ValueKind == JsonValueKind.Undefined ? default : operations.Resolve(parameter.Schema);
            var isId = resolved.ValueKind == JsonValueKind.Object && resolved.TryGetProperty("format", out var f) && f.GetString() == "uuid";
            foreach (var (label, value, refuse) in new[]
            {
                ("not an id", "not-an-id", isId), ("NUL", "a%00", true), ("U+0001", "a%01", true), ("-1", "-1", isId),
                ("2^63", "9223372036854775808", isId), ("over-long", new string('x', 3000), isId), ("invalid UTF-8", "%FF%FE", isId),
                // "%2E%2E" is ".." (RFC 3986 §2.3, §5.2.4 remove_dot_segments): the request is for the parent path, which may be a route
                // of its own (GET /api/claims/underpayments/.. is the claims list), so it must not fail, but need not be refused.
                ("dot-dot", "%2E%2E", false),
            })
                yield return new(label, operation.Method, OpenApiOperations.Fill(operation.Path, name => name == parameter.Name ? value : null),
                    body, parameter.Name, refuse, operation.IsAdmin) { };
        }
    }

    static async Task<string?> Check(HttpClient client, HttpClient admin, Probe probe)
    {
        using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Url);
        if (probe.Body is not null) request.Content = new StringContent(probe.Body, Encoding.UTF8, "application/json");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await (probe.Admin ? admin : client).SendAsync(request, Ct);
        var answer = await response.Content.ReadAsStringAsync(Ct);
        var status = (int)response.StatusCode;
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        string Shown() => answer[..Math.Min(answer.Length, 400)];
        if (status >= 500) return $"{probe}: {status} {Shown()}";
        // Kestrel refuses a NUL in the decoded path itself, before any middleware could write problem details (RFC 9112 §3.2: the
        // request target is refused as malformed).
        var kestrelRefused = status == 400 && answer.Length == 0 && probe.Label == "NUL" && !probe.Url.Contains('?') && probe.Url.Contains("%00");
        if (status >= 400 && !problem && !kestrelRefused) return $"{probe}: {status} is not problem details: '{Shown()}'";
        if (!probe.MustRefuse || kestrelRefused) return null;
        if (status < 400) return $"{probe}: {status}, not refused: {Shown()}";
        // A field is named by the JSON path the problem gives ("procedures[0].units") or, for a query or path parameter, its name.
        // A refusal before the input is read (no right to the operation: 401/403; no such route: 404/405) need not name the field.
        if (probe.Field is not null && status is not (401 or 403 or 404 or 405) && !answer.Contains(probe.Field, StringComparison.Ordinal))
            return $"{probe}: the problem does not name '{probe.Field}': {Shown()}";
        return null;
    }

    [Fact]
    public async Task Every_hostile_value_in_every_body_field_query_and_path_parameter_is_a_4xx_problem_naming_it_and_changes_nothing()
    {
        var gateway = await UnlimitedGateway.StartAsync(platform, "gateway-bad-input-sweep");
        try
        {
            var tenant = await platform.NewTenantAsync();
            var other = await platform.NewTenantAsync();
            using var client = gateway.Client(tenant.ApiKey);
            using var tolerant = gateway.Client(other.ApiKey);
            using var admin = gateway.Client(platform.AdminKey);
            var operations = await OpenApiOperations.FromGatewayAsync(client, Ct);
            // The document says what each field is: no property published as the empty schema {} (a string read by a custom converter was).
            var untyped = operations.Document.GetProperty("components").GetProperty("schemas").EnumerateObject()
                .SelectMany(schema => schema.Value.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => (schema.Name, p)) : [])
                .Where(s => s.p.Value.ValueKind == JsonValueKind.Object && !s.p.Value.EnumerateObject().Any())
                .Select(s => $"{s.Name}.{s.p.Name}").ToList();
            Assert.True(untyped.Count == 0, $"{untyped.Count} properties without a type: {string.Join(", ", untyped.Take(20))}");

            var probes = new List<Probe>();
            foreach (var operation in operations.All())
            {
                var url = OpenApiOperations.Fill(operation.Path);
                var body = operation.BodySchema is { } schema ? operations.Example(schema)!.ToJsonString() : null;
                if (operation.BodySchema is not null) probes.AddRange(BodyProbes(operations, operation, url));
                probes.AddRange(QueryProbes(operations, operation, url, body));
                probes.AddRange(PathProbes(operations, operation, body));
            }

            // The probes that must be refused go to one practice, whose data is checked afterwards; the others (a value that may be in
            // range) to another.
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = Ct }, async (probe, _) =>
            {
                if (await Check(probe.MustRefuse ? client : tolerant, admin, probe) is { } failure) failures.Add(failure);
            });

            var refused = probes.Count(p => p.MustRefuse);
            TestContext.Current.TestOutputHelper?.WriteLine($"{probes.Count} requests ({refused} that must be refused) over {operations.All().Count()} operations");
            Assert.True(failures.IsEmpty, $"{failures.Count} of {probes.Count} hostile requests not answered as they should be:\n" + string.Join("\n", failures.OrderBy(f => f.Contains("does not name", StringComparison.Ordinal)).ThenBy(f => f).Take(150)));
            Assert.True(probes.Count > 2000, $"only {probes.Count} requests");
            foreach (var list in new[] { "/api/patients", "/api/providers", "/api/payers", "/api/claims", "/api/remittances", "/api/patient-billing/accounts", "/api/claims/fee-schedule" })
            {
                var page = await client.GetFromJsonAsync<JsonElement>(list, Ct);
                Assert.True(page.GetProperty("items").GetArrayLength() == 0, $"{list} should be empty after only refused requests: {page}");
            }
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }
}
