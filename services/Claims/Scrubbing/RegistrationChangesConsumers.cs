using MassTransit;
using Npgsql;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Claims.Scrubbing;

/// <summary>A practice profile change updates the held claims' copy of the billing provider and scrubs them again.</summary>
public sealed class PracticeProfileChangedConsumer(NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, ILogger<PracticeProfileChangedConsumer> logger)
    : IConsumer<PracticeProfileChanged>
{
    public async Task Consume(ConsumeContext<PracticeProfileChanged> context)
    {
        var m = context.Message;
        await using var connection = await db.OpenConnectionAsync(context.CancellationToken);
        await using var tx = await connection.BeginTransactionAsync(context.CancellationToken);
        if (!await Inbox.TryAcceptAsync(connection, tx, context, nameof(PracticeProfileChangedConsumer))) return;
        var notices = await ClaimScrubbing.RescrubHeldAsync(connection, tx, m.TenantId, claim => claim.ClaimData() with { Practice = m.Practice });
        await tx.CommitAsync(context.CancellationToken);
        await SubmissionQueue.NotifyAsync(send, configuration, notices, logger);
    }
}

/// <summary>A coverage change updates the held claims that bill that coverage (member id, payer, dates, subscriber) and scrubs them again.</summary>
public sealed class CoverageChangedConsumer(NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, ILogger<CoverageChangedConsumer> logger)
    : IConsumer<CoverageChanged>
{
    public async Task Consume(ConsumeContext<CoverageChanged> context)
    {
        var m = context.Message;
        await using var connection = await db.OpenConnectionAsync(context.CancellationToken);
        await using var tx = await connection.BeginTransactionAsync(context.CancellationToken);
        if (!await Inbox.TryAcceptAsync(connection, tx, context, nameof(CoverageChangedConsumer))) return;
        var notices = await ClaimScrubbing.RescrubHeldAsync(connection, tx, m.TenantId, claim =>
        {
            var data = claim.ClaimData();
            if (data.Coverage.Id == m.Coverage.Id) return data with { Coverage = m.Coverage, CoverageActive = m.Active };
            return data.OtherCoverages.Any(c => c.Id == m.Coverage.Id)
                ? data with { OtherCoverages = data.OtherCoverages.Select(c => c.Id == m.Coverage.Id ? m.Coverage : c).ToList() }
                : null;
        }, m.PatientId);
        await tx.CommitAsync(context.CancellationToken);
        await SubmissionQueue.NotifyAsync(send, configuration, notices, logger);
    }
}
