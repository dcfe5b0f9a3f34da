using System.Diagnostics;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.ServiceDefaults.Messaging;

public sealed class OutboxOptions
{
    /// <summary>
    /// The longest the relay waits without a notification before it looks again: committed events wake it at once (LISTEN
    /// outbox), so this only paces retries after a failed publish and covers a lost listening connection.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; set; } = 100;
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Publishes committed outbox rows. Several processes may share a database (a service's replicas, the claims service and its
/// submission workers): one of them, holding <see cref="ActiveRelayLock"/>, is its active relay, and the others stand by and take
/// over when it goes. A batch is still taken with <c>FOR UPDATE SKIP LOCKED</c>, so a row is in one relay's hands at a time while
/// one takes over from another. A row whose publish fails
/// (the broker is down) is retried with exponential back-off; the outbox row's id is the message id,
/// so consumers' inboxes drop the rare duplicate of an at-least-once delivery. It sleeps until a transaction that wrote
/// outbox rows commits (the outbox table's trigger notifies the channel <c>outbox</c>) or <see cref="OutboxOptions.PollInterval"/>
/// passes, whichever is first.
/// </summary>
public sealed partial class OutboxRelay(
    NpgsqlDataSource db,
    IBus bus,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    public static readonly ActivitySource Source = new("RevenueCycle.Outbox");
    static readonly System.Reflection.Assembly Contracts = typeof(RevenueCycle.Contracts.Marker).Assembly;

    /// <summary>
    /// The session advisory lock of the database's active relay (pg_try_advisory_lock(class, id): a key space of its own, apart
    /// from the single-number locks of remittance files and idempotency keys).
    /// </summary>
    public static readonly (int Class, int Id) ActiveRelayLock = (0x4F425258, 1); // "OBRX"

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        NpgsqlConnection? listener = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Listening before looking, so that nothing committed between the look and the wait goes unnoticed.
                if (listener is null)
                {
                    var (connection, standby) = await LeadAsync(stoppingToken);
                    if (standby)
                    {
                        // Another process's relay is the database's active one (issue 20: every relay of a database woke on every
                        // commit, and all but one found nothing): this one stands by, and takes over within a poll interval of
                        // that process stopping or dying, whose session and lock go with it.
                        try { await Task.Delay(o.PollInterval, stoppingToken); } catch (OperationCanceledException) { return; }
                        continue;
                    }
                    listener = connection;
                }
                if (listener is not null && !await TryTakeNotificationsAsync(listener, stoppingToken))
                {
                    await Listening.ReturnAsync(listener);
                    listener = null;
                }
                int published;
                try
                {
                    published = await PublishBatchAsync(o, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRelayFailed(logger, e);
                    published = 0;
                }
                if (published >= o.BatchSize) continue;
                try
                {
                    if (listener is null)
                        await Task.Delay(o.PollInterval, stoppingToken);
                    else
                        await listener.WaitAsync(o.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException) { return; }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The listening connection broke (the database restarted): poll until a new one listens.
                    LogListenFailed(logger, e.Message);
                    await Listening.ReturnAsync(listener!);
                    listener = null;
                }
            }
        }
        finally
        {
            if (listener is not null) await Listening.ReturnAsync(listener);
        }
    }

    /// <summary>
    /// Takes the notifications already received before a look. Each was sent once its commit was visible, so the look that follows
    /// sees its rows: left waiting, they would wake the relay again to find nothing (issue 20: commits that came while the relay was
    /// publishing made most of its looks empty). False when the listening connection broke.
    /// </summary>
    async Task<bool> TryTakeNotificationsAsync(NpgsqlConnection listener, CancellationToken ct)
    {
        try
        {
            for (var i = 0; i < MaxNotificationsTaken && await listener.WaitAsync(NotificationTakeWait, ct); i++) { }
            return true;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogListenFailed(logger, e.Message);
            return false;
        }
    }

    static readonly TimeSpan NotificationTakeWait = TimeSpan.FromMilliseconds(1);
    const int MaxNotificationsTaken = 1000;

    /// <summary>The listening connection of the database's active relay, or standby when another relay is; neither when the database cannot be reached (it then polls).</summary>
    async Task<(NpgsqlConnection? Listener, bool Standby)> LeadAsync(CancellationToken ct)
    {
        try
        {
            var listener = await Listening.OpenExclusiveAsync(db, "outbox", ActiveRelayLock, ct);
            return (listener, listener is null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogListenFailed(logger, e.Message);
            return (null, false);
        }
    }

    sealed record Row(Guid Id, Guid? TenantId, string MessageType, string Body, string? TraceParent, int Attempts);

    async Task<int> PublishBatchAsync(OutboxOptions o, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var rows = (await connection.QueryAsync<Row>(
            """
            SELECT id, tenant_id, message_type, body::text AS body, traceparent, attempts
            FROM outbox
            WHERE published_at IS NULL AND next_attempt_at <= now()
            ORDER BY created_at, id
            LIMIT @Limit
            FOR UPDATE SKIP LOCKED
            """, new { Limit = o.BatchSize }, tx)).ToList();
        if (rows.Count == 0) return 0;

        var published = new List<Guid>(rows.Count);
        foreach (var row in rows)
        {
            try
            {
                await PublishAsync(row, o, ct);
                published.Add(row.Id);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                var delay = Backoff(row.Attempts + 1, o.MaxBackoff);
                LogPublishFailed(logger, row.MessageType, row.Id, row.Attempts + 1, delay, e.Message);
                await connection.ExecuteAsync(
                    """
                    UPDATE outbox SET attempts = attempts + 1, last_error = @Error,
                           next_attempt_at = now() + make_interval(secs => @Seconds)
                    WHERE id = @Id
                    """, new { row.Id, Error = e.Message, Seconds = delay.TotalSeconds }, tx);
                // Keep order per service: stop at the first failure and let back-off pace the retries.
                break;
            }
        }
        // One statement for the rows published (not one per row): the transaction commits them all at once anyway.
        if (published.Count > 0)
            await connection.ExecuteAsync(
                "UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY(@Ids)",
                new { Ids = published.ToArray() }, tx);
        await tx.CommitAsync(ct);
        return published.Count;
    }

    async Task PublishAsync(Row row, OutboxOptions o, CancellationToken ct)
    {
        var type = Contracts.GetType(row.MessageType, throwOnError: false)
            ?? throw new InvalidOperationException($"Unknown message type {row.MessageType}");
        var message = JsonSerializer.Deserialize(row.Body, type, Outbox.Json)!;

        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer, parent);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.PublishTimeout);
        await bus.Publish(message, type, context =>
        {
            context.MessageId = row.Id;
            if (row.TenantId is { } tenant) context.Headers.Set("tenant-id", tenant.ToString());
        }, timeout.Token);
    }

    static TimeSpan Backoff(int attempt, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(attempt, 16))));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Type} {Id} failed (attempt {Attempt}); retrying in {Delay}: {Error}")]
    static partial void LogPublishFailed(ILogger logger, string type, Guid id, int attempt, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox relay cannot listen for committed events ({Error}); it polls until it can")]
    static partial void LogListenFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox relay failed; it will try again")]
    static partial void LogRelayFailed(ILogger logger, Exception e);
}
