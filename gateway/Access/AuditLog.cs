using System.Threading.Channels;
using Dapper;
using Npgsql;

namespace RevenueCycle.Gateway.Access;

public sealed record AuditRecord(
    DateTimeOffset At, Guid? KeyId, Guid? TenantId, string Method, string Path, string? QueryKeys, int Status,
    decimal DurationMs, string? TraceId, string? CorrelationId, string? ClientIp, Guid[]? PatientIds = null, string? Refusal = null,
    Guid? UserId = null);

public sealed class AuditOptions
{
    /// <summary>Where records wait, append-only, while the database refuses them; replayed in order when it is back.</summary>
    public string SpoolPath { get; set; } = "audit-spool.jsonl";

    /// <summary>Tries of one batch before it is spooled.</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>How often a waiting spool is tried again when no new request comes.</summary>
    public TimeSpan ReplayInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Every request through the gateway, written in batches by a background writer so the audit never slows a request; on shutdown
/// the queue is drained. Bodies and query values are never kept. The audit never stops the gateway and never loses a record:
/// values PostgreSQL cannot store (NUL, other control characters, lone surrogates) are escaped, and while the database refuses,
/// records go to an append-only spool file, replayed in order (oldest first) before anything newer once it takes them again
/// (HIPAA §164.312(b): the audit trail of access must be complete).
/// </summary>
public sealed partial class AuditLog(NpgsqlDataSource db, Microsoft.Extensions.Options.IOptions<AuditOptions> options, ILogger<AuditLog> logger) : BackgroundService
{
    static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    readonly Channel<AuditRecord> queue = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(100_000)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public ValueTask WriteAsync(AuditRecord record) => queue.Writer.WriteAsync(record);

    public bool TryWrite(AuditRecord record) => queue.Writer.TryWrite(record);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditRecord>(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(options.Value.ReplayInterval);
                bool more;
                try { more = await queue.Reader.WaitToReadAsync(wait.Token); }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { more = true; }
                if (!more) break;
                while (batch.Count < 500 && queue.Reader.TryRead(out var r)) batch.Add(r);
                await PersistAsync(batch);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Nothing here may stop the host: whatever went wrong, the batch is on disk before we go on.
                LogWriterFault(logger, e);
                Spool(batch);
            }
        }
        while (queue.Reader.TryRead(out var r)) batch.Add(r);
        await PersistAsync(batch);
    }

    /// <summary>Writes the spool (older) and then the batch; whatever the database refuses goes to the spool. Never throws.</summary>
    async Task PersistAsync(List<AuditRecord> batch)
    {
        if (File.Exists(options.Value.SpoolPath) && !await TryReplayAsync())
        {
            Spool(batch);
            return;
        }
        if (batch.Count == 0) return;
        for (var attempt = 1; attempt <= options.Value.Attempts; attempt++)
        {
            try
            {
                await CopyAsync(batch);
                batch.Clear();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or PostgresException or IOException or InvalidOperationException or TimeoutException)
            {
                LogWriteFailed(logger, e, batch.Count, attempt);
                if (attempt < options.Value.Attempts) await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
        Spool(batch);
    }

    /// <summary>Appends the batch to the spool file; if even that fails (disk full, read-only), the batch stays in memory and is tried again.</summary>
    void Spool(List<AuditRecord> batch)
    {
        if (batch.Count == 0) return;
        try
        {
            using (var file = new FileStream(options.Value.SpoolPath, FileMode.Append, FileAccess.Write, FileShare.Read))
            using (var writer = new StreamWriter(file))
            {
                foreach (var r in batch) writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(r, Json));
                writer.Flush();
                file.Flush(flushToDisk: true);
            }
            LogSpooled(logger, batch.Count, options.Value.SpoolPath);
            batch.Clear();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogSpoolFailed(logger, e, batch.Count, options.Value.SpoolPath);
        }
    }

    async Task<bool> TryReplayAsync()
    {
        var path = options.Value.SpoolPath;
        try
        {
            var records = File.ReadLines(path).Where(l => l.Length > 0)
                .Select(l => System.Text.Json.JsonSerializer.Deserialize<AuditRecord>(l, Json)!).ToList();
            foreach (var chunk in records.Chunk(500)) await CopyAsync(chunk);
            File.Delete(path);
            LogReplayed(logger, records.Count);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException or IOException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    async Task CopyAsync(IReadOnlyList<AuditRecord> batch)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY audit_log (at, key_id, tenant_id, method, path, query_keys, status, duration_ms, trace_id, correlation_id, client_ip, patient_ids, refusal, user_id) FROM STDIN (FORMAT BINARY)");
        foreach (var r in batch)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(r.At.UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(r.KeyId, NpgsqlTypes.NpgsqlDbType.Uuid);
            await writer.WriteAsync(r.TenantId, NpgsqlTypes.NpgsqlDbType.Uuid);
            await writer.WriteAsync(Storable(r.Method), NpgsqlTypes.NpgsqlDbType.Text);
            await writer.WriteAsync(Storable(r.Path), NpgsqlTypes.NpgsqlDbType.Text);
            await writer.WriteAsync(Storable(r.QueryKeys), NpgsqlTypes.NpgsqlDbType.Text);
            await writer.WriteAsync(r.Status, NpgsqlTypes.NpgsqlDbType.Integer);
            await writer.WriteAsync(r.DurationMs, NpgsqlTypes.NpgsqlDbType.Numeric);
            await writer.WriteAsync(Storable(r.TraceId), NpgsqlTypes.NpgsqlDbType.Text);
            await writer.WriteAsync(Storable(r.CorrelationId), NpgsqlTypes.NpgsqlDbType.Text);
            await writer.WriteAsync(Storable(r.ClientIp), NpgsqlTypes.NpgsqlDbType.Text);
            await writer.WriteAsync(r.PatientIds, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid);
            await writer.WriteAsync(Storable(r.Refusal), NpgsqlTypes.NpgsqlDbType.Text);
            await writer.WriteAsync(r.UserId, NpgsqlTypes.NpgsqlDbType.Uuid);
        }
        await writer.CompleteAsync();
    }

    /// <summary>PostgreSQL text holds no NUL (22021) and no lone surrogate: control characters are kept visibly as \uXXXX.</summary>
    public static string? Storable(string? value)
    {
        if (value is null) return null;
        if (!value.Any(c => char.IsControl(c) || char.IsSurrogate(c))) return value;
        var text = new System.Text.StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { text.Append(c).Append(value[++i]); continue; }
            if (char.IsControl(c) || char.IsSurrogate(c)) text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else text.Append(c);
        }
        return text.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} audit records failed (attempt {Attempt})")]
    static partial void LogWriteFailed(ILogger logger, Exception e, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database refuses audit records: {Count} spooled to {Path}")]
    static partial void LogSpooled(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Neither the database nor the spool file {Path} takes {Count} audit records; they are kept in memory and tried again")]
    static partial void LogSpoolFailed(ILogger logger, Exception e, int count, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Count} spooled audit records")]
    static partial void LogReplayed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit writer failed; its batch was spooled")]
    static partial void LogWriterFault(ILogger logger, Exception e);
}
