using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace RevenueCycle.Tools;

/// <summary>A thin client of the public API: JSON in, JSON out, and a clear message when a call is refused.</summary>
public sealed class Api(Uri baseAddress, string? key)
{
    readonly HttpClient http = Create(baseAddress, key);

    static HttpClient Create(Uri baseAddress, string? key)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public Task<JsonElement> Post(string path, object? body = null, string? idempotencyKey = null) => Send(HttpMethod.Post, path, body, idempotencyKey);
    public Task<JsonElement> Put(string path, object body) => Send(HttpMethod.Put, path, body);

    /// <summary>A file as the body (an 835, a bank's deposit file), as a PM system uploads it.</summary>
    public async Task<JsonElement> PostText(string path, string text, string mediaType)
    {
        var response = await SendWithBackoff(() => new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(text, System.Text.Encoding.ASCII, mediaType),
        });
        return await Read(response, HttpMethod.Post, path);
    }
    public Task<JsonElement> Get(string path) => Send(HttpMethod.Get, path, null);

    /// <summary>
    /// Creates what has a natural key (a patient's MRN, a payer's id, a provider's NPI, a coverage's priority) and answers its id, or
    /// the id of the one already there (the 409's <c>existingId</c>): what a re-run of a seed needs to make nothing twice.
    /// </summary>
    public async Task<(Guid Id, bool Created)> Ensure(string path, object body)
    {
        var response = await SendWithBackoff(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) });
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var text = await response.Content.ReadAsStringAsync();
            using var problem = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
            if (problem.RootElement.TryGetProperty("existingId", out var existing) && existing.ValueKind == JsonValueKind.String)
                return (existing.GetGuid(), false);
            throw new ApiException($"POST {path} answered 409: {text}");
        }
        return ((await Read(response, HttpMethod.Post, path)).Id(), true);
    }

    public async Task<JsonElement?> TryGet(string path)
    {
        var response = await SendWithBackoff(() => new HttpRequestMessage(HttpMethod.Get, path));
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return await Read(response, HttpMethod.Get, path);
    }

    public async Task<string> GetText(string path)
    {
        var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new ApiException($"GET {path} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    async Task<JsonElement> Send(HttpMethod method, string path, object? body, string? idempotencyKey = null)
    {
        var response = await SendWithBackoff(() =>
        {
            var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = JsonContent.Create(body);
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        });
        return await Read(response, method, path);
    }

    /// <summary>As a well-behaved PM system does: on 429, wait the gateway's Retry-After and send again (bounded).</summary>
    async Task<HttpResponseMessage> SendWithBackoff(Func<HttpRequestMessage> request)
    {
        const int MaxAttempts = 20;
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            var response = await http.SendAsync(message);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == MaxAttempts) return response;
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            Interlocked.Increment(ref throttled);
            await Task.Delay(wait + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250)));
        }
    }

    int throttled;

    /// <summary>How many times the gateway asked this client to slow down (429).</summary>
    public int Throttled => Volatile.Read(ref throttled);

    static async Task<JsonElement> Read(HttpResponseMessage response, HttpMethod method, string path)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new ApiException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>All items of a paged list.</summary>
    public async Task<List<JsonElement>> All(string path)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var sep = path.Contains('?') ? '&' : '?';
            var page = await Get(cursor is null ? $"{path}{sep}limit=500" : $"{path}{sep}limit=500&cursor={cursor}");
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        } while (cursor is not null);
        return items;
    }
}

public sealed class ApiException(string message) : Exception(message);

public static class Json
{
    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static decimal Dec(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : 0m;

    public static Guid Id(this JsonElement e) => e.GetProperty("id").GetGuid();
}
