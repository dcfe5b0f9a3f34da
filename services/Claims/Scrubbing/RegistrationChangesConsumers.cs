using Dapper;
using MassTransit;
using RevenueCycle.Claims.Building;
using Npgsql;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Claims.Scrubbing;

/// <summary>A practice profile change updates the held claims' copy of the billing provider and scrubs them again.</summary>
public sealed class PracticeProfileChangedConsumer(
    NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, TimeProvider clock, ILogger<PracticeProfileChangedConsumer> logger)
    : IConsumer<PracticeProfileChanged>
{
    public async Task Consume(ConsumeContext<PracticeProfileChanged> context)
    {
        var m = context.Message;
        await using var work = await Inbox.BeginAsync(db, context, nameof(PracticeProfileChangedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        var notices = await ClaimScrubbing.RescrubUnsentAsync(connection, tx, m.TenantId, clock, claim => claim.ClaimData() with { Practice = m.Practice });
        await tx.CommitAsync(context.CancellationToken);
        await SubmissionQueue.NotifyAsync(send, configuration, notices, logger);
    }
}

/// <summary>
/// A coverage change updates the held claims that bill that coverage (member id, payer, dates, subscriber) and
/// scrubs them again; a held claim whose coverage does not cover the visit takes a new coverage of its priority
/// that does (the front desk registered the right plan), payer and all.
/// </summary>
public sealed class CoverageChangedConsumer(
    NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, TimeProvider clock, ILogger<CoverageChangedConsumer> logger)
    : IConsumer<CoverageChanged>
{
    public async Task Consume(ConsumeContext<CoverageChanged> context)
    {
        var m = context.Message;
        await using var work = await Inbox.BeginAsync(db, context, nameof(CoverageChangedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        var notices = await ClaimScrubbing.RescrubUnsentAsync(connection, tx, m.TenantId, clock, claim => WithCoverage(claim, m.Coverage), m.PatientId);
        // A claim the payer rejected (277CA) is worked by resubmitting it, which copies its data: keep that copy
        // current too, or a member id fixed at the front desk would go out wrong again.
        var rejected = await connection.QueryAsync<Guid>(
            "SELECT id FROM claims WHERE tenant_id = @TenantId AND patient_id = @PatientId AND status = 'rejected' ORDER BY id FOR UPDATE",
            new { m.TenantId, m.PatientId }, tx);
        foreach (var id in rejected)
        {
            var claim = await ClaimStore.FindForUpdateAsync(connection, tx, m.TenantId, id);
            if (claim is not null && WithCoverage(claim, m.Coverage) is { } updated)
            {
                await ClaimStore.SaveDataAsync(connection, tx, id, updated);
                await ClaimStore.AddHistoryAsync(connection, tx, m.TenantId, id, claim.Status,
                    $"Coverage updated by registration (member id {m.Coverage.MemberId}); resubmit to send it.");
            }
        }
        await tx.CommitAsync(context.CancellationToken);
        await SubmissionQueue.NotifyAsync(send, configuration, notices, logger);
    }

    static bool Covers(Coverage coverage, DateOnly dateOfService) =>
        coverage.EffectiveFrom <= dateOfService && (coverage.EffectiveTo is null || coverage.EffectiveTo >= dateOfService);

    /// <summary>The claim's data with the changed coverage in it, or null when the change is not this claim's.</summary>
    public static Building.ClaimData? WithCoverage(ClaimRow claim, Coverage coverage)
    {
        var data = claim.ClaimData();
        // Whether the coverage is active is a question of the visit's date, not of today: a plan that ended since still pays for it.
        var coversVisit = Covers(coverage, data.DateOfService);
        // A replacement or void goes to the payer that has the claim it names, whatever the coverage now says.
        if (claim.Frequency != 1 && coverage.Payer.Id != data.Coverage.Payer.Id) coverage = coverage with { Payer = data.Coverage.Payer };
        Building.ClaimData updated;
        if (data.Coverage.Id == coverage.Id) updated = data with { Coverage = coverage, CoverageActive = coversVisit };
        else if (data.OtherCoverages.Any(c => c.Id == coverage.Id))
            updated = data with { OtherCoverages = data.OtherCoverages.Select(c => c.Id == coverage.Id ? coverage : c).ToList() };
        else
        {
            var billedCoversVisit = data.CoverageActive && Covers(data.Coverage, data.DateOfService);
            return !billedCoversVisit && coversVisit && claim.Frequency == 1 && coverage.Priority == claim.Responsibility
                ? data with { Coverage = coverage, CoverageActive = true, OtherCoverages = data.OtherCoverages.Where(c => c.Id != coverage.Id).ToList() }
                : null;
        }
        return claim.Frequency == 1 ? InOrderOfBenefits(updated, claim.Responsibility) : updated;
    }

    static int Rank(string priority) => priority switch { "primary" => 1, "secondary" => 2, "tertiary" => 3, _ => 4 };

    /// <summary>
    /// An original claim bills the coverage registration puts at the claim's place in the order of benefits
    /// (primary, secondary, tertiary) on the date of service. When the front desk reorders a patient's plans,
    /// the claim takes the coverage now at its place, and the one it billed joins the others. Until one is
    /// registered there (a reorder is done one coverage at a time), the claim keeps its coverage, and the
    /// scrubber's <c>coverage.priority</c> rule holds it.
    /// </summary>
    static Building.ClaimData InOrderOfBenefits(Building.ClaimData data, string responsibility)
    {
        if (data.Coverage.Priority == responsibility) return data;
        var next = data.OtherCoverages.FirstOrDefault(c => c.Priority == responsibility && Covers(c, data.DateOfService));
        if (next is null) return data;
        return data with
        {
            Coverage = next, CoverageActive = true,
            OtherCoverages = data.OtherCoverages.Where(c => c.Id != next.Id).Append(data.Coverage).OrderBy(c => Rank(c.Priority)).ToList(),
        };
    }
}
