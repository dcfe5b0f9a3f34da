using Dapper;

namespace RevenueCycle.Gateway.Staff;

/// <summary>
/// Keeps the sign-in tables small: sessions a day after they ended or expired, failed sign-ins a day after they stopped counting
/// towards a lockout, and set-password links 30 days after they expired or were used (long enough to answer "was this link used?").
/// The access audit log, not these tables, is the record of who did what.
/// </summary>
public sealed partial class StaffRetention(NpgsqlDataSource db, TimeProvider clock, ILogger<StaffRetention> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    static readonly TimeSpan Grace = TimeSpan.FromDays(1);
    static readonly TimeSpan LinkHistory = TimeSpan.FromDays(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A test gateway whose clock is moved forward would take everyone else's live sessions for old ones: it leaves pruning to the others.
        if (clock is OffsetClock) return;
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await PruneAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or PostgresException or TimeoutException)
            {
                LogPruneFailed(logger, e);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task PruneAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var cutoff = (now - Grace).UtcDateTime;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM staff_sessions
            WHERE coalesce(ended_at, least(last_seen_at + @Idle, created_at + @Absolute)) < @cutoff
            """, new { cutoff, Idle = SessionPolicy.IdleTimeout, Absolute = SessionPolicy.AbsoluteLifetime }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM staff_sign_in_failures WHERE at < @Before", new { Before = (now - AuthEndpoints.FailureWindow - Grace).UtcDateTime }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM staff_password_tokens WHERE coalesce(used_at, expires_at) < @Before", new { Before = (now - LinkHistory).UtcDateTime }, cancellationToken: ct));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning ended sessions, old sign-in failures and set-password links failed; it is tried again within the hour")]
    static partial void LogPruneFailed(ILogger logger, Exception e);
}
