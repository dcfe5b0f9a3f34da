using Dapper;
using Npgsql;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Claims.Building;

/// <summary>Answers that name a claim but not its patient (acknowledgement exceptions, batches) disclose the claim's patient.</summary>
public sealed class PatientsOfClaims(NpgsqlDataSource db) : IPatientsOfClaims
{
    public async Task<IEnumerable<Guid>> PatientsOfClaimsAsync(Guid tenantId, IReadOnlyCollection<Guid> claimIds, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT DISTINCT patient_id FROM claims WHERE tenant_id = @Tenant AND id = ANY(@Claims)",
            new { Tenant = tenantId, Claims = claimIds.ToArray() }, cancellationToken: ct));
    }
}
