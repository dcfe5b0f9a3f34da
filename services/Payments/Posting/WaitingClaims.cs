using Dapper;
using Npgsql;

namespace RevenueCycle.Payments.Posting;

/// <summary>
/// An 835 can be posted while the <c>ClaimSubmitted</c> of the claim it pays is being consumed: without care, the importer finds no
/// claim (not committed yet) and the consumer finds no waiting CLP (not committed yet), and the payment waits forever. Both take the
/// same transaction-scoped advisory locks — the patient control number, and the visit (a crossover's next payer answers under the
/// primary's CLP01 for another claim of the same visit) — so one commits first and the other sees it.
/// </summary>
public static class WaitingClaims
{
    public static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, string patientControlNumber, Guid? encounter)
    {
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@Key, 0))", new { Key = $"payments:pcn:{tenant}:{patientControlNumber}" }, tx);
        if (encounter is { } visit)
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@Key, 0))", new { Key = $"payments:visit:{tenant}:{visit}" }, tx);
    }

    /// <summary>No claim matched: take the locks a claim's arrival takes, then match again, so a claim committed meanwhile is found.</summary>
    public static async Task<KnownClaim?> MatchAfterLockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, RemittanceClaim clp, RemittanceHeader header)
    {
        var visit = await connection.QueryFirstOrDefaultAsync<Guid?>(
            "SELECT encounter_id FROM claims WHERE tenant_id = @Tenant AND patient_control_number = @Pcn LIMIT 1",
            new { Tenant = tenant, Pcn = clp.PatientControlNumber }, tx);
        await LockAsync(connection, tx, tenant, clp.PatientControlNumber, visit);
        return await ClaimPoster.MatchAsync(connection, tx, tenant, clp, header);
    }
}
