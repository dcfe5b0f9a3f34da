using MassTransit;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Coding;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Claims.Corrections;

/// <summary>
/// The corrected codes passed Coding's edits: the corrected claim is built from them now (a replacement or a new claim, as the
/// payer's policy and the claim's number say at this moment). If the claim was meanwhile voided, written off or otherwise
/// closed, nothing is built and the correction is failed with the reason.
/// </summary>
public sealed class ClaimCorrectionCodedConsumer(NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, TimeProvider clock,
    ILogger<ClaimCorrectionCodedConsumer> logger) : IConsumer<ClaimCorrectionCoded>
{
    public async Task Consume(ConsumeContext<ClaimCorrectionCoded> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var work = await Inbox.BeginAsync(db, context, nameof(ClaimCorrectionCodedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        var correction = await ClaimCorrectionStore.FindForUpdateAsync(connection, tx, m.TenantId, m.CorrectionId);
        if (correction is not { Status: CorrectionStatus.Coding })
        {
            await tx.CommitAsync(ct);
            return;
        }
        var now = clock.GetUtcNow();
        var claim = (await ClaimStore.FindForUpdateAsync(connection, tx, m.TenantId, m.ClaimId))!;
        var plan = CorrectionsEndpoints.Correctable.Contains(claim.Status) ? await CorrectionsEndpoints.PlanAsync(connection, tx, claim) : null;
        if (plan is null || plan.Refusal is not null)
        {
            var reason = plan?.Refusal ?? $"The claim became {claim.Status} while its corrected codes were at coding; no corrected claim was built.";
            await ClaimCorrectionStore.DecideAsync(connection, tx, correction.Id, CorrectionStatus.Failed, now, null, reason, m.Edits);
            await ClaimStore.AddHistoryAsync(connection, tx, m.TenantId, claim.Id, claim.Status, $"Correction {correction.Id} failed: {reason}");
            await tx.CommitAsync(ct);
            return;
        }

        var original = claim.ClaimData();
        var requested = correction.Requested();
        var corrected = original with
        {
            Diagnoses = m.Diagnoses,
            Lines = m.Procedures.Select((p, i) => new ClaimLine(i + 1, p.Code, p.Modifiers, p.Units, p.DiagnosisPointers, null)).ToList(),
            PriorAuthorizationNumber = requested.PriorAuthorizationNumber ?? original.PriorAuthorizationNumber,
        };
        var (replacement, notice) = await CorrectionsEndpoints.BuildCorrectedAsync(connection, tx, claim, corrected, plan, clock);
        await ClaimCorrectionStore.DecideAsync(connection, tx, correction.Id, CorrectionStatus.Built, now, replacement.Id, null, m.Edits);
        await tx.CommitAsync(ct);
        await SubmissionQueue.NotifyAsync(send, configuration, [notice], logger);
    }
}

/// <summary>The corrected codes did not pass Coding's edits: the correction is refused with them, and the claim stays as it was.</summary>
public sealed class ClaimCorrectionRefusedConsumer(NpgsqlDataSource db, TimeProvider clock) : IConsumer<ClaimCorrectionRefused>
{
    public async Task Consume(ConsumeContext<ClaimCorrectionRefused> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var work = await Inbox.BeginAsync(db, context, nameof(ClaimCorrectionRefusedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        var correction = await ClaimCorrectionStore.FindForUpdateAsync(connection, tx, m.TenantId, m.CorrectionId);
        if (correction is { Status: CorrectionStatus.Coding })
        {
            await ClaimCorrectionStore.DecideAsync(connection, tx, correction.Id, CorrectionStatus.Refused, clock.GetUtcNow(), null, m.Reason, m.Edits);
            var claim = (await ClaimStore.FindForUpdateAsync(connection, tx, m.TenantId, m.ClaimId))!;
            await ClaimStore.AddHistoryAsync(connection, tx, m.TenantId, claim.Id, claim.Status, $"Correction {correction.Id} refused by coding: {m.Reason}");
        }
        await tx.CommitAsync(ct);
    }
}
