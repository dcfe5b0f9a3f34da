using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Claims.FeeSchedule;
using RevenueCycle.Claims.Scrubbing;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Coding;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Claims.Building;

/// <summary>
/// A coded encounter becomes one claim to its primary coverage, priced from the fee schedule and scrubbed.
/// A self-pay encounter (no coverage) makes no insurance claim: the patient is billed by PatientBilling,
/// so nothing is recorded here.
/// </summary>
public sealed class EncounterCodedConsumer(
    NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, TimeProvider clock, ILogger<EncounterCodedConsumer> logger)
    : IConsumer<EncounterCoded>
{
    public async Task Consume(ConsumeContext<EncounterCoded> context)
    {
        var m = context.Message;
        var encounter = m.Encounter;
        var ct = context.CancellationToken;
        await using var work = await Inbox.BeginAsync(db, context, nameof(EncounterCodedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        if (encounter.SelfPay || encounter.Coverages.Count == 0)
        {
            await tx.CommitAsync(ct);
            return;
        }
        var exists = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM claims WHERE tenant_id = @TenantId AND encounter_id = @EncounterId AND responsibility = 'primary' AND frequency = 1 AND replaces_claim_id IS NULL)",
            new { m.TenantId, m.EncounterId }, tx);
        if (exists)
        {
            await tx.CommitAsync(ct);
            return;
        }

        var fees = await Fees.LoadAsync(connection, tx, m.TenantId, m.Procedures.Select(p => p.Code));
        var data = new ClaimData
        {
            Patient = encounter.Patient,
            RenderingProvider = encounter.RenderingProvider,
            Practice = encounter.Practice,
            Coverage = encounter.Coverages[0],
            OtherCoverages = encounter.Coverages.Skip(1).ToList(),
            DateOfService = encounter.DateOfService,
            PlaceOfService = encounter.PlaceOfService,
            PriorAuthorizationNumber = encounter.PriorAuthorizationNumber,
            ServiceFacility = encounter.ServiceFacility,
            Diagnoses = m.Diagnoses,
            Lines = m.Procedures.Select((p, i) => new ClaimLine(i + 1, p.Code, p.Modifiers, p.Units, p.DiagnosisPointers, Fees.Charge(fees, p.Code, p.Units))).ToList(),
        };
        var claim = await CreateAsync(connection, tx, m.TenantId, m.EncounterId, data, "primary", 1, null, null,
            $"Built from the encounter coded by {m.CodedBy}.");
        var notice = await ClaimScrubbing.ScrubAsync(connection, tx, claim, data, clock);
        await tx.CommitAsync(ct);
        await SubmissionQueue.NotifyAsync(send, configuration, [notice], logger);
    }

    /// <summary>Inserts a new claim (draft) with a fresh patient control number and records ClaimCreated.</summary>
    public static async Task<ClaimRow> CreateAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid encounterId, ClaimData data, string responsibility,
        int frequency, Guid? replaces, string? payerClaimNumber, string detail)
    {
        var pcn = PatientControlNumbers.Format(await ClaimStore.NextAsync(connection, tx, tenant, "patient-control-number"));
        var claim = new ClaimRow
        {
            Id = Guid.CreateVersion7(), TenantId = tenant, EncounterId = encounterId, PatientId = data.Patient.Id, PatientControlNumber = pcn,
            PayerClaimNumber = payerClaimNumber, Status = ClaimStatus.Draft, Frequency = frequency, Responsibility = responsibility,
            ReplacesClaimId = replaces, PayerRef = data.Coverage.Payer.Id, PayerId = data.Coverage.Payer.PayerId, PayerName = data.Coverage.Payer.Name,
            Route = Routes.For(data.Coverage.Payer),
            DateOfService = data.DateOfService, TotalCharge = data.TotalCharge,
        };
        await ClaimStore.InsertAsync(connection, tx, claim, data, detail);
        await Outbox.Enqueue(connection, tx, new ClaimCreated(tenant, claim.Id, encounterId, claim.PatientId, pcn, data.TotalCharge,
            ClaimStatus.Draft, DateTimeOffset.UtcNow), tenant);
        return claim;
    }
}
