using System.Net;
using System.Net.Sockets;

namespace RevenueCycle.EndToEnd.Platform;

/// <summary>
/// A TCP relay between one service and RabbitMQ, so a test can take "the broker" away from that
/// service (and give it back) without stopping the broker the other tests share.
/// </summary>
public sealed class TcpProxy(string targetHost, int targetPort) : IAsyncDisposable
{
    readonly List<TcpClient> open = [];
    TcpListener? listener;
    CancellationTokenSource? running;

    public int Port { get; } = TestEnvironment.FreePort();

    public void Start()
    {
        running = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _ = AcceptAsync(listener, running.Token);
    }

    /// <summary>Closes the listening socket and every relayed connection: to the service, the broker is gone.</summary>
    public void Stop()
    {
        running?.Cancel();
        listener?.Stop();
        lock (open)
        {
            foreach (var c in open) c.Dispose();
            open.Clear();
        }
    }

    async Task AcceptAsync(TcpListener l, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await l.AcceptTcpClientAsync(ct); }
            catch { return; }
            var upstream = new TcpClient();
            try { await upstream.ConnectAsync(targetHost, targetPort, ct); }
            catch { client.Dispose(); upstream.Dispose(); continue; }
            lock (open) { open.Add(client); open.Add(upstream); }
            _ = PumpAsync(client, upstream, ct);
        }
    }

    static async Task PumpAsync(TcpClient a, TcpClient b, CancellationToken ct)
    {
        try
        {
            await Task.WhenAny(a.GetStream().CopyToAsync(b.GetStream(), ct), b.GetStream().CopyToAsync(a.GetStream(), ct));
        }
        catch { }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
