using System.Collections.Concurrent;
using MassTransit;

namespace RevenueCycle.EndToEnd.Platform;

/// <summary>
/// Listens on the platform's RabbitMQ for events of type <typeparamref name="T"/> on a queue of its
/// own (deleted when the probe is), as any other consumer would, and keeps what it saw.
/// </summary>
public sealed class EventProbe<T> : IAsyncDisposable where T : class
{
    readonly IBusControl bus;
    public ConcurrentQueue<(Guid? MessageId, T Message)> Received { get; } = new();

    EventProbe(IBusControl bus) => this.bus = bus;

    public static async Task<EventProbe<T>> StartAsync()
    {
        EventProbe<T>? probe = null;
        var bus = TestEnvironment.Bus(cfg =>
            cfg.ReceiveEndpoint($"e2e-probe-{typeof(T).Name}-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<T>(context =>
                {
                    probe!.Received.Enqueue((context.MessageId, context.Message));
                    return Task.CompletedTask;
                });
            }));
        probe = new EventProbe<T>(bus);
        await bus.StartAsync();
        return probe;
    }

    /// <summary>Waits for the first event matching <paramref name="match"/>.</summary>
    public async Task<T> WaitFor(Func<T, bool> match, TimeSpan? within = null)
    {
        var found = await Eventually.Get(() => Task.FromResult(Received.Select(r => r.Message).FirstOrDefault(match)),
            within ?? TimeSpan.FromSeconds(15), $"a {typeof(T).Name} event");
        return found;
    }

    public int Count(Func<T, bool> match) => Received.Count(r => match(r.Message));

    public ValueTask DisposeAsync() => new(bus.StopAsync());
}
