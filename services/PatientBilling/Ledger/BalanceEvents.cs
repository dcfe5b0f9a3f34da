using Dapper;
using Npgsql;
using RevenueCycle.Contracts.PatientBilling;
using RevenueCycle.PatientBilling.Accounts;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.PatientBilling.Ledger;

/// <summary>
/// Tells the other services what a patient owes after each change to the ledger (<see cref="PatientBalanceChanged"/>):
/// Payments keeps a copy for the practice's days in AR, which count the patients' share with the payers'.
/// </summary>
public static class BalanceEvents
{
    /// <summary>
    /// Enqueues the account's state in the transaction that changed its ledger. The account row is locked first, so
    /// concurrent changes are counted one after the other and every state has its own version (the number of
    /// entries). Owed is every open charge, whatever its effective date: the receivable exists once it is posted.
    /// Returns the account's allocation over all its entries (its <see cref="Allocation.Balance"/> is the ledger's sum).
    /// </summary>
    public static async Task<Allocation> EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid patient, DateTimeOffset now)
    {
        await connection.ExecuteAsync("SELECT 1 FROM accounts WHERE tenant_id = @tenant AND patient_id = @patient FOR UPDATE", new { tenant, patient }, tx);
        var entries = await AccountStore.EntriesAsync(connection, tenant, patient, tx);
        var allocation = Allocation.Of(entries, DateOnly.MaxValue);
        var owed = allocation.Items.Sum(item => item.Open);
        await Outbox.Enqueue(connection, tx, new PatientBalanceChanged(tenant, patient, entries.Count, owed, allocation.UnappliedCredit, now), tenant);
        return allocation;
    }
}
