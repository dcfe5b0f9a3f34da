using System.Text.Json;
using System.Text.Json.Nodes;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// The operations of the gateway's merged OpenAPI document, with what a request to each can carry: path and query parameters, and a
/// valid-looking JSON body built from its schema (every property filled with a value of its type and format), whose fields can then
/// be spoiled one at a time.
/// </summary>
public sealed record OpenApiOperation(string Method, string Path, IReadOnlyList<OpenApiParameter> PathParameters,
    IReadOnlyList<OpenApiParameter> QueryParameters, JsonElement? BodySchema)
{
    public bool IsAdmin => Path.StartsWith("/api/admin/", StringComparison.Ordinal);
    public override string ToString() => $"{Method} {Path}";
}

public sealed record OpenApiParameter(string Name, JsonElement Schema);

/// <summary>A leaf or list of a body, by its JSON path as the problem names it (<c>procedures[0].units</c>), and its kind.</summary>
public sealed record BodyField(string Path, IReadOnlyList<object> Steps, FieldKind Kind)
{
    public string Name => Steps.OfType<string>().LastOrDefault() ?? Path;
}

public enum FieldKind { String, Number, Boolean, Array, Object }

public sealed class OpenApiOperations(JsonElement document)
{
    const int MaxDepth = 6;
    readonly JsonElement schemas = document.GetProperty("components").GetProperty("schemas");
    public JsonElement Document => document;

    /// <summary>
    /// The gateway's document once it has every service's operations (a gateway just started may not have fetched them all yet); it is
    /// also written to .rcm/logs/e2e/ for reading a failure.
    /// </summary>
    public static async Task<OpenApiOperations> FromGatewayAsync(HttpClient client, CancellationToken ct)
    {
        string[] prefixes = ["/api/patients", "/api/coding", "/api/claims", "/api/remittances", "/api/payments", "/api/patient-billing", "/api/admin"];
        var text = await RevenueCycle.EndToEnd.Platform.Eventually.Get(async () =>
        {
            var json = await client.GetStringAsync("/openapi/v1.json", ct);
            var paths = JsonDocument.Parse(json).RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
            return prefixes.All(prefix => paths.Any(p => p.StartsWith(prefix, StringComparison.Ordinal))) ? json : null;
        }, TimeSpan.FromSeconds(60), "the gateway's OpenAPI document with every service's operations");
        var logs = Path.Combine(RevenueCycle.EndToEnd.Platform.TestEnvironment.Root, ".rcm", "logs", "e2e");
        Directory.CreateDirectory(logs);
        await File.WriteAllTextAsync(Path.Combine(logs, "openapi-v1.json"), text, ct);
        return new OpenApiOperations(JsonDocument.Parse(text).RootElement.Clone());
    }

