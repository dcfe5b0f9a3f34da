using Dapper;
using Npgsql;
using RevenueCycle.Contracts.Clearinghouse;
using RevenueCycle.Payments.Remittances;
using RevenueCycle.ServiceDefaults.Clearinghouse;

namespace RevenueCycle.Payments.Mailbox;

public sealed class MailboxOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>How often the mailbox of a practice that has just submitted a claim is looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a practice's mailbox goes unlooked at while it keeps coming back empty (<see cref="MailboxSchedule"/>).</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many practices' mailboxes are collected at once: one practice's large 835 or slow answer does not hold up the others'.</summary>
    public int Parallelism { get; set; } = 4;
}

/// <summary>
/// Collects the 835s waiting in the clearinghouse mailbox of every tenant Payments knows (from
/// ClaimSubmitted) and posts each exactly like an upload. Collect, store, then delete
/// (docs/clearinghouse.md): a crash between storing and deleting collects the file again, and the
/// importer's de-duplication (the payer and its TRN02, whatever the envelope) posts nothing twice. A clearinghouse that is
/// down is a failed cycle, logged, and tried again at the next one.
/// </summary>
public sealed partial class MailboxCollector(
    IServiceScopeFactory scopes, NpgsqlDataSource db, RemittanceImporter importer, Microsoft.Extensions.Options.IOptions<MailboxOptions> options,
    TimeProvider clock, ILogger<MailboxCollector> logger) : BackgroundService
{
    readonly MailboxSchedule schedule = new(options.Value.PollInterval, options.Value.IdlePollInterval);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CollectOnceAsync(schedule, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCycleFailed(logger, e);
            }
            try { await Task.Delay(options.Value.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Collects from the mailbox of every practice that has submitted a claim (all of them when no schedule is given).</summary>
    public async Task<int> CollectOnceAsync(MailboxSchedule? schedule, CancellationToken ct)
    {
        List<(Guid Tenant, DateTimeOffset? LastActivity)> submitters;
        await using (var connection = await db.OpenConnectionAsync(ct))
            submitters = [.. await connection.QueryAsync<(Guid, DateTimeOffset?)>("SELECT tenant_id, max(submitted_at) FROM claims GROUP BY tenant_id")];
        var tenants = schedule is null ? submitters.Select(s => s.Tenant).ToList() : schedule.Due(submitters, clock.GetUtcNow());
        if (tenants.Count == 0) return 0;
        var found = new System.Collections.Concurrent.ConcurrentDictionary<Guid, bool>();

        using var scope = scopes.CreateScope();
        var clearinghouse = scope.ServiceProvider.GetRequiredService<ClearinghouseClient>();
        var collected = 0;
        var clearinghouseDown = false;
        // Practices are independent: each one's files are collected in order, several practices at once.
        await Parallel.ForEachAsync(tenants, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Parallelism), CancellationToken = ct },
            async (tenant, token) =>
            {
                if (Volatile.Read(ref clearinghouseDown)) return;
                var submitter = SubmitterIds.For(tenant);
                var listing = await clearinghouse.ListMailboxAsync(submitter, MailboxKinds.Remittance, token);
                if (!listing.Succeeded)
                {
                    // Down or refusing: the next cycle tries again; there is no point asking for the other tenants now.
                    if (listing.Failure.IsTransient) Volatile.Write(ref clearinghouseDown, true);
                    return;
                }
                found[tenant] = listing.Value!.Count > 0;
                foreach (var item in listing.Value!)
                {
                    // Streamed from the clearinghouse into the importer's spool file, never one string in memory.
                    var file = await clearinghouse.GetFileAsync(submitter, item.Id,
                        (body, t) => importer.ImportAsync(tenant, body, RemittanceSources.Mailbox, item.Id.ToString(), t), token);
                    if (!file.Succeeded) break;
                    var result = file.Value!;
                    LogCollected(logger, item.Id, tenant, result.Status, result.Error?.Message);
                    // A rejected file is stored with its error for a person to look at; leaving it would collect it forever.
                    await clearinghouse.DeleteFileAsync(submitter, item.Id, token);
                    Interlocked.Increment(ref collected);
                }
            });
        // The schedule is one loop's: updated here, after the parallel looks, not from inside them.
        foreach (var (tenant, any) in found) schedule?.Looked(tenant, any, clock.GetUtcNow());
        return collected;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Collected 835 {FileId} of tenant {Tenant}: {Status} {Error}")]
    static partial void LogCollected(ILogger logger, Guid fileId, Guid tenant, ImportStatus status, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A mailbox collection cycle failed; the next one tries again")]
    static partial void LogCycleFailed(ILogger logger, Exception e);
}
