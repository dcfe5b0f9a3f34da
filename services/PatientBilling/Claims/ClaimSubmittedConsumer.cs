using System.Text.Json;
using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.PatientBilling.Ledger;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.PatientBilling.Claims;

/// <summary>
/// Remembers that a claim is with insurance: statements do not bill the patient for a visit while any of its
/// claims awaits a payer (they list it as pending insurance), so nobody is billed for what insurance may still pay.
/// </summary>
public sealed class ClaimSubmittedConsumer(NpgsqlDataSource db, TimeProvider clock) : IConsumer<ClaimSubmitted>
{
    const int VoidFrequency = 8; // CLM05-3: 8 voids the claim named in REF*F8

    public async Task Consume(ConsumeContext<ClaimSubmitted> context)
    {
        var m = context.Message;
        await using var work = await Inbox.BeginAsync(db, context, nameof(ClaimSubmittedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        await connection.ExecuteAsync(
            """
            INSERT INTO claims (tenant_id, claim_id, patient_id, payer_name, date_of_service, total_charge, lines, with_insurance, submitted_at,
                                encounter_id, payer_rank)
            VALUES (@TenantId, @ClaimId, @PatientId, @PayerName, @DateOfService, @TotalCharge, @Lines::jsonb, @WithInsurance, @SubmittedAt,
                    @EncounterId, @Rank)
            ON CONFLICT (tenant_id, claim_id) DO UPDATE SET
                payer_name = excluded.payer_name, date_of_service = excluded.date_of_service, total_charge = excluded.total_charge,
                lines = excluded.lines, with_insurance = excluded.with_insurance, submitted_at = excluded.submitted_at
            WHERE claims.submitted_at <= excluded.submitted_at
            """,
            new
            {
                m.TenantId, m.ClaimId, m.PatientId, m.PayerName, m.DateOfService, m.TotalCharge,
                Lines = JsonSerializer.Serialize(m.Lines, JsonSerializerOptions.Web),
                WithInsurance = m.Frequency != VoidFrequency, m.SubmittedAt, m.EncounterId, Rank = NextPayerTransfer.Rank(m.PayerResponsibility),
            }, tx);
        if (NextPayerTransfer.Rank(m.PayerResponsibility) > 1
            && await NextPayerTransfer.MoveEarlierShareAsync(connection, tx, m.TenantId, m.PatientId, m.EncounterId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)))
            await BalanceEvents.EnqueueAsync(connection, tx, m.TenantId, m.PatientId, clock.GetUtcNow());
        // A replacement or void takes the original claim out of the payer's hands.
        if (m.ReplacesClaimId is { } replaced && replaced != m.ClaimId)
            await connection.ExecuteAsync("UPDATE claims SET with_insurance = false WHERE tenant_id = @TenantId AND claim_id = @Replaced",
                new { m.TenantId, Replaced = replaced }, tx);
        await tx.CommitAsync(context.CancellationToken);
    }
}
