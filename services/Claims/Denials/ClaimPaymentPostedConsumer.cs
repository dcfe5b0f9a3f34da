using System.Text.Json;
using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Secondary;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Claims.Denials;

/// <summary>
/// The payer's decision, as Payments posted it: the claim becomes paid, partially paid or denied (into the
/// denials work queue); a primary payment that leaves a balance opens the secondary claim.
/// </summary>
public sealed class ClaimPaymentPostedConsumer(NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, ILogger<ClaimPaymentPostedConsumer> logger)
    : IConsumer<ClaimPaymentPosted>
{
    public async Task Consume(ConsumeContext<ClaimPaymentPosted> context)
    {
        var p = context.Message;
        var ct = context.CancellationToken;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await Inbox.TryAcceptAsync(connection, tx, context, nameof(ClaimPaymentPostedConsumer))) return;
        var claim = await ClaimStore.FindForUpdateAsync(connection, tx, p.TenantId, p.ClaimId)
            ?? await connection.QuerySingleOrDefaultAsync<ClaimRow>(
                $"SELECT {ClaimStore.Columns} FROM claims WHERE tenant_id = @TenantId AND patient_control_number = @PatientControlNumber FOR UPDATE",
                new { p.TenantId, p.PatientControlNumber }, tx);
        if (claim is null)
        {
            await tx.CommitAsync(ct);
            return;
        }
        await connection.ExecuteAsync(
            """
            INSERT INTO claim_payments (posting_id, tenant_id, claim_id, paid, status_code, posting, posted_at)
            VALUES (@PostingId, @TenantId, @ClaimId, @Paid, @ClaimStatusCode, @Posting::jsonb, @PostedAt) ON CONFLICT DO NOTHING
            """, new { p.PostingId, p.TenantId, ClaimId = claim.Id, p.Paid, p.ClaimStatusCode, Posting = JsonSerializer.Serialize(p, ClaimData.Json), p.PostedAt }, tx);
        if (p.PayerClaimNumber is not null)
            await connection.ExecuteAsync("UPDATE claims SET payer_claim_number = @Number WHERE id = @Id", new { claim.Id, Number = p.PayerClaimNumber }, tx);

        SubmissionNotice? notice = null;
        if (claim.Status is ClaimStatus.Closed or ClaimStatus.Voided)
        {
            // A replaced, voided or written-off claim keeps its status; the payment is on record for the ledger and the biller.
            await ClaimStore.AddHistoryAsync(connection, tx, p.TenantId, claim.Id, claim.Status,
                $"835 {p.PaymentDate:yyyy-MM-dd}: {p.PayerName} posted {p.Paid:0.00} (CLP02 {p.ClaimStatusCode}) after the claim was {claim.Status}.");
        }
        else if (p.IsReversal)
        {
            await ClaimStore.SetStatusAsync(connection, tx, p.TenantId, claim.Id, ClaimStatus.Accepted,
                $"835 {p.PaymentDate:yyyy-MM-dd}: the payer reversed {-p.Paid:0.00} (CLP02 {p.ClaimStatusCode}); awaiting its new decision.");
        }
        else
        {
            var (status, denial) = Adjudication.Decide(p);
            var detail = denial is null
                ? $"835 {p.PaymentDate:yyyy-MM-dd}: {p.PayerName} paid {p.Paid:0.00} of {p.Charge:0.00}; patient responsibility {p.PatientResponsibility.Total:0.00}."
                : $"835 {p.PaymentDate:yyyy-MM-dd}: {p.PayerName} denied the claim, CARC {denial.Carc}{(denial.Rarc is null ? "" : $" RARC {denial.Rarc}")} ({denial.Category}).";
            await connection.ExecuteAsync("UPDATE claims SET denial = @Denial::jsonb WHERE id = @Id",
                new { claim.Id, Denial = denial is null ? null : JsonSerializer.Serialize(denial, ClaimData.Json) }, tx);
            await ClaimStore.SetStatusAsync(connection, tx, p.TenantId, claim.Id, status, detail);
            if (denial is not null)
                await Outbox.Enqueue(connection, tx, new ClaimDenied(p.TenantId, claim.Id, claim.PatientId, claim.PatientControlNumber, denial.Carc, denial.Rarc,
                    denial.Category, DateTimeOffset.UtcNow), p.TenantId);
            else
            {
                await Outbox.Enqueue(connection, tx, new ClaimPaid(p.TenantId, claim.Id, claim.PatientId, p.Paid, status == ClaimStatus.PartiallyPaid, DateTimeOffset.UtcNow), p.TenantId);
                notice = await SecondaryClaims.OpenAfterPrimaryAsync(connection, tx, claim, p);
            }
        }
        await tx.CommitAsync(ct);
        await SubmissionQueue.NotifyAsync(send, configuration, [notice], logger);
    }
}
