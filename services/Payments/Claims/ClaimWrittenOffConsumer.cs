using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Payments.Ledger;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Payments.Claims;

/// <summary>
/// A claim the practice wrote off (Claims' write-off): what is left with insurance is posted as a write-off adjustment with its
/// reason, line by line, so it leaves AR and the ledger says why. Nothing is written off twice (the write-off id is kept), and a
/// claim with nothing left with insurance (or a credit) gets no entry.
/// </summary>
public sealed class ClaimWrittenOffConsumer(NpgsqlDataSource db) : IConsumer<ClaimWrittenOff>
{
    public async Task Consume(ConsumeContext<ClaimWrittenOff> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var work = await Inbox.BeginAsync(db, context, nameof(ClaimWrittenOffConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        var known = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM claims WHERE tenant_id = @TenantId AND claim_id = @ClaimId FOR UPDATE)", new { m.TenantId, m.ClaimId }, tx);
        if (!known)
        {
            // Never sent, so never in AR: nothing to write off here.
            await tx.CommitAsync(ct);
            return;
        }
        var balances = (await connection.QueryAsync<(int? Line, decimal Balance)>(
            $"""
            SELECT l.line_number, sum({LedgerTotals.BalanceEffectSql}) FROM ledger_entries l
            WHERE l.tenant_id = @TenantId AND l.claim_id = @ClaimId GROUP BY l.line_number
            """, new { m.TenantId, m.ClaimId }, tx)).ToList();
        var total = balances.Sum(b => b.Balance);
        var drafts = new List<LedgerDraft>();
        if (total > 0)
        {
            // Line by line where lines hold a balance; whatever the lines do not explain, at claim level.
            foreach (var (line, balance) in balances.Where(b => b.Line is not null && b.Balance > 0))
                drafts.Add(new LedgerDraft(line, EntryKind.WriteOff, Bucket.Adjustment, null, m.Carc, balance, $"Write-off: {m.Reason}"));
            var rest = total - drafts.Sum(d => d.Amount);
            if (rest != 0) drafts.Add(new LedgerDraft(null, EntryKind.WriteOff, Bucket.Adjustment, null, m.Carc, rest, $"Write-off: {m.Reason}"));
            await LedgerStore.EnterAsync(connection, tx, m.TenantId, m.ClaimId, null, drafts);
        }
        await connection.ExecuteAsync(
            """
            INSERT INTO claim_write_offs (tenant_id, claim_id, write_off_id, amount, reason, written_off_at)
            VALUES (@TenantId, @ClaimId, @WriteOffId, @Amount, @Reason, @WrittenOffAt) ON CONFLICT DO NOTHING
            """, new { m.TenantId, m.ClaimId, m.WriteOffId, Amount = Math.Max(0, total), m.Reason, m.WrittenOffAt }, tx);
        await tx.CommitAsync(ct);
    }
}
