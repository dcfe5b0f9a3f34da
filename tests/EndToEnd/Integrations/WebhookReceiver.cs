using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Integrations;

/// <summary>One POST a receiver took: its headers, raw body and when it came.</summary>
public sealed record Received(string EventId, string Signature, string Body, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    public string Type => Json.GetProperty("type").GetString()!;
    public Guid Id => Json.GetProperty("id").GetGuid();
    public JsonElement Data => Json.GetProperty("data");

    /// <summary>The receiver's check, written from the README (not from the platform's code): any v1 equal to HMAC-SHA256(secret, "t.body").</summary>
    public bool SignedWith(string secret)
    {
        var parts = Signature.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        var t = parts.Single(p => p[0] == "t")[1];
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{Body}")));
        return Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(t)) < 300 && parts.Any(p => p[0] == "v1" && p[1] == expected);
    }
}

/// <summary>
/// A webhook receiver as an integrator runs it: an HTTP listener on 127.0.0.1 that keeps what it received and answers
/// what <see cref="Answer"/> says for the n-th request (200 by default).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly HttpListener listener = new();
    readonly List<Received> received = [];
    readonly Task loop;

    public WebhookReceiver()
    {
        var port = TestEnvironment.FreePort();
        Url = $"http://127.0.0.1:{port}/hooks/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ListenAsync);
    }

    public string Url { get; }

    /// <summary>The status code for the request numbered n (1-based) and what it carried.</summary>
    public Func<int, Received, Task<int>> Answer { get; set; } = (_, _) => Task.FromResult(200);

    public IReadOnlyList<Received> All { get { lock (received) return [.. received]; } }

    async Task ListenAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    async Task HandleAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var r = new Received(context.Request.Headers["RCM-Event-Id"] ?? "", context.Request.Headers["RCM-Signature"] ?? "", await reader.ReadToEndAsync(), DateTimeOffset.UtcNow);
        int n;
        lock (received)
        {
            received.Add(r);
            n = received.Count;
        }
        try
        {
            context.Response.StatusCode = await Answer(n, r);
            var answer = Encoding.UTF8.GetBytes($"request {n}");
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The sender went away (a process killed mid-delivery).
        }
    }

    /// <summary>Polls until a received request matches, or fails after <paramref name="within"/>.</summary>
    public Task<Received> WaitForAsync(Func<Received, bool> match, string what, TimeSpan? within = null) =>
        Eventually.Get(() => Task.FromResult(All.FirstOrDefault(match)), within ?? TimeSpan.FromSeconds(90), what);

    public ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        return new ValueTask(loop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }));
    }
}
