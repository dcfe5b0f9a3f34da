using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Claims.Building;

namespace RevenueCycle.Claims.Submission;

/// <summary>
/// The command on the submission queue: "claims of this tenant for this payer are waiting". It carries no
/// claim: <c>pending_submission</c> is the truth, so a lost or repeated command costs nothing, and any
/// worker on the queue may take it (competing consumers).
/// </summary>
public sealed record SubmitPendingClaims(Guid TenantId, string PayerId, string Route);

public sealed record SubmissionNotice(Guid TenantId, string PayerId, string Route);

public static class SubmissionQueue
{
    public const string DefaultQueueName = "claims-submission";

    public static string QueueName(IConfiguration configuration) => configuration["Claims:SubmissionQueue"] ?? DefaultQueueName;

    public static async Task<SubmissionNotice> EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimRow claim)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO pending_submission (claim_id, tenant_id, payer_id, route) VALUES (@Id, @TenantId, @PayerId, @Route)
            ON CONFLICT (claim_id) DO NOTHING
            """, new { claim.Id, claim.TenantId, claim.PayerId, claim.Route }, tx);
        return new SubmissionNotice(claim.TenantId, claim.PayerId, claim.Route);
    }

    /// <summary>
    /// Tells the workers, after commit. A failure here loses nothing: the workers' sweep finds the pending rows.
    /// </summary>
    public static async Task NotifyAsync(ISendEndpointProvider send, IConfiguration configuration, IEnumerable<SubmissionNotice?> notices, ILogger logger)
    {
        foreach (var notice in notices.OfType<SubmissionNotice>().Distinct())
        {
            try
            {
                var endpoint = await send.GetSendEndpoint(new Uri($"queue:{QueueName(configuration)}"));
                await endpoint.Send(new SubmitPendingClaims(notice.TenantId, notice.PayerId, notice.Route));
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not notify the submission queue; the workers' sweep will pick the claims up");
            }
        }
    }
}
