using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Coding.Edits;
using RevenueCycle.Coding.Worklist;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Coding;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Coding.Corrections;

/// <summary>
/// Corrected codes for a claim go through the same edits as a coder's finalize (code sets, NCCI, MUE, modifiers,
/// pointers, age and sex, E/M): with no error left they become the encounter's coding and Claims builds the corrected
/// claim from them; otherwise the correction is refused with the edits, and the claim stays as it was.
/// One decision per correction id, whatever the redeliveries.
/// </summary>
public sealed class ClaimCorrectionRequestedConsumer(NpgsqlDataSource db, TimeProvider clock) : IConsumer<ClaimCorrectionRequested>
{
    public async Task Consume(ConsumeContext<ClaimCorrectionRequested> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var work = await Inbox.BeginAsync(db, context, nameof(ClaimCorrectionRequestedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM coding_corrections WHERE correction_id = @CorrectionId)", new { m.CorrectionId }, tx))
        {
            await tx.CommitAsync(ct);
            return;
        }

        var now = clock.GetUtcNow();
        var submission = new CodingSubmission(m.Diagnoses,
            m.Procedures.Select(p => new ProcedureLine(p.Code, p.Modifiers, (int)p.Units, p.DiagnosisPointers)).ToList());
        var item = await WorklistEndpoints.Find(connection, m.TenantId, m.EncounterId, tx, forUpdate: true);
        if (item is null || item.Status != CodingStatus.Coded)
        {
            var reason = item is null
                ? $"Encounter {m.EncounterId} was never on this practice's coding work queue, so its codes cannot be corrected through coding."
                : $"Encounter {m.EncounterId} is {item.Status} on the coding work queue, not coded: finish its coding there first.";
            await RecordAsync(connection, tx, m, item, submission, [], "refused", reason, now);
            await Outbox.Enqueue(connection, tx, new ClaimCorrectionRefused(m.TenantId, m.CorrectionId, m.ClaimId, reason, [], now), m.TenantId);
            await tx.CommitAsync(ct);
            return;
        }

        var facts = item.Facts();
        var reference = await CodingReferenceDataQuery.LoadAsync(connection, facts, submission);
        var edits = CodingEditor.Check(facts, submission, reference);
        var findings = edits.Select(Finding).ToList();
        var blocking = edits.Where(e => e.Severity == EditSeverity.Error).ToList();
        if (blocking.Count > 0)
        {
            var reason = $"{blocking.Count} coding edit(s) refuse the corrected codes: {string.Join(", ", blocking.Select(e => $"{e.Rule} at {e.Target}").Distinct())}.";
            await RecordAsync(connection, tx, m, item, submission, edits, "refused", reason, now);
            await Outbox.Enqueue(connection, tx, new ClaimCorrectionRefused(m.TenantId, m.CorrectionId, m.ClaimId, reason, findings, now), m.TenantId);
            await tx.CommitAsync(ct);
            return;
        }

        var normalized = submission.Normalized();
        await connection.ExecuteAsync(
            "UPDATE coding_items SET diagnoses = @Diagnoses::jsonb, procedures = @Procedures::jsonb, edits = @Edits::jsonb WHERE tenant_id = @Tenant AND encounter_id = @EncounterId",
            new
            {
                Diagnoses = StoredJson.Write(normalized.Diagnoses), Procedures = StoredJson.Write(normalized.Procedures), Edits = StoredJson.Write(edits),
                Tenant = m.TenantId, m.EncounterId,
            }, tx);
        await RecordAsync(connection, tx, m, item, normalized, edits, "coded", null, now);
        await Outbox.Enqueue(connection, tx, new ClaimCorrectionCoded(m.TenantId, m.CorrectionId, m.ClaimId, m.EncounterId, normalized.Diagnoses,
            normalized.Procedures.Select(p => new CodedProcedure(p.Code, p.Modifiers, p.Units, p.DiagnosisPointers)).ToList(), findings, now), m.TenantId);
        await tx.CommitAsync(ct);
    }

    static CodingEditFinding Finding(CodingEdit e) => new(e.Rule, e.Severity == EditSeverity.Error ? "error" : "warning", e.Target, e.Message);

    static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimCorrectionRequested m, CodingItemRow? item,
        CodingSubmission codes, IReadOnlyList<CodingEdit> edits, string outcome, string? reason, DateTimeOffset now) =>
        connection.ExecuteAsync(
            """
            INSERT INTO coding_corrections (correction_id, tenant_id, encounter_id, claim_id, requested_by, requested_at, previous_diagnoses,
                previous_procedures, diagnoses, procedures, edits, outcome, reason, decided_at)
            VALUES (@CorrectionId, @TenantId, @EncounterId, @ClaimId, @RequestedBy, @RequestedAt, @PreviousDiagnoses::jsonb,
                @PreviousProcedures::jsonb, @Diagnoses::jsonb, @Procedures::jsonb, @Edits::jsonb, @Outcome, @Reason, @Now)
            """,
            new
            {
                m.CorrectionId, m.TenantId, m.EncounterId, m.ClaimId, m.RequestedBy, m.RequestedAt,
                PreviousDiagnoses = item?.Diagnoses, PreviousProcedures = item?.Procedures,
                Diagnoses = StoredJson.Write(codes.Diagnoses), Procedures = StoredJson.Write(codes.Procedures), Edits = StoredJson.Write(edits),
                Outcome = outcome, Reason = reason, Now = now,
            }, tx);
}
