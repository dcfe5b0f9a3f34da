using System.Text.Json;
using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.PatientBilling.Accounts;
using RevenueCycle.PatientBilling.Ledger;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.PatientBilling.Claims;

/// <summary>
/// Moves what the payer left to the patient onto the patient's ledger, one entry per kind
/// (deductible, coinsurance, copay, non-covered, other), and keeps the claim's services for statements.
/// A reversal carries negative amounts and posts them as they are, so the ledger stays append-only.
/// </summary>
public sealed class ClaimPaymentPostedConsumer(NpgsqlDataSource db, TimeProvider clock) : IConsumer<ClaimPaymentPosted>
{
    // CLP02 19/20/21: processed and forwarded to the next payer (crossover); what is left is not yet the patient's.
    static readonly string[] Forwarded = ["19", "20", "21"];

    public async Task Consume(ConsumeContext<ClaimPaymentPosted> context)
    {
        var m = context.Message;
        await using var work = await Inbox.BeginAsync(db, context, nameof(ClaimPaymentPostedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        if (await AccountStore.FindAsync(connection, m.TenantId, m.PatientId, tx) is null)
        {
            // Registration's PatientRegistered normally comes first; if it has not arrived yet the posting waits
            // in the database for the account (PatientRegisteredConsumer applies it), not in a retry loop.
            await connection.ExecuteAsync(
                """
                INSERT INTO pending_claim_payments (tenant_id, patient_id, posting_id, body)
                VALUES (@TenantId, @PatientId, @PostingId, @Body::jsonb) ON CONFLICT DO NOTHING
                """, new { m.TenantId, m.PatientId, m.PostingId, Body = JsonSerializer.Serialize(m, JsonSerializerOptions.Web) }, tx);
            await tx.CommitAsync(context.CancellationToken);
            return;
        }
        await ApplyAsync(connection, tx, m, clock.GetUtcNow());
        await tx.CommitAsync(context.CancellationToken);
    }

    /// <summary>Applies the postings that waited for this patient's account, in the order they came.</summary>
    public static async Task ApplyPendingAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid patient, DateTimeOffset now)
    {
        var pending = await connection.QueryAsync<string>(
            "SELECT body::text FROM pending_claim_payments WHERE tenant_id = @tenant AND patient_id = @patient ORDER BY received_at FOR UPDATE",
            new { tenant, patient }, tx);
        foreach (var body in pending)
            await ApplyAsync(connection, tx, JsonSerializer.Deserialize<ClaimPaymentPosted>(body, JsonSerializerOptions.Web)!, now);
        await connection.ExecuteAsync("DELETE FROM pending_claim_payments WHERE tenant_id = @tenant AND patient_id = @patient", new { tenant, patient }, tx);
    }

    static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimPaymentPosted m, DateTimeOffset now)
    {
        var forwarded = Forwarded.Contains(m.ClaimStatusCode);
        await connection.ExecuteAsync(
            "UPDATE claims SET with_insurance = @Forwarded WHERE tenant_id = @TenantId AND claim_id = @ClaimId",
            new { m.TenantId, m.ClaimId, Forwarded = forwarded }, tx);

        var submittedDate = await connection.ExecuteScalarAsync<DateTime?>(
            "SELECT date_of_service FROM claims WHERE tenant_id = @TenantId AND claim_id = @ClaimId", new { m.TenantId, m.ClaimId }, tx);
        var dateOfService = m.DateOfService ?? m.Lines.Select(l => l.DateOfService).Min() ?? (submittedDate is { } d ? DateOnly.FromDateTime(d) : m.PaymentDate);

        await SaveServicesAsync(connection, tx, m, dateOfService);
        if (!forwarded)
        {
            var r = m.PatientResponsibility;
            foreach (var (kind, amount) in new[]
                     {
                         (EntryKind.Deductible, r.Deductible), (EntryKind.Coinsurance, r.Coinsurance), (EntryKind.Copay, r.Copay),
                         (EntryKind.NonCovered, r.NonCovered), (EntryKind.Other, r.Other),
                     })
            {
                if (amount == 0) continue;
                await connection.ExecuteAsync(LedgerSql.Insert, new
                {
                    Id = Guid.CreateVersion7(), m.TenantId, m.PatientId, Kind = kind, Amount = amount,
                    Description = $"{(m.IsReversal ? "Reversal of " : "")}{Describe(kind)} after {m.PayerName} (claim {m.PatientControlNumber})",
                    ClaimId = (Guid?)m.ClaimId, DateOfService = (DateOnly?)dateOfService, EffectiveDate = m.PaymentDate,
                    Method = (string?)null, Reference = m.PayerClaimNumber, Reason = (string?)null, SourceId = (Guid?)m.PostingId,
                }, tx);
            }
        }
        // A secondary claim for this visit may already be out: then this share is the next payer's to settle.
        var encounter = await connection.ExecuteScalarAsync<Guid?>(
            "SELECT encounter_id FROM claims WHERE tenant_id = @TenantId AND claim_id = @ClaimId", new { m.TenantId, m.ClaimId }, tx);
        if (encounter is { } e) await NextPayerTransfer.MoveEarlierShareAsync(connection, tx, m.TenantId, m.PatientId, e, DateOnly.FromDateTime(now.UtcDateTime));
        await BalanceEvents.EnqueueAsync(connection, tx, m.TenantId, m.PatientId, now);
    }

    static async Task SaveServicesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimPaymentPosted m, DateOnly dateOfService)
    {
        IEnumerable<(int? LineNumber, string ProcedureCode, IReadOnlyList<string> Modifiers, DateOnly Dos, decimal Charge, decimal Paid, decimal PatientResponsibility)> lines =
            m.Lines.Count > 0
                ? m.Lines.Select(l => (l.LineNumber, l.ProcedureCode, l.Modifiers, l.DateOfService ?? dateOfService, l.Charge, l.Paid, l.PatientResponsibility))
                : [(null, "", [], dateOfService, m.Charge, m.Paid, m.PatientResponsibility.Total)];
        var seq = 0;
        foreach (var l in lines)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO claim_services (tenant_id, posting_id, seq, claim_id, patient_id, payer_name, line_number, procedure_code,
                                            modifiers, date_of_service, charge, insurance_paid, adjustments, patient_owes, payment_date, is_reversal)
                VALUES (@TenantId, @PostingId, @Seq, @ClaimId, @PatientId, @PayerName, @LineNumber, @ProcedureCode,
                        @Modifiers, @Dos, @Charge, @Paid, @Adjustments, @PatientOwes, @PaymentDate, @IsReversal)
                ON CONFLICT DO NOTHING
                """,
                new
                {
                    m.TenantId, m.PostingId, Seq = seq++, m.ClaimId, m.PatientId, m.PayerName, l.LineNumber, l.ProcedureCode,
                    Modifiers = l.Modifiers.ToArray(), l.Dos, l.Charge, l.Paid,
                    // What the payer neither paid nor left to the patient: contractual and other adjustments (835 CAS CO/OA/PI).
                    Adjustments = l.Charge - l.Paid - l.PatientResponsibility, PatientOwes = l.PatientResponsibility,
                    m.PaymentDate, m.IsReversal,
                }, tx);
        }
    }

    static string Describe(string kind) => kind switch
    {
        EntryKind.Deductible => "Deductible",
        EntryKind.Coinsurance => "Coinsurance",
        EntryKind.Copay => "Copay",
        EntryKind.NonCovered => "Not covered by insurance",
        _ => "Patient responsibility",
    };
}