    public IEnumerable<OpenApiOperation> All()
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.StartsWith("/api/", StringComparison.Ordinal)) continue;
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Name is "parameters" or "summary" or "description") continue;
                var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                JsonElement? body = operation.Value.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.GetProperty("content").TryGetProperty("application/json", out var json) && json.TryGetProperty("schema", out var schema)
                    ? schema : null;
                yield return new OpenApiOperation(operation.Name.ToUpperInvariant(), path.Name,
                    Parameters(parameters, "path"), Parameters(parameters, "query"), body);
            }
        }
    }

    static List<OpenApiParameter> Parameters(List<JsonElement> parameters, string where) =>
        [.. parameters.Where(p => p.GetProperty("in").GetString() == where)
            .Select(p => new OpenApiParameter(p.GetProperty("name").GetString()!, p.TryGetProperty("schema", out var s) ? s : default))];

    /// <summary>The schema itself, its $ref resolved, the first non-null choice of a oneOf/anyOf.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        for (var i = 0; i < 10; i++)
        {
            if (schema.ValueKind != JsonValueKind.Object) return schema;
            if (schema.TryGetProperty("$ref", out var reference))
                schema = schemas.GetProperty(reference.GetString()!.Split('/').Last());
            else if ((schema.TryGetProperty("oneOf", out var choices) || schema.TryGetProperty("anyOf", out choices) || schema.TryGetProperty("allOf", out choices))
                     && choices.EnumerateArray().FirstOrDefault(c => !IsNullType(c)) is { ValueKind: JsonValueKind.Object } choice)
                schema = choice;
            else return schema;
        }
        return schema;
    }

    static bool IsNullType(JsonElement schema) =>
        schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null";

    /// <summary>The schema's type: a type list such as ["integer","string"] (numbers readable from strings) or ["string","null"] gives the first that is neither.</summary>
    public string TypeOf(JsonElement schema)
    {
        schema = Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object) return "string";
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String) return type.GetString()!;
            var names = type.EnumerateArray().Select(t => t.GetString()!).Where(t => t != "null").ToList();
            return names.FirstOrDefault(t => t is "integer" or "number") ?? names.FirstOrDefault() ?? "string";
        }
        if (schema.TryGetProperty("properties", out _) || schema.TryGetProperty("additionalProperties", out _)) return "object";
        // A string read by a custom converter (PlainTextStringConverter) is published as the empty schema {}.
        return "string";
    }

    /// <summary>A value of the schema's type and format, looking like what a practice would send for a field of that name.</summary>
    public JsonNode? Example(JsonElement schema, string name = "", Random? random = null, int depth = 0)
    {
        schema = Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object) return JsonValue.Create("X1");
        if (schema.TryGetProperty("enum", out var values) && values.EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null).ToList() is { Count: > 0 } choices)
            return JsonNode.Parse(choices[random?.Next(choices.Count) ?? 0].GetRawText());
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (TypeOf(schema))
        {
            case "object" when depth < MaxDepth:
                var result = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                    foreach (var property in properties.EnumerateObject())
                        result[property.Name] = Example(property.Value, property.Name, random, depth + 1);
                else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
                    result["X1"] = Example(additional, "", random, depth + 1);
                return result;
            case "object": return new JsonObject();
            case "array" when depth < MaxDepth:
                return new JsonArray(schema.TryGetProperty("items", out var items) ? Example(items, name, random, depth + 1) : JsonValue.Create("X1"));
            case "array": return new JsonArray();
            case "integer": return JsonValue.Create(random?.Next(0, 5) ?? 1);
            case "number": return JsonValue.Create(random is null ? 100.00m : Math.Round((decimal)random.NextDouble() * 500, 2));
            case "boolean": return JsonValue.Create(random?.Next(2) == 0);
        }
        return JsonValue.Create(format switch
        {
            "uuid" => (random is null ? Guid.NewGuid() : RandomGuid(random)).ToString(),
            "date" => "2024-03-15",
            "date-time" => "2024-03-15T10:00:00Z",
            _ => LooksLike(name),
        });
    }

    public static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    static string LooksLike(string name) => name.ToLowerInvariant() switch
    {
        var n when n.Contains("npi") => "1234567893",
        var n when n.Contains("zip") => "627011234",
        "state" => "IL",
        var n when n.Contains("phone") => "2175550100",
        var n when n.Contains("date") => "2024-03-15",
        var n when n.Contains("procedure") || n == "code" || n.EndsWith("cptcode", StringComparison.Ordinal) => "99213",
        var n when n.Contains("diagnos") || n.Contains("icd") => "J06.9",
        var n when n.Contains("taxid") || n.Contains("ein") => "371234567",
        var n when n.Contains("sex") || n.Contains("gender") => "F",
        var n when n.Contains("payerid") => "ACME01",
        _ => "Fuzz " + name,
    };

    /// <summary>Every field of <paramref name="body"/> with its kind, depth first.</summary>
    public static List<BodyField> Fields(JsonNode? body)
    {
        var fields = new List<BodyField>();
        Walk(body, "", [], fields);
        return fields;
    }

    static void Walk(JsonNode? node, string path, List<object> steps, List<BodyField> fields)
    {
        switch (node)
        {
            case JsonObject o:
                if (steps.Count > 0) fields.Add(new BodyField(path, [.. steps], FieldKind.Object));
                foreach (var (name, child) in o)
                    Walk(child, path.Length == 0 ? name : $"{path}.{name}", [.. steps, name], fields);
                break;
            case JsonArray a:
                if (steps.Count > 0) fields.Add(new BodyField(path, [.. steps], FieldKind.Array));
                if (a.Count > 0) Walk(a[0], $"{path}[0]", [.. steps, 0], fields);
                break;
            case JsonValue v when steps.Count > 0:
                var kind = v.GetValueKind() switch
                {
                    JsonValueKind.String => FieldKind.String,
                    JsonValueKind.Number => FieldKind.Number,
                    _ => FieldKind.Boolean,
                };
                fields.Add(new BodyField(path, [.. steps], kind));
                break;
        }
    }

    /// <summary>A copy of <paramref name="body"/> with the field at <paramref name="steps"/> replaced.</summary>
    public static JsonNode With(JsonNode body, IReadOnlyList<object> steps, JsonNode? value)
    {
        var copy = body.DeepClone();
        var parent = copy;
        for (var i = 0; i < steps.Count - 1; i++)
            parent = steps[i] is string name ? parent[name]! : parent[(int)steps[i]]!;
        if (steps[^1] is string last) parent[last] = value;
        else parent[(int)steps[^1]] = value;
        return copy;
    }

    /// <summary>Fills a path template: known ids of the practice where one is given, a new UUID for an id, a word for a code.</summary>
    public static string Fill(string template, Func<string, string?>? value = null) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{([^}:]+)(:[^}]*)?\}", m => value?.Invoke(m.Groups[1].Value) ?? m.Groups[1].Value switch
        {
            "kind" => "icd10cm",
            "payerId" or "submitterId" or "memberId" or "code" or "system" => "X1",
            _ => Guid.NewGuid().ToString(),
        });
}
