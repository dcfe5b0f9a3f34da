using System.Threading.Channels;
using Dapper;
using Npgsql;

namespace RevenueCycle.Gateway.Access;

public sealed record AuditRecord(
    DateTimeOffset At, Guid? KeyId, Guid? TenantId, string Method, string Path, string? QueryKeys, int Status,
    decimal DurationMs, string? TraceId, string? CorrelationId, string? ClientIp);

/// <summary>
/// Every request through the gateway, written in batches by a background writer so the audit never
/// slows a request; on shutdown the queue is drained. Bodies and query values are never kept.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource db, ILogger<AuditLog> logger) : BackgroundService
{
    readonly Channel<AuditRecord> queue = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(100_000)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public ValueTask WriteAsync(AuditRecord record) => queue.Writer.WriteAsync(record);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditRecord>(500);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < 500 && queue.Reader.TryRead(out var r)) batch.Add(r);
                await FlushAsync(batch);
            }
        }
        catch (OperationCanceledException)
        {
            while (queue.Reader.TryRead(out var r)) batch.Add(r);
            await FlushAsync(batch);
        }
    }

    async Task FlushAsync(List<AuditRecord> batch)
    {
        if (batch.Count == 0) return;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync();
                await using var writer = await connection.BeginBinaryImportAsync(
                    "COPY audit_log (at, key_id, tenant_id, method, path, query_keys, status, duration_ms, trace_id, correlation_id, client_ip) FROM STDIN (FORMAT BINARY)");
                foreach (var r in batch)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(r.At.UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync(r.KeyId, NpgsqlTypes.NpgsqlDbType.Uuid);
                    await writer.WriteAsync(r.TenantId, NpgsqlTypes.NpgsqlDbType.Uuid);
                    await writer.WriteAsync(r.Method, NpgsqlTypes.NpgsqlDbType.Text);
                    await writer.WriteAsync(r.Path, NpgsqlTypes.NpgsqlDbType.Text);
                    await writer.WriteAsync(r.QueryKeys, NpgsqlTypes.NpgsqlDbType.Text);
                    await writer.WriteAsync(r.Status, NpgsqlTypes.NpgsqlDbType.Integer);
                    await writer.WriteAsync(r.DurationMs, NpgsqlTypes.NpgsqlDbType.Numeric);
                    await writer.WriteAsync(r.TraceId, NpgsqlTypes.NpgsqlDbType.Text);
                    await writer.WriteAsync(r.CorrelationId, NpgsqlTypes.NpgsqlDbType.Text);
                    await writer.WriteAsync(r.ClientIp, NpgsqlTypes.NpgsqlDbType.Text);
                }
                await writer.CompleteAsync();
                batch.Clear();
                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                logger.LogWarning(e, "Writing {Count} audit records failed (attempt {Attempt}); retrying", batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }
}
