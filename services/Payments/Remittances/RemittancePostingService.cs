using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RevenueCycle.Payments.Remittances;

public sealed class RemittancePostingOptions
{
    /// <summary>A body larger than this is answered 202 and posted in the background, as one sent with <c>Prefer: respond-async</c>.</summary>
    public long AsyncThresholdBytes { get; set; } = 2L * 1024 * 1024;

    /// <summary>How often files left unfinished (a crash of another instance) are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A file younger than this is left to the request that received it.</summary>
    public TimeSpan UnfinishedAfter { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Posts the 835 files answered 202 (RFC 7240 <c>Prefer: respond-async</c>, or larger than the threshold) after the request has
/// committed them as <c>received</c>; at start, and then every <see cref="RemittancePostingOptions.SweepInterval"/>, it also posts
/// every file left <c>received</c> or <c>posting</c> — the Payments process stopped before it finished, and its transaction rolled
/// back — so nothing received is lost, and nothing is posted twice (the importer's lock and the file's status see to that).
/// </summary>
public sealed partial class RemittancePostingService(NpgsqlDataSource db, RemittanceImporter importer, IOptions<RemittancePostingOptions> options,
    TimeProvider clock, ILogger<RemittancePostingService> logger) : BackgroundService
{
    readonly Channel<(Guid Tenant, Guid FileId)> queue = Channel.CreateUnbounded<(Guid, Guid)>();

    public void Enqueue(Guid tenant, Guid fileId) => queue.Writer.TryWrite((tenant, fileId));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextSweep = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.GetUtcNow() >= nextSweep)
                {
                    await ResumeUnfinishedAsync(nextSweep == DateTimeOffset.MinValue ? TimeSpan.Zero : options.Value.UnfinishedAfter, stoppingToken);
                    nextSweep = clock.GetUtcNow() + options.Value.SweepInterval;
                }
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(options.Value.SweepInterval);
                var (tenant, fileId) = await queue.Reader.ReadAsync(wait.Token);
                await PostAsync(tenant, fileId, stoppingToken);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The sweep's turn.
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, e);
            }
        }
    }

    /// <summary>Posts every file left received or posting (at start: all of them; later: those older than <paramref name="olderThan"/>). Returns how many it posted.</summary>
    public async Task<int> ResumeUnfinishedAsync(TimeSpan olderThan, CancellationToken ct)
    {
        List<(Guid Tenant, Guid Id)> files;
        await using (var connection = await db.OpenConnectionAsync(ct))
            files = [.. await connection.QueryAsync<(Guid, Guid)>(
                "SELECT tenant_id, id FROM remittance_files WHERE status IN ('received', 'posting') AND received_at <= @Before ORDER BY id",
                new { Before = clock.GetUtcNow() - olderThan })];
        var done = 0;
        foreach (var (tenant, id) in files)
            if (await PostAsync(tenant, id, ct)) done++;
        return done;
    }

    async Task<bool> PostAsync(Guid tenant, Guid fileId, CancellationToken ct)
    {
        var result = await importer.PostFileAsync(tenant, fileId, null, wait: false, ct);
        if (result is not null) LogPosted(logger, fileId, tenant, result.Status, result.Error?.Message);
        return result is not null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "835 file {FileId} of tenant {Tenant} posted in the background: {Status} {Error}")]
    static partial void LogPosted(ILogger logger, Guid fileId, Guid tenant, ImportStatus status, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Posting an 835 file in the background failed; the next sweep tries again")]
    static partial void LogFailed(ILogger logger, Exception e);
}
