using Dapper;
using Npgsql;
using RevenueCycle.Claims.Building;

namespace RevenueCycle.Claims.FeeSchedule;

/// <summary>The practice's charge per procedure code; a line's charge is the fee times its units.</summary>
public static class Fees
{
    public static async Task<Dictionary<string, decimal>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid tenant, IEnumerable<string> codes) =>
        (await connection.QueryAsync<(string Code, decimal Amount)>(
            "SELECT code, amount FROM fee_schedule WHERE tenant_id = @Tenant AND code = ANY(@Codes)",
            new { Tenant = tenant, Codes = codes.Distinct().ToArray() }, tx)).ToDictionary(f => f.Code, f => f.Amount);

    public static decimal? Charge(IReadOnlyDictionary<string, decimal> fees, string code, decimal units) =>
        fees.TryGetValue(code, out var fee) ? decimal.Round(fee * units, 2, MidpointRounding.AwayFromZero) : null;

    /// <summary>The lines re-priced from the fee schedule (a fee schedule change re-prices held claims).</summary>
    public static IReadOnlyList<ClaimLine> Price(IReadOnlyList<ClaimLine> lines, IReadOnlyDictionary<string, decimal> fees) =>
        lines.Select(l => l with { Charge = Charge(fees, l.ProcedureCode, l.Units) ?? l.Charge }).ToList();
}
