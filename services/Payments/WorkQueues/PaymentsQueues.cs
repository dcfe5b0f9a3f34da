using RevenueCycle.Payments.Ledger;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Payments.WorkQueues;

/// <summary>The Payments service's work queues: what each holds open for a practice, and whose patient an item is.</summary>
public static class PaymentsQueues
{
    public const string PostingExceptions = "posting-exceptions";
    public const string CreditBalances = "credit-balances";
    public const string UnmatchedDeposits = "unmatched-deposits";

    public static readonly WorkQueue[] All =
    [
        // A CLP that could not be posted names no known claim, so no patient.
        new(PostingExceptions, "SELECT id FROM posting_exceptions WHERE tenant_id = @Tenant AND status = 'open'"),
        // A credit balance's id is its claim's.
        new(CreditBalances,
            $"""
            SELECT c.claim_id FROM claims c JOIN ledger_entries l ON l.tenant_id = c.tenant_id AND l.claim_id = c.claim_id
            WHERE c.tenant_id = @Tenant GROUP BY c.claim_id HAVING sum({LedgerTotals.BalanceEffectSql}) < 0
            """,
            "SELECT patient_id FROM claims WHERE tenant_id = @Tenant AND claim_id = ANY(@ItemIds)"),
        new(UnmatchedDeposits, "SELECT id FROM deposits WHERE tenant_id = @Tenant AND status IN ('unmatched', 'flagged')"),
    ];
}
