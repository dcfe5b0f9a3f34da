using Dapper;
using Npgsql;
using RevenueCycle.PatientBilling.Ledger;

namespace RevenueCycle.PatientBilling.Claims;

/// <summary>
/// Coordination of benefits on the patient's side. What the primary payer leaves to the patient is
/// only the patient's if no other payer follows: once a secondary (or tertiary) claim for the same
/// visit is sent, the earlier share goes back to insurance with negative entries of the same kinds,
/// and the next payer's posting says what the patient really owes. Called by both consumers, since
/// the primary's posting and the secondary's submission may arrive in either order; the account row
/// is locked, so the two never transfer the same share twice.
/// </summary>
public static class NextPayerTransfer
{
    public static int Rank(string? payerResponsibility) => payerResponsibility switch
    {
        "secondary" => 2,
        "tertiary" => 3,
        _ => 1,
    };

    /// <returns>Whether a share moved (the ledger changed).</returns>
    public static async Task<bool> MoveEarlierShareAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid patient, Guid encounter, DateOnly today)
    {
        await connection.ExecuteAsync("SELECT 1 FROM accounts WHERE tenant_id = @tenant AND patient_id = @patient FOR UPDATE", new { tenant, patient }, tx);
        var next = await connection.QueryFirstOrDefaultAsync<(Guid ClaimId, short Rank, string PayerName)?>(
            """
            SELECT claim_id, payer_rank, payer_name FROM claims
            WHERE tenant_id = @tenant AND encounter_id = @encounter AND payer_rank > 1
            ORDER BY payer_rank DESC LIMIT 1
            """, new { tenant, encounter }, tx);
        if (next is not { } later) return false;

        var remaining = await connection.QueryAsync<(Guid ClaimId, string Kind, decimal Amount, DateOnly? DateOfService)>(
            """
            SELECT le.claim_id, le.kind, sum(le.amount), min(le.date_of_service)
            FROM ledger_entries le
            JOIN claims c ON c.tenant_id = le.tenant_id AND c.claim_id = le.claim_id
            WHERE le.tenant_id = @tenant AND c.encounter_id = @encounter AND c.payer_rank < @Rank AND le.kind = ANY(@Kinds)
            GROUP BY le.claim_id, le.kind
            HAVING sum(le.amount) <> 0
            """, new { tenant, encounter, later.Rank, Kinds = EntryKind.Responsibility }, tx);
        foreach (var (claimId, kind, amount, dateOfService) in remaining)
        {
            await connection.ExecuteAsync(LedgerSql.Insert, new
            {
                Id = Guid.CreateVersion7(), TenantId = tenant, PatientId = patient, Kind = kind, Amount = -amount,
                Description = $"{char.ToUpperInvariant(kind[0])}{kind[1..]} sent on to {later.PayerName} (next payer)",
                ClaimId = (Guid?)claimId, DateOfService = dateOfService, EffectiveDate = today,
                Method = (string?)null, Reference = (string?)null, Reason = "coordination-of-benefits", SourceId = (Guid?)Guid.CreateVersion7(),
            }, tx);
        }
        return remaining.Any();
    }
}
