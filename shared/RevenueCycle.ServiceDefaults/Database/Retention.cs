using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RevenueCycle.ServiceDefaults.Database;

public sealed class RetentionOptions
{
    /// <summary>How long a published outbox row is kept (for tracing what was sent); an unsent row is never pruned.</summary>
    public TimeSpan Outbox { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a handled message id is kept. It must outlive every way a copy can still arrive: MassTransit's in-process
    /// retries take seconds (<see cref="Messaging.MessagingSetup.RetryIntervals"/>) and an unacknowledged message is redelivered
    /// as soon as its channel closes, but a message also waits in its queue for as long as its consumer is down (RabbitMQ queues
    /// have no TTL unless one is set: https://www.rabbitmq.com/docs/ttl) and an operator may move an <c>_error</c> queue's
    /// messages back days later. A month covers an outage over a long weekend and the error queue's review with room to spare.
    /// </summary>
    public TimeSpan Inbox { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long an <c>Idempotency-Key</c> answers its first response again (a PM system retrying after its own outage).</summary>
    public TimeSpan Idempotency { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the pruner runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement: short transactions, no long lock on a busy table.</summary>
    public int BatchSize { get; set; } = 1000;
}

/// <summary>
/// Deletes outbox rows sent, inbox ids handled and idempotency keys answered longer ago than <see cref="RetentionOptions"/>, in
/// batches, in every service. Ages are measured against <see cref="TimeProvider"/>, so a test moves the clock instead of waiting.
/// </summary>
public sealed partial class Retention(NpgsqlDataSource db, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<Retention> logger)
    : BackgroundService
{
    public sealed record Pruned(int Outbox, int Inbox, int IdempotencyKeys);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first pass waits one interval too: a service starting up has better things to do.
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(options.Value.Interval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
            try
            {
                var pruned = await PruneAsync(stoppingToken);
                if (pruned.Outbox + pruned.Inbox + pruned.IdempotencyKeys > 0)
                    LogPruned(logger, pruned.Outbox, pruned.Inbox, pruned.IdempotencyKeys);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruneFailed(logger, e);
            }
        }
    }

    /// <summary>One pass over the three tables.</summary>
    public async Task<Pruned> PruneAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        // Only rows the relay has published: an unsent event is the state change's promise to the other services.
        var outbox = await DeleteInBatchesAsync(
            "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE published_at IS NOT NULL AND published_at < @Cutoff LIMIT @Batch)",
            now - o.Outbox, o.BatchSize, ct);
        var inbox = await DeleteInBatchesAsync(
            "DELETE FROM inbox WHERE ctid IN (SELECT ctid FROM inbox WHERE processed_at < @Cutoff LIMIT @Batch)",
            now - o.Inbox, o.BatchSize, ct);
        var keys = await DeleteInBatchesAsync(
            "DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE created_at < @Cutoff LIMIT @Batch)",
            now - o.Idempotency, o.BatchSize, ct);
        return new Pruned(outbox, inbox, keys);
    }

    async Task<int> DeleteInBatchesAsync(string sql, DateTime cutoff, int batch, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var deleted = await connection.ExecuteAsync(new CommandDefinition(sql, new { Cutoff = cutoff, Batch = batch }, cancellationToken: ct));
            total += deleted;
            if (deleted < batch) return total;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Outbox} sent outbox rows, {Inbox} inbox ids and {Keys} idempotency keys past their retention")]
    static partial void LogPruned(ILogger logger, int outbox, int inbox, int keys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning past retention failed; it will try again")]
    static partial void LogPruneFailed(ILogger logger, Exception e);
}
