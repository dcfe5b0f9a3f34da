using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// A seeded fuzzer over every operation of the OpenAPI document, through a real gateway with a real key: bodies built from the
/// operation's schema, sent as they are or spoiled (hostile strings, numbers out of range, wrong types, null and huge lists, missing
/// and unknown fields, broken JSON, bytes that are not UTF-8, other content types), hostile query and path values, other methods.
/// No answer is a 5xx, every 4xx is problem details, and every process is still serving afterwards. The seed is printed; set
/// RCM_FUZZ_SEED to replay a run (the requests are drawn from it before any is sent).
/// </summary>
public sealed class Fuzzing_every_operation(PlatformFixture platform)
{
    const int Requests = 10_000;
    /// <summary>The gateway's <c>Gateway:MaxRequestBodyBytes</c> by default (50 MiB).</summary>
    const long GatewayBodyLimit = 50L * 1024 * 1024;
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    sealed record FuzzRequest(int Number, string Method, string Url, byte[]? Body, string ContentType, bool Admin, string What)
    {
        public override string ToString() =>
            $"#{Number} {Method} {Url[..Math.Min(Url.Length, 200)]} ({What}) {(Body is null ? "" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300)))}";
    }

    static readonly string[] HostileStrings =
    [
        "a\u0000b", "\u0001", "\u001b[31m", "a\u007Fb", "\t\r\n", new string('A', 70_000), new string('é', 5_000), "'; DROP TABLE patients; --", "%s%n%x",
        "\u202Eevil", "😀", "../../etc/passwd", "<script>alert(1)</script>", "", " ", "0", "-1", "null", "9999-99-99", "2024-02-30", "00000000-0000-0000-0000-000000000000",
    ];
    static readonly string[] HostileNumbers = ["1e9", "1e308", "-1e308", "-1", "0", "-0.0", "9223372036854775808", "-9223372036854775809", "1.0000000000000000000000000001", "0.001", "1e-320", "2147483648"];
    static readonly string[] HostileQueryValues = ["%00", "%01", "%FF", "%ED%A0%80", "-1", "0", "1e9", "9223372036854775808", "abc", "", "%27%20OR%201%3D1", "2024-13-45", "A%25%25"];
    static readonly string[] HostilePathValues = ["not-an-id", "a%00", "%01", "-1", "0", "9223372036854775808", "%FF", "%2E%2E", "x%20y", "00000000-0000-0000-0000-000000000000"];

    static int Seed() => int.TryParse(Environment.GetEnvironmentVariable("RCM_FUZZ_SEED"), out var seed) ? seed : Random.Shared.Next();

