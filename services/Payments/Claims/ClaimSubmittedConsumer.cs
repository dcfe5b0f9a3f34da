using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Payments.Exceptions;
using RevenueCycle.Payments.Ledger;
using RevenueCycle.Payments.Posting;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Payments.Claims;

/// <summary>
/// Keeps the claims Payments matches 835s against (event-carried state) and opens each claim's
/// ledger with its line charges. A replacement (frequency 7) or void (8) supersedes the claim it
/// replaces, so a later 835 for that patient control number lands on the newest submission. CLPs
/// of an 835 collected before this event arrived, left unmatched, post to the claim now.
/// </summary>
public sealed partial class ClaimSubmittedConsumer(NpgsqlDataSource db, ILogger<ClaimSubmittedConsumer> logger) : IConsumer<ClaimSubmitted>
{
    public const int ReplacementFrequency = 7; // CLM05-3
    public const int VoidFrequency = 8;

    public async Task Consume(ConsumeContext<ClaimSubmitted> context)
    {
        var m = context.Message;
        await using var work = await Inbox.BeginAsync(db, context, nameof(ClaimSubmittedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        // An 835 being posted right now for this claim either sees it or leaves its CLP waiting where PostWaitingAsync below finds it.
        await WaitingClaims.LockAsync(connection, tx, m.TenantId, m.PatientControlNumber, m.EncounterId);

        await connection.ExecuteAsync(
            """
            INSERT INTO claims (tenant_id, claim_id, encounter_id, patient_id, patient_control_number, payer_claim_number, payer_ref,
                                payer_id, payer_name, payer_responsibility, frequency, replaces_claim_id, date_of_service, total_charge, submitted_at)
            VALUES (@TenantId, @ClaimId, @EncounterId, @PatientId, @PatientControlNumber, @PayerClaimNumber, @PayerRef,
                    @PayerId, @PayerName, @PayerResponsibility, @Frequency, @ReplacesClaimId, @DateOfService, @TotalCharge, @SubmittedAt)
            ON CONFLICT (tenant_id, claim_id) DO UPDATE SET
                payer_claim_number = coalesce(excluded.payer_claim_number, claims.payer_claim_number),
                submitted_at = greatest(claims.submitted_at, excluded.submitted_at)
            """,
            new
            {
                m.TenantId, m.ClaimId, m.EncounterId, m.PatientId, m.PatientControlNumber, m.PayerClaimNumber, m.PayerRef, m.PayerId,
                m.PayerName, m.PayerResponsibility, m.Frequency, m.ReplacesClaimId, m.DateOfService, m.TotalCharge, m.SubmittedAt,
            }, tx);

        // A replacement (7), a void (8), and a rejected claim sent again as a new original (1) all take over from the
        // claim they name: it leaves AR aging and stops being the one a remittance's CLP01 matches first.
        if (m.ReplacesClaimId is { } replaced)
            await connection.ExecuteAsync(
                "UPDATE claims SET superseded_by = @ClaimId WHERE tenant_id = @TenantId AND claim_id = @Replaced AND claim_id <> @ClaimId",
                new { m.TenantId, m.ClaimId, Replaced = replaced }, tx);

        foreach (var line in m.Lines)
            await connection.ExecuteAsync(
                """
                INSERT INTO claim_lines (tenant_id, claim_id, line_number, procedure_code, modifiers, units, charge, date_of_service)
                VALUES (@TenantId, @ClaimId, @LineNumber, @ProcedureCode, @Modifiers, @Units, @Charge, @DateOfService)
                ON CONFLICT DO NOTHING
                """,
                new { m.TenantId, m.ClaimId, line.LineNumber, line.ProcedureCode, Modifiers = line.Modifiers.ToArray(), line.Units, line.Charge, line.DateOfService },
                tx);

        var waited = 0;
        // A void asks the payer to take the claim back; it carries no new charge.
        if (m.Frequency != VoidFrequency)
        {
            if (m.Lines.Count == 0)
                await LedgerStore.EnterChargeAsync(connection, tx, m.TenantId, m.ClaimId, null, m.TotalCharge, $"Charge, claim {m.PatientControlNumber}");
            foreach (var line in m.Lines)
                await LedgerStore.EnterChargeAsync(connection, tx, m.TenantId, m.ClaimId, line.LineNumber, line.Charge,
                    $"Charge, line {line.LineNumber} {line.ProcedureCode}{string.Concat(line.Modifiers.Select(x => "-" + x))}");
            if (m.PayerResponsibility != "primary")
                await EnterPriorPayersAsync(connection, tx, m);

            // The payer may have answered before this event reached us: its CLPs wait as unmatched exceptions.
            waited = await ExceptionMatching.PostWaitingAsync(connection, tx, m.TenantId, new KnownClaim
            {
                ClaimId = m.ClaimId, EncounterId = m.EncounterId, PatientId = m.PatientId, PatientControlNumber = m.PatientControlNumber,
                PayerClaimNumber = m.PayerClaimNumber, PayerId = m.PayerId, PayerName = m.PayerName, PayerResponsibility = m.PayerResponsibility,
                DateOfService = m.DateOfService,
            });
        }
        await tx.CommitAsync(context.CancellationToken);
        if (waited > 0) LogWaitingPosted(logger, waited, m.PatientControlNumber, m.TenantId);
    }

    /// <summary>
    /// A secondary (or tertiary) claim bills the whole charge again (837P 2300 CLM02), but what is receivable from its payer is only
    /// what the earlier payers of the visit left: their payments and adjustments enter its ledger as prior-payer entries, line by
    /// line, so AR never counts one visit twice. Entered once (the charge's unique index makes a redelivered event a no-op first).
    /// </summary>
    static async Task EnterPriorPayersAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimSubmitted m)
    {
        var already = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM ledger_entries WHERE tenant_id = @TenantId AND claim_id = @ClaimId AND kind = 'prior-payer')", new { m.TenantId, m.ClaimId }, tx);
        if (already) return;
        var rank = ClaimStatus.Rank(m.PayerResponsibility);
        var settled = await connection.QueryAsync<(int? Line, decimal Amount, string Payers)>(
            """
            SELECT l.line_number, sum(l.amount), string_agg(DISTINCT c.payer_name, ', ')
            FROM ledger_entries l JOIN claims c ON c.tenant_id = l.tenant_id AND c.claim_id = l.claim_id
            WHERE c.tenant_id = @TenantId AND c.encounter_id = @EncounterId AND c.superseded_by IS NULL AND c.frequency <> 8
              AND (CASE c.payer_responsibility WHEN 'secondary' THEN 2 WHEN 'tertiary' THEN 3 ELSE 1 END) < @Rank
              AND l.bucket IN ('insurance-paid', 'adjustment') AND l.kind NOT IN ('prior-payer', 'prior-payer-release')
            GROUP BY l.line_number HAVING sum(l.amount) <> 0
            """, new { m.TenantId, m.EncounterId, Rank = rank }, tx);
        var lines = m.Lines.Select(l => l.LineNumber).ToHashSet();
        await LedgerStore.EnterAsync(connection, tx, m.TenantId, m.ClaimId, null,
            settled.Select(s => new LedgerDraft(s.Line is { } n && lines.Contains(n) ? n : null, EntryKind.PriorPayer, Bucket.Adjustment, null, null, s.Amount,
                $"Settled by the earlier payer(s): {s.Payers}")));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Posted {Count} remittance claim(s) that arrived before claim {Pcn} of tenant {Tenant} was known")]
    static partial void LogWaitingPosted(ILogger logger, int count, string pcn, Guid tenant);
}
