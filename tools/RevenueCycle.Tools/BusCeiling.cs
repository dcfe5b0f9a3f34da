using System.Diagnostics;
using MassTransit;

namespace RevenueCycle.Tools;

public sealed record Ping(int Sequence);

/// <summary>
/// The platform's own ceiling on this machine: MassTransit publish + consume of a trivial message on
/// the same RabbitMQ, with the same defaults the services use (durable queue, retry, prefetch).
/// The pipeline's message rate is reported as a share of this.
/// </summary>
public static class BusCeiling
{
    public static async Task<double> MeasureAsync(string host, ushort port, string virtualHost, int messages, TextWriter output)
    {
        var received = 0;
        var done = new TaskCompletionSource();
        var queue = $"rcm-load-ceiling-{Guid.NewGuid():N}";
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(host, port, virtualHost, BrokerCredentials.Apply);
            cfg.ReceiveEndpoint(queue, e =>
            {
                e.AutoDelete = true;
                e.UseMessageRetry(r => r.Intervals(100, 500));
                e.Handler<Ping>(_ =>
                {
                    if (Interlocked.Increment(ref received) == messages) done.TrySetResult();
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        try
        {
            // Warm up (connections, JIT) with one message through the same exchange, then count from zero.
            // (Not a direct send to the queue: that would declare it durable and clash with this auto-delete one.)
            await bus.Publish(new Ping(-1));
            while (Volatile.Read(ref received) == 0) await Task.Delay(10);
            Interlocked.Exchange(ref received, 0);
            var clock = Stopwatch.StartNew();
            const int window = 256;
            var inFlight = new List<Task>(window);
            for (var i = 0; i < messages; i++)
            {
                inFlight.Add(bus.Publish(new Ping(i)));
                if (inFlight.Count == window)
                {
                    await Task.WhenAll(inFlight);
                    inFlight.Clear();
                }
            }
            await Task.WhenAll(inFlight);
            await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
            clock.Stop();
            var rate = messages / clock.Elapsed.TotalSeconds;
            output.WriteLine($"  MassTransit publish+consume ceiling: {messages} messages in {clock.Elapsed.TotalSeconds:0.00} s = {rate:0} msg/s");
            return rate;
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