    [Fact]
    public async Task Ten_thousand_seeded_requests_over_every_operation_get_no_5xx_and_every_process_keeps_serving()
    {
        var seed = Seed();
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"seed {seed} (RCM_FUZZ_SEED={seed} replays this run)");
        var gateway = await UnlimitedGateway.StartAsync(platform, "gateway-fuzzing");
        try
        {
            var tenant = await platform.NewTenantAsync();
            using var client = gateway.Client(tenant.ApiKey);
            using var admin = gateway.Client(platform.AdminKey);
            var operations = await OpenApiOperations.FromGatewayAsync(client, Ct);
            var all = operations.All().ToList();

            var random = new Random(seed);
            var requests = Enumerable.Range(1, Requests).Select(n => Draw(n, operations, all, random)).ToList();

            var statuses = new ConcurrentDictionary<int, int>();
            var failures = new ConcurrentQueue<string>();
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (fuzz, ct) =>
            {
                using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), fuzz.Url);
                if (fuzz.Body is not null)
                {
                    request.Content = new ByteArrayContent(fuzz.Body);
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
                }
                request.Headers.Add("Idempotency-Key", OpenApiOperations.RandomGuid(new Random(seed ^ fuzz.Number)).ToString());
                try
                {
                    using var response = await (fuzz.Admin ? admin : client).SendAsync(request, ct);
                    var status = (int)response.StatusCode;
                    statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                    var answer = await response.Content.ReadAsStringAsync(ct);
                    var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                    // Kestrel refuses a NUL in the decoded path before any middleware runs (an empty 400, RFC 9112 §3.2).
                    var kestrelRefused = status == 400 && answer.Length == 0 && fuzz.Url.Split('?')[0].Contains("%00");
                    if (status >= 500 || (status >= 400 && !problem && !kestrelRefused))
                        failures.Enqueue($"{fuzz}: {status} {answer[..Math.Min(answer.Length, 300)]}");
                }
                catch (HttpRequestException) when (fuzz.Body?.Length > GatewayBodyLimit)
                {
                    // A body over the gateway's limit (a list of 1000 copies of a 70,000-character string: 70 MB) is refused with 413 while
                    // the client is still sending it, and the connection closed (RFC 9110 §15.5.14 lets a server close it rather than read
                    // the rest): HttpClient reports the broken pipe, not the answer.
                    statuses.AddOrUpdate(413, 1, (_, c) => c + 1);
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    statuses.AddOrUpdate(0, 1, (_, c) => c + 1);
                    failures.Enqueue($"{fuzz}: no answer within {client.Timeout.TotalSeconds} s");
                }
                catch (HttpRequestException e)
                {
                    statuses.AddOrUpdate(0, 1, (_, c) => c + 1);
                    failures.Enqueue($"{fuzz}: no answer, {e.Message} {e.InnerException?.Message}");
                }
            });

            int Class(int hundred) => statuses.Where(s => s.Key / 100 == hundred).Sum(s => s.Value);
            output?.WriteLine($"{Requests} requests over {all.Count} operations: 2xx {Class(2)}, 3xx {Class(3)}, 4xx {Class(4)}, 5xx {Class(5)}, no answer {statuses.GetValueOrDefault(0)}");
            output?.WriteLine("by status: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")));
            // Kept beside the processes' logs too: a passing run's output is not shown by the runner.
            var logs = Path.Combine(TestEnvironment.Root, ".rcm", "logs", "e2e");
            Directory.CreateDirectory(logs);
            await File.AppendAllTextAsync(Path.Combine(logs, "fuzzing.txt"),
                $"seed {seed}: {Requests} requests over {all.Count} operations: 2xx {Class(2)}, 3xx {Class(3)}, 4xx {Class(4)}, 5xx {Class(5)}, no answer {statuses.GetValueOrDefault(0)}; "
                + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")) + "\n", Ct);

            Assert.True(failures.IsEmpty, $"seed {seed} (RCM_FUZZ_SEED): {failures.Count} of {Requests} requests answered 5xx, 4xx without problem details, or nothing:\n"
                + string.Join("\n", failures.Take(60)));
            Assert.Equal(Requests, statuses.Values.Sum());
            // Every process still serves: no input stopped one.
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var address in platform.ServiceAddresses.Values.Append(gateway.BaseAddress).Append(platform.Gateway))
                Assert.True((await probe.GetAsync(new Uri(address, "/health/live"), Ct)).IsSuccessStatusCode, $"{address} stopped serving (seed {seed})");
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    static FuzzRequest Draw(int number, OpenApiOperations operations, List<OpenApiOperation> all, Random random)
    {
        var operation = all[random.Next(all.Count)];
        var what = new List<string>();
        var method = operation.Method;
        if (random.Next(40) == 0)
        {
            method = new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD" }[random.Next(7)];
            what.Add("method " + method);
        }

        var path = OpenApiOperations.Fill(operation.Path, name => random.Next(6) == 0
            ? Pick(random, HostilePathValues, what, "path " + name)
            : operation.PathParameters.Any(p => p.Name == name) && name is not ("kind" or "payerId" or "submitterId" or "memberId" or "code" or "system")
                ? OpenApiOperations.RandomGuid(random).ToString() : null);

        var query = new List<string>();
        foreach (var parameter in operation.QueryParameters)
        {
            var roll = random.Next(6);
            if (roll == 0) query.Add($"{Uri.EscapeDataString(parameter.Name)}={Pick(random, HostileQueryValues, what, "query " + parameter.Name)}");
            else if (roll == 1 && parameter.Schema.ValueKind != JsonValueKind.Undefined
                     && operations.Example(parameter.Schema, parameter.Name, random) is JsonValue value)
                query.Add($"{Uri.EscapeDataString(parameter.Name)}={Uri.EscapeDataString(value.ToString())}");
        }
        if (random.Next(30) == 0) query.Add($"{Pick(random, HostileQueryValues, what, "query name")}=1");
        var url = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";

        byte[]? body = null;
        var contentType = "application/json";
        if (operation.BodySchema is { } schema && method is "POST" or "PUT" or "PATCH")
        {
            var example = operations.Example(schema, "", random)!;
            var text = random.Next(10) < 3 ? example.ToJsonString() : Spoil(example, random, what);
            body = text.Contains(LoneSurrogateMark, StringComparison.Ordinal)
                ? Encoding.UTF8.GetBytes(text.Replace(LoneSurrogateMark, "\\ud800"))
                : Encoding.UTF8.GetBytes(text);
            switch (random.Next(40))
            {
                case 0: body = [.. body.Take(body.Length / 2), 0xFF, 0xC3, 0x28, .. body.Skip(body.Length / 2)]; what.Add("bytes that are not UTF-8"); break;
                case 1: contentType = "text/plain"; what.Add("text/plain"); break;
                case 2: contentType = "application/json; charset=utf-16"; what.Add("declared UTF-16"); break;
                case 3: body = body[..(body.Length / 2)]; what.Add("cut in half"); break;
            }
        }
        return new FuzzRequest(number, method, url, body, contentType, operation.IsAdmin, what.Count == 0 ? "as drawn from the schema" : string.Join(", ", what));
    }

    const string LoneSurrogateMark = "@@lone-surrogate@@";

    static string Pick(Random random, string[] values, List<string> what, string where)
    {
        var value = values[random.Next(values.Length)];
        what.Add($"{where} '{value[..Math.Min(value.Length, 20)]}'");
        return value;
    }

    static string Spoil(JsonNode example, Random random, List<string> what)
    {
        switch (random.Next(20))
        {
            case 0: what.Add("deeply nested"); return "{\"a\":" + new string('[', 3000) + new string(']', 3000) + "}";
            case 1: what.Add("empty body"); return "";
            case 2: what.Add("null body"); return "null";
            case 3: what.Add("a list for the body"); return "[" + example.ToJsonString() + "]";
            case 4: what.Add("unknown field"); return With(example, o => o["noSuchField"] = 1);
        }
        var body = example;
        for (var spoils = 1 + random.Next(3); spoils > 0; spoils--)
        {
            var fields = OpenApiOperations.Fields(body); // again after each spoil: a list emptied or a field removed is gone
            if (fields.Count == 0) { what.Add("a field in an empty body"); return "{\"x\":1}"; }
            var field = fields[random.Next(fields.Count)];
            JsonNode? value;
            var roll = random.Next(10);
            if (roll == 0) { value = null; what.Add($"{field.Path} null"); }
            else if (roll == 1 && field.Steps[^1] is string name)
            {
                what.Add($"{field.Path} removed");
                body = Remove(body, field.Steps, name);
                continue;
            }
            else value = field.Kind switch
            {
                FieldKind.String when random.Next(8) == 0 => Marked(what, field, LoneSurrogateMark, "lone surrogate"),
                FieldKind.String => Marked(what, field, random.Next(4) == 0 ? JsonValue.Create(123) : HostileStrings[random.Next(HostileStrings.Length)], "spoiled"),
                FieldKind.Number => Marked(what, field, random.Next(5) == 0 ? JsonValue.Create("12abc") : JsonNode.Parse(HostileNumbers[random.Next(HostileNumbers.Length)]), "out of range"),
                FieldKind.Boolean => Marked(what, field, random.Next(2) == 0 ? JsonValue.Create("yes") : JsonValue.Create(1), "not a boolean"),
                FieldKind.Array => random.Next(3) switch
                {
                    0 => Marked(what, field, new JsonArray((JsonNode?)null), "null element"),
                    1 => Marked(what, field, new JsonArray([.. Enumerable.Range(0, 1000).Select(_ => At(body, field.Steps) is JsonArray { Count: > 0 } list ? list[0]?.DeepClone() : null)]), "1000 elements"),
                    _ => Marked(what, field, new JsonArray(), "empty list"),
                },
                _ => Marked(what, field, random.Next(2) == 0 ? JsonValue.Create(1) : new JsonArray(), "not an object"),
            };
            body = OpenApiOperations.With(body, field.Steps, value);
        }
        return body.ToJsonString();
    }

    static JsonNode? Marked(List<string> what, BodyField field, JsonNode? value, string how)
    {
        var shown = value?.ToJsonString() ?? "null";
        what.Add($"{field.Path} {how} {shown[..Math.Min(shown.Length, 20)]}");
        return value;
    }

    static JsonNode? At(JsonNode body, IReadOnlyList<object> steps)
    {
        JsonNode? node = body;
        foreach (var step in steps)
            node = step is string s ? node?[s] : node?[(int)step];
        return node;
    }

    static JsonNode Remove(JsonNode body, IReadOnlyList<object> steps, string name)
    {
        var copy = body.DeepClone();
        var parent = copy;
        for (var i = 0; i < steps.Count - 1; i++)
            parent = steps[i] is string s ? parent[s]! : parent[(int)steps[i]]!;
        parent.AsObject().Remove(name);
        return copy;
    }

    static string With(JsonNode example, Action<JsonObject> change)
    {
        var copy = example.DeepClone();
        if (copy is JsonObject o) change(o);
        return copy.ToJsonString();
    }
}
