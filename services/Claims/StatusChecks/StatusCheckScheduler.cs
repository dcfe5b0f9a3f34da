using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Claims.StatusChecks;

public sealed record StatusCheckSent(Guid ClaimId, Guid CheckId, string Result);

/// <summary>What one run of the checker sent (for one practice): the instant it ran as of, and each check.</summary>
public sealed record StatusCheckRun(DateTimeOffset AsOf, IReadOnlyList<StatusCheckSent> Sent);

/// <summary>
/// The scheduled claim status checker (api role): every <c>Claims:StatusCheckIntervalSeconds</c> (3600 by default) it sends a 276 for
/// each claim sent to a payer (submitted or accepted) with no 835 posted once the payer's <c>statusCheckAfterDays</c> have passed since
/// it was sent (0: never), that had no answered check in the last <c>statusCheckEveryDays</c>, up to the payer's <c>statusChecksPerDay</c>
/// (every check that UTC day counts, manual ones too), oldest submissions first. Each practice's run holds a PostgreSQL advisory lock
/// (<c>claims:status-checks:{tenant}</c>) and reads what is due under it, so several Claims processes never send one twice.
/// </summary>
public sealed partial class StatusCheckScheduler(
    NpgsqlDataSource db, IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<StatusCheckScheduler> logger) : BackgroundService
{
    const int MaxPerRun = 500;

    TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Claims:StatusCheckIntervalSeconds", 3600)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                var tenants = (await connection.QueryAsync<Guid>(
                    "SELECT DISTINCT tenant_id FROM claims WHERE status IN ('submitted', 'accepted') AND route <> 'manual'")).ToList();
                foreach (var tenant in tenants)
                {
                    var run = await RunAsync(tenant, clock.GetUtcNow(), wait: false, stoppingToken);
                    if (run is { Sent.Count: > 0 }) LogRun(logger, run.Sent.Count, tenant);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, e);
            }
        }
    }

    /// <summary>
    /// One run for one practice as of <paramref name="asOf"/>; null when another process holds the practice's run and
    /// <paramref name="wait"/> is false.
    /// </summary>
    public async Task<StatusCheckRun?> RunAsync(Guid tenant, DateTimeOffset asOf, bool wait, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var key = $"claims:status-checks:{tenant}";
        if (wait)
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(hashtextextended(@Key, 0))", new { Key = key }, cancellationToken: ct));
        else if (!await connection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(hashtextextended(@Key, 0))", new { Key = key }))
            return null;
        try
        {
            var due = (await connection.QueryAsync<Guid>(DueSql, new { Tenant = tenant, Now = asOf, Max = MaxPerRun, Finalized = StatusCheckResults.FinalizedResults })).ToList();
            var sent = new List<StatusCheckSent>();
            using var scope = scopes.CreateScope();
            var sender = scope.ServiceProvider.GetRequiredService<StatusCheckSender>();
            foreach (var claimId in due)
            {
                if (await ClaimStore.FindAsync(connection, tenant, claimId) is not { } claim) continue;
                var check = await sender.CheckAsync(claim, StatusCheckTriggers.Scheduled, "scheduler", asOf, ct);
                sent.Add(new StatusCheckSent(claimId, check.Id, check.Result));
            }
            return new StatusCheckRun(asOf, sent);
        }
        finally
        {
            await SessionLocks.ReleaseAsync(connection, "SELECT pg_advisory_unlock(hashtextextended(@Key, 0))", new { Key = key });
        }
    }

    /// <summary>The claims due a check, at most the payer's daily limit less what it was sent that day, oldest submission first.</summary>
    const string DueSql =
        $"""
        WITH candidates AS (
            SELECT c.id, c.payer_id, coalesce(b.sent_at, b.created_at) AS submitted_at, {StatusCheckSettings.PerDaySql} AS per_day
            FROM claims c
            JOIN batches b ON b.id = c.last_batch_id AND b.tenant_id = c.tenant_id
            LEFT JOIN payer_settings ps ON ps.tenant_id = c.tenant_id AND ps.payer_id = c.payer_id
            WHERE c.tenant_id = @Tenant AND c.status IN ('submitted', 'accepted') AND c.route <> 'manual'
              AND {StatusCheckSettings.AfterDaysSql} > 0
              AND coalesce(b.sent_at, b.created_at) <= @Now - make_interval(days => {StatusCheckSettings.AfterDaysSql})
              AND NOT EXISTS (SELECT 1 FROM claim_payments p WHERE p.claim_id = c.id)
              AND NOT EXISTS (SELECT 1 FROM claim_status_checks s
                              WHERE s.claim_id = c.id AND s.result <> 'error'
                                AND s.checked_at > @Now - make_interval(days => {StatusCheckSettings.EveryDaysSql}) AND s.checked_at <= @Now)
        ), ranked AS (
            SELECT id, payer_id, per_day, row_number() OVER (PARTITION BY payer_id ORDER BY submitted_at, id) AS n FROM candidates
        )
        SELECT r.id FROM ranked r
        WHERE r.n <= r.per_day - (SELECT count(*) FROM claim_status_checks s
                                  WHERE s.tenant_id = @Tenant AND s.payer_id = r.payer_id
                                    AND s.checked_at >= date_trunc('day', @Now, 'UTC') AND s.checked_at < date_trunc('day', @Now, 'UTC') + interval '1 day')
        ORDER BY r.payer_id, r.n
        LIMIT @Max
        """;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} scheduled claim status checks for tenant {Tenant}")]
    static partial void LogRun(ILogger logger, int count, Guid tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduled claim status checker failed; it runs again at its next interval")]
    static partial void LogFailed(ILogger logger, Exception e);
}

/// <summary>
/// <c>POST /api/claims/status-checks/run?asOf=</c> (the practice's admin): runs the scheduled checker for the caller's practice now —
/// or as of a later instant (<c>asOf</c>, for seeing what the checker will send then; its checks are recorded at that instant) — and
/// answers what it sent. Waits for a run of the same practice in another process to finish first.
/// </summary>
public static class StatusCheckRunEndpoints
{
    const int MaxDaysAhead = 3650;
    public const string AllowAsOfSetting = "Claims:StatusChecks:AllowAsOf";

    public static RouteGroupBuilder MapStatusCheckRuns(this RouteGroupBuilder group)
    {
        group.MapPost("/run", Run);
        return group;
    }

    static async Task<Results<Ok<StatusCheckRun>, ValidationProblem>> Run(
        DateTimeOffset? asOf, ClaimsPrincipal user, StatusCheckScheduler scheduler, TimeProvider clock, IConfiguration configuration, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var v = new Validation();
        // Checks recorded at a later instant are test data: a practice's real history never holds checks from its future.
        if (asOf is not null && !configuration.GetValue<bool>(AllowAsOfSetting))
            v.Error("asOf", "is for test environments only (Claims__StatusChecks__AllowAsOf); leave it out to run the checker now.");
        else
            v.Check(asOf is null || (asOf >= now.AddMinutes(-1) && asOf <= now.AddDays(MaxDaysAhead)), "asOf",
                $"must be an instant from now to {MaxDaysAhead} days ahead (ISO 8601 with its offset).");
        if (!v.IsValid) return v.Problem();
        var run = await scheduler.RunAsync(user.TenantId(), asOf ?? now, wait: true, ct);
        return TypedResults.Ok(run!);
    }
}
