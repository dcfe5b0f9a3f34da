using MassTransit;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Claims.Denials;

/// <summary>
/// A payer paid the claim again (Payments posted it as a credit balance): the claim's adjudication is unchanged, its history says
/// so, and the credit waits on the credit-balance work list (/api/payments/credit-balances) for a refund or the payer's recoupment.
/// </summary>
public sealed class InsuranceOverpaymentPostedConsumer(NpgsqlDataSource db) : IConsumer<InsuranceOverpaymentPosted>
{
    public async Task Consume(ConsumeContext<InsuranceOverpaymentPosted> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var work = await Inbox.BeginAsync(db, context, nameof(InsuranceOverpaymentPostedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        if (await ClaimStore.FindForUpdateAsync(connection, tx, m.TenantId, m.ClaimId) is { } claim)
            await ClaimStore.AddHistoryAsync(connection, tx, m.TenantId, claim.Id, claim.Status,
                $"{m.PayerName} paid {m.Amount:0.00} again (TRN {m.TraceNumber}): insurance credit balance {m.CreditBalance:0.00}, owed back to the payer.");
        await tx.CommitAsync(ct);
    }
}
