using Dapper;
using Npgsql;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Payments.Claims;

/// <summary>Payments' answers name claims (ledgers, remittances, credit balances); whose claims they are comes from ClaimSubmitted.</summary>
public sealed class PatientsOfClaims(NpgsqlDataSource db) : IPatientsOfClaims
{
    public async Task<IEnumerable<Guid>> PatientsOfClaimsAsync(Guid tenantId, IReadOnlyCollection<Guid> claimIds, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT DISTINCT patient_id FROM claims WHERE tenant_id = @Tenant AND claim_id = ANY(@Claims)",
            new { Tenant = tenantId, Claims = claimIds.ToArray() }, cancellationToken: ct));
    }
}
