using Dapper;
using Npgsql;

namespace RevenueCycle.Payments.Deposits;

/// <summary>
/// Reassociation (CAQH CORE 370 EFT &amp; ERA Reassociation (CCD+/835) Rule): a deposit is its remittance when the deposit's trace is
/// the 835's TRN02 (compared as <see cref="Trace.Key"/>) of the same payer when the bank named it (CCD+ TRN03 = 835 TRN03) and its
/// amount is BPR02. A trace found with another amount, or on several remittances, is flagged for a person, never matched.
/// It runs when a deposit arrives and when a remittance is posted, so either may come first.
/// </summary>
public static class DepositMatching
{
    public const string SystemActor = "system";

    sealed record DepositRow
    {
        public Guid Id { get; init; }
        public decimal Amount { get; init; }
        public string? TraceKey { get; init; }
        public string? PayerId { get; init; }
        public string Status { get; init; } = "";
        public bool AutomaticMatching { get; init; }
    }

    sealed record Candidate
    {
        public Guid Id { get; init; }
        public decimal PaymentAmount { get; init; }
        public string TraceNumber { get; init; } = "";
        public string PayerName { get; init; } = "";
    }

    /// <summary>Matches the deposit automatically if exactly one free remittance has its trace and amount; else flags or leaves it.</summary>
    public static async Task<string> MatchDepositAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid depositId, DateTimeOffset now)
    {
        var d = await connection.QuerySingleAsync<DepositRow>(
            "SELECT id, amount, trace_key, payer_id, status, automatic_matching FROM deposits WHERE tenant_id = @Tenant AND id = @Id FOR UPDATE",
            new { Tenant = tenant, Id = depositId }, tx);
        if (d.Status == DepositStatus.Matched || !d.AutomaticMatching || d.TraceKey is null) return d.Status;
        var candidates = (await connection.QueryAsync<Candidate>(
            """
            SELECT r.id, r.payment_amount, r.trace_number, r.payer_name FROM remittances r
            WHERE r.tenant_id = @Tenant AND r.trace_key = @TraceKey AND r.duplicate_of IS NULL
              AND (@PayerId::text IS NULL OR r.payer_key = upper(@PayerId) OR upper(@PayerId) = ANY (r.payer_ids))
              AND NOT EXISTS (SELECT 1 FROM deposits m WHERE m.tenant_id = r.tenant_id AND m.remittance_id = r.id)
            ORDER BY r.id
            """, new { Tenant = tenant, d.TraceKey, d.PayerId }, tx)).ToList();
        var same = candidates.Where(c => c.PaymentAmount == d.Amount).ToList();
        if (same.Count == 1)
        {
            await MatchAsync(connection, tx, tenant, d.Id, same[0].Id, "automatic", SystemActor,
                $"TRN02 {same[0].TraceNumber} and BPR02 {same[0].PaymentAmount:0.00} of {same[0].PayerName}", now);
            return DepositStatus.Matched;
        }
        var (flag, detail) = same.Count > 1
            ? (DepositFlag.Ambiguous, $"Remittances {string.Join(", ", same.Select(c => c.Id))} all carry this trace and amount: match one by hand.")
            : candidates.Count > 0
                ? (DepositFlag.AmountDiffers, string.Join("; ", candidates.Select(c =>
                    $"remittance {c.Id} of {c.PayerName} carries TRN02 {c.TraceNumber} but pays {c.PaymentAmount:0.00} (BPR02), not {d.Amount:0.00}")) + ".")
                : ((string?)null, (string?)null);
        var status = DepositStatus.Next(d.Status, flag is null ? DepositStatus.Event.NoCandidate : DepositStatus.Event.CandidateDiffers)!;
        await connection.ExecuteAsync("UPDATE deposits SET status = @Status, flag = @Flag, flag_detail = @Detail WHERE id = @Id",
            new { Status = status, Flag = flag, Detail = detail, d.Id }, tx);
        return status;
    }

    /// <summary>A remittance just posted: the deposits waiting with its trace are tried again.</summary>
    public static async Task MatchRemittanceAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid remittanceId, DateTimeOffset now)
    {
        var waiting = await connection.QueryAsync<Guid>(
            """
            SELECT d.id FROM deposits d JOIN remittances r ON r.tenant_id = d.tenant_id AND r.trace_key = d.trace_key
            WHERE r.tenant_id = @Tenant AND r.id = @Remittance AND d.status <> 'matched' AND d.automatic_matching
            ORDER BY d.id
            """, new { Tenant = tenant, Remittance = remittanceId }, tx);
        foreach (var id in waiting) await MatchDepositAsync(connection, tx, tenant, id, now);
    }

    public static async Task MatchAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid depositId, Guid remittanceId, string method,
        string by, string? reason, DateTimeOffset now)
    {
        await connection.ExecuteAsync(
            """
            UPDATE deposits SET status = 'matched', remittance_id = @Remittance, flag = NULL, flag_detail = NULL,
                                matched_at = @Now, matched_by = @By, match_method = @Method, match_note = @Reason
            WHERE tenant_id = @Tenant AND id = @Id
            """, new { Tenant = tenant, Id = depositId, Remittance = remittanceId, Now = now, By = by, Method = method, Reason = reason }, tx);
        await RecordAsync(connection, tx, tenant, depositId, remittanceId, "matched", method, by, reason, now);
    }

    public static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid depositId, Guid remittanceId, string action,
        string method, string by, string? reason, DateTimeOffset now) =>
        connection.ExecuteAsync(
            """
            INSERT INTO deposit_matches (id, tenant_id, deposit_id, remittance_id, action, method, performed_by, reason, at)
            VALUES (@Id, @Tenant, @Deposit, @Remittance, @Action, @Method, @By, @Reason, @Now)
            """, new { Id = Guid.CreateVersion7(), Tenant = tenant, Deposit = depositId, Remittance = remittanceId, Action = action, Method = method, By = by, Reason = reason, Now = now }, tx);
}
