using System.Text.Json;
using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.PayerContracts;
using RevenueCycle.Claims.Secondary;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Claims.Denials;

/// <summary>
/// The payer's decision, as Payments posted it: the claim becomes paid, partially paid or denied (into the
/// denials work queue); a payment that leaves the patient a balance opens the next payer's claim (secondary, then tertiary).
/// </summary>
public sealed class ClaimPaymentPostedConsumer(
    NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, TimeProvider clock, ILogger<ClaimPaymentPostedConsumer> logger)
    : IConsumer<ClaimPaymentPosted>
{
    public async Task Consume(ConsumeContext<ClaimPaymentPosted> context)
    {
        var p = context.Message;
        var ct = context.CancellationToken;
        await using var work = await Inbox.BeginAsync(db, context, nameof(ClaimPaymentPostedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        var claim = await ClaimStore.FindForUpdateAsync(connection, tx, p.TenantId, p.ClaimId)
            ?? await connection.QuerySingleOrDefaultAsync<ClaimRow>(
                $"SELECT {ClaimStore.Columns} FROM claims WHERE tenant_id = @TenantId AND patient_control_number = @PatientControlNumber LIMIT 1 FOR UPDATE",
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
        if (p.PayerClaimNumber is not null && p.PayerClaimNumber != claim.PayerClaimNumber) // as the 277CA gave it, mostly
            await connection.ExecuteAsync("UPDATE claims SET payer_claim_number = @Number WHERE id = @Id", new { claim.Id, Number = p.PayerClaimNumber }, tx);

        SubmissionNotice? notice = null;
        var finished = claim.Status is ClaimStatus.Closed or ClaimStatus.Voided;
        var standing = await UnderpaymentReview.StandingDecisionAsync(connection, tx, claim.Id);
        if (finished)
        {
            // A replaced, voided or written-off claim keeps its status; the payment is on record for the ledger and the biller.
            await ClaimStore.AddHistoryAsync(connection, tx, p.TenantId, claim.Id, claim.Status,
                $"835 {p.PaymentDate:yyyy-MM-dd}: {p.PayerName} posted {p.Paid:0.00} (CLP02 {p.ClaimStatusCode}) after the claim was {claim.Status}.");
        }
        else if (standing is null)
        {
            // Every decision so far has been taken back (a CLP02 22 with no later decision yet, whatever order they came in).
            var detail = p.IsReversal
                ? $"835 {p.PaymentDate:yyyy-MM-dd}: the payer reversed {-p.Paid:0.00} (CLP02 {p.ClaimStatusCode}); awaiting its new decision."
                : $"835 {p.PaymentDate:yyyy-MM-dd}: {p.PayerName} posted {p.Paid:0.00} (CLP02 {p.ClaimStatusCode}), already reversed; awaiting its new decision.";
            if (ClaimLifecycle.Allows(claim.Status, ClaimEvent.DecisionsReversed))
                await ClaimStore.TransitionAsync(connection, tx, p.TenantId, claim.Id, ClaimEvent.DecisionsReversed, detail);
            else
                await ClaimStore.AddHistoryAsync(connection, tx, p.TenantId, claim.Id, claim.Status, detail);
        }
        else if (standing.PostingId != p.PostingId)
        {
            // A reversal, or an earlier decision, that reaches us after the decision standing now: on record, the status stays.
            await ClaimStore.AddHistoryAsync(connection, tx, p.TenantId, claim.Id, claim.Status,
                $"835 {p.PaymentDate:yyyy-MM-dd}: {p.PayerName} posted {p.Paid:0.00} (CLP02 {p.ClaimStatusCode}); the later decision of {standing.PaymentDate:yyyy-MM-dd} stands.");
        }
        else if (Adjudication.Decide(p) is var (status, denial) && !ClaimLifecycle.Allows(claim.Status, Adjudication.EventOf(status)))
        {
            // A decision for a claim that is not with the payer as far as we know (held again, waiting to be sent): on record only.
            await ClaimStore.AddHistoryAsync(connection, tx, p.TenantId, claim.Id, claim.Status,
                $"835 {p.PaymentDate:yyyy-MM-dd}: {p.PayerName} posted {p.Paid:0.00} (CLP02 {p.ClaimStatusCode}) while the claim is {claim.Status}; see its ledger.");
        }
        else
        {
            var detail = denial is null
                ? $"835 {p.PaymentDate:yyyy-MM-dd}: {p.PayerName} paid {p.Paid:0.00} of {p.Charge:0.00}; patient responsibility {p.PatientResponsibility.Total:0.00}."
                : $"835 {p.PaymentDate:yyyy-MM-dd}: {p.PayerName} denied the claim, CARC {denial.Carc}{(denial.Rarc is null ? "" : $" RARC {denial.Rarc}")} ({denial.Category}).";
            // A denial or a partial payment opens the appeal window at the remittance's date (the payer's appeal days run from it).
            await connection.ExecuteAsync("UPDATE claims SET denial = @Denial::jsonb, appeal_window_from = @WindowFrom WHERE id = @Id",
                new
                {
                    claim.Id, Denial = denial is null ? null : JsonSerializer.Serialize(denial, ClaimData.Json),
                    WindowFrom = status is ClaimStatus.Denied or ClaimStatus.PartiallyPaid ? p.PaymentDate : (DateOnly?)null,
                }, tx);
            await ClaimStore.TransitionAsync(connection, tx, p.TenantId, claim.Id, Adjudication.EventOf(status), detail);
            if (denial is not null)
                await Outbox.Enqueue(connection, tx, new ClaimDenied(p.TenantId, claim.Id, claim.PatientId, claim.PatientControlNumber, denial.Carc, denial.Rarc,
                    denial.Category, DateTimeOffset.UtcNow), p.TenantId);
            else
            {
                await Outbox.Enqueue(connection, tx, new ClaimPaid(p.TenantId, claim.Id, claim.PatientId, p.Paid, status == ClaimStatus.PartiallyPaid, DateTimeOffset.UtcNow), p.TenantId);
                if (p.IsCrossover)
                    await Crossovers.OpenAsync(connection, tx, claim, p, status);
                else
                    notice = await SecondaryClaims.OpenNextPayerAsync(connection, tx, claim, p, clock);
            }
        }
        // Each paid line against the payer's contract (a finished claim's items can only close: a replaced claim's late decision opens none).
        await UnderpaymentReview.ApplyAsync(connection, tx, claim, p, standing, mayOpen: !finished, clock.GetUtcNow());
        await tx.CommitAsync(ct);
        await SubmissionQueue.NotifyAsync(send, configuration, [notice], logger);
    }
}
