using Dapper;
using Npgsql;

namespace RevenueCycle.Payments.Ledger;

/// <summary>The claim ledger's SQL. Entries are only ever inserted: a correction is a reversal entry.</summary>
public static class LedgerStore
{
    public static Task EnterChargeAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid claim, int? line, decimal amount, string description) =>
        connection.ExecuteAsync(
            """
            INSERT INTO ledger_entries (id, tenant_id, claim_id, line_number, kind, bucket, amount, description)
            VALUES (@Id, @Tenant, @Claim, @Line, 'charge', 'charge', @Amount, @Description)
            ON CONFLICT DO NOTHING
            """, new { Id = Guid.CreateVersion7(), Tenant = tenant, Claim = claim, Line = line, Amount = amount, Description = description }, tx);

    /// <summary>Entries of a posting (or, with no posting, of a provider-level recoupment, a refund or a write-off).</summary>
    public static async Task EnterAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid claim, Guid? posting, IEnumerable<LedgerDraft> entries,
        Guid? remittance = null)
    {
        foreach (var e in entries)
            await connection.ExecuteAsync(
                """
                INSERT INTO ledger_entries (id, tenant_id, claim_id, line_number, posting_id, kind, bucket, adjustment_group, carc, amount, description, remittance_id)
                VALUES (@Id, @Tenant, @Claim, @LineNumber, @Posting, @Kind, @Bucket, @Group, @Carc, @Amount, @Description, @Remittance)
                """,
                new { Id = Guid.CreateVersion7(), Tenant = tenant, Claim = claim, Posting = posting, e.LineNumber, e.Kind, e.Bucket, e.Group, e.Carc, e.Amount,
                    e.Description, Remittance = remittance },
                tx);
    }

    /// <summary>The entries a posting of the claim made, in order (read through the claim's index: a claim has few entries, a ledger millions).</summary>
    public static async Task<IReadOnlyList<LedgerDraft>> PostedEntriesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid claim, Guid posting) =>
        [.. (await connection.QueryAsync<LedgerEntryView>(
            """
            SELECT id, line_number, posting_id, kind, bucket, adjustment_group AS "group", carc, amount, description, created_at
            FROM ledger_entries WHERE tenant_id = @Tenant AND claim_id = @Claim AND posting_id = @Posting ORDER BY seq
            """, new { Tenant = tenant, Claim = claim, Posting = posting }, tx))
            .Select(e => new LedgerDraft(e.LineNumber, e.Kind, e.Bucket, e.Group, e.Carc, e.Amount, e.Description))];

    public static async Task<LedgerTotals> TotalsAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid tenant, Guid claim) =>
        LedgerTotals.Of(await connection.QueryAsync<(string, decimal)>(
            "SELECT bucket, amount FROM ledger_entries WHERE tenant_id = @Tenant AND claim_id = @Claim", new { Tenant = tenant, Claim = claim }, tx));
}
