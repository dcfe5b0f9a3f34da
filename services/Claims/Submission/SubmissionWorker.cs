using Dapper;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RevenueCycle.Claims.Submission;

/// <summary>Takes the submission queue's commands: any number of workers compete on the one queue.</summary>
public sealed class SubmitPendingClaimsConsumer(BatchSubmitter submitter) : IConsumer<SubmitPendingClaims>
{
    public Task Consume(ConsumeContext<SubmitPendingClaims> context) =>
        submitter.FlushAsync(context.Message.TenantId, context.Message.PayerId, context.Message.Route, context.CancellationToken);
}

/// <summary>
/// The worker's clock: flushes the groups whose oldest claim has waited long enough (a batch that did not
/// fill), picks up claims whose queue command was lost, and re-sends files the clearinghouse has not taken.
/// </summary>
public sealed partial class SubmissionSweeper(NpgsqlDataSource db, BatchSubmitter submitter, IOptions<SubmissionOptions> options, ILogger<SubmissionSweeper> logger)
    : BackgroundService
{
    sealed record Group
    {
        public Guid TenantId { get; init; }
        public string PayerId { get; init; } = "";
        public string Route { get; init; } = "";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var connection = await db.OpenConnectionAsync(stoppingToken))
                {
                    var groups = await connection.QueryAsync<Group>(
                        """
                        SELECT tenant_id, payer_id, route FROM pending_submission
                        GROUP BY tenant_id, payer_id, route
                        HAVING count(*) >= @Max OR min(enqueued_at) <= clock_timestamp() - make_interval(secs => @Wait)
                        """, new { Max = o.MaxBatchSize, Wait = o.MaxWait.TotalSeconds });
                    foreach (var g in groups) await submitter.FlushAsync(g.TenantId, g.PayerId, g.Route, stoppingToken);
                }
                await submitter.ResendUnsentAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, e);
            }
            try { await Task.Delay(o.SweepInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The submission sweep failed; it runs again shortly")]
    static partial void LogSweepFailed(ILogger logger, Exception e);
}
