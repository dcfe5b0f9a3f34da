using System.Text.Json.Nodes;

namespace RevenueCycle.Gateway.Proxy;

/// <summary>
/// One OpenAPI document for the whole API: the gateway's own (admin) document with every service's
/// paths and schemas merged in, fetched from the services and kept for a minute.
/// </summary>
public sealed class MergedOpenApi(IHttpClientFactory http, IConfiguration configuration, ILogger<MergedOpenApi> logger)
{
    static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    readonly SemaphoreSlim gate = new(1, 1);
    (DateTimeOffset At, string Json)? cached;

    public async Task<string> GetAsync(string gatewayDocument, CancellationToken ct)
    {
        if (cached is { } c && DateTimeOffset.UtcNow - c.At < Lifetime) return c.Json;
        await gate.WaitAsync(ct);
        try
        {
            if (cached is { } again && DateTimeOffset.UtcNow - again.At < Lifetime) return again.Json;
            var merged = JsonNode.Parse(gatewayDocument)!.AsObject();
            merged["info"] = new JsonObject
            {
                ["title"] = "RevenueCycle API",
                ["version"] = "v1",
                ["description"] = "Registration, coding, claims, payments and patient billing for a medical practice, and signed webhooks and a change feed of its events. Send 'Authorization: Bearer <API key>' on every call.",
            };
            merged["servers"] = new JsonArray(new JsonObject { ["url"] = "/" });
            var paths = merged["paths"] as JsonObject ?? new JsonObject();
            merged["paths"] = paths;
            var components = merged["components"] as JsonObject ?? new JsonObject();
            merged["components"] = components;
            var schemas = components["schemas"] as JsonObject ?? new JsonObject();
            components["schemas"] = schemas;
            components["securitySchemes"] = new JsonObject
            {
                ["apiKey"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "Your practice's API key." },
            };
            merged["security"] = new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() });

            var client = http.CreateClient("openapi");
            var complete = true;
            foreach (var (service, _) in Routes.Table)
            {
                try
                {
                    var text = await client.GetStringAsync($"{Routes.Address(configuration, service)}/openapi/v1.json", ct);
                    // Two services may each have a schema of one name and another shape (RefundRequest in Payments and in PatientBilling):
                    // the later one is published under its service's name, and its operations refer to that.
                    var renamed = new HashSet<string>();
                    foreach (var (name, schema) in JsonNode.Parse(text)!["components"]?["schemas"]?.AsObject() ?? [])
                        if (schemas[name] is { } existing && !JsonNode.DeepEquals(existing, schema))
                        {
                            renamed.Add(name);
                            text = text.Replace($"\"#/components/schemas/{name}\"", $"\"#/components/schemas/{Qualified(service, name)}\"", StringComparison.Ordinal);
                        }
                    var doc = JsonNode.Parse(text)!;
                    foreach (var (path, item) in doc["paths"]?.AsObject() ?? [])
                        paths[path] = item?.DeepClone();
                    foreach (var (name, schema) in doc["components"]?["schemas"]?.AsObject() ?? [])
                        schemas[renamed.Contains(name) ? Qualified(service, name) : name] = schema?.DeepClone();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    logger.LogWarning("The {Service} service's OpenAPI document is unavailable: {Error}", service, e.Message);
                    complete = false;
                }
            }
            var json = merged.ToJsonString();
            // A document missing a service (one slow to answer at start-up) is served but not kept: the next request asks again.
            if (complete) cached = (DateTimeOffset.UtcNow, json);
            return json;
        }
        finally
        {
            gate.Release();
        }
    }

    // "patient_billing" + "RefundRequest" → "PatientBillingRefundRequest"
    static string Qualified(string service, string name) =>
        string.Concat(service.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..])) + name;
}
