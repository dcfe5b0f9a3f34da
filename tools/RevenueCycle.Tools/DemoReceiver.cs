using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RevenueCycle.Tools;

/// <summary>
/// The demo's webhook receiver, as a PM system would run one: an HTTP listener on 127.0.0.1 that checks each delivery's
/// RCM-Signature with the secret it was given (README, "Webhooks and the change feed") and keeps the events it accepted.
/// </summary>
public sealed class DemoReceiver : IDisposable
{
    readonly HttpListener listener = new();
    readonly List<(string Type, bool Signed)> received = [];

    public DemoReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/revenuecycle/";
        listener.Prefixes.Add(Url);
        listener.Start();
        _ = Task.Run(ListenAsync);
    }

    public string Url { get; }
    public string? Secret { get; set; }

    public IReadOnlyList<(string Type, bool Signed)> Received { get { lock (received) return [.. received]; } }

    async Task ListenAsync()
    {
        while (listener.IsListening)
        {
            try
            {
                var context = await listener.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var signed = Secret is not null && Verify(body, context.Request.Headers["RCM-Signature"] ?? "", Secret);
                var type = JsonDocument.Parse(body).RootElement.GetProperty("type").GetString() ?? "?";
                lock (received) received.Add((type, signed));
                context.Response.StatusCode = signed ? 200 : 401;
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or JsonException)
            {
                if (!listener.IsListening) return;
            }
        }
    }

    static bool Verify(string body, string header, string secret)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        if (!long.TryParse(parts.FirstOrDefault(p => p[0] == "t")?[1], out var t) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - t) > 300) return false;
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"))));
        return parts.Where(p => p[0] == "v1").Any(p => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(p[1]), expected));
    }

    public void Dispose() => listener.Close();
}
