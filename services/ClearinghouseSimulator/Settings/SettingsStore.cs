using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace RevenueCycle.ClearinghouseSimulator.Settings;

/// <summary>Reads payers' settings and members' plans; unknown ones get the documented defaults.</summary>
public static class SettingsStore
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<PayerSettings> PayerAsync(DbConnection connection, string payerId, DbTransaction? transaction = null)
    {
        var json = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT settings::text FROM payers WHERE payer_id = @payerId", new { payerId }, transaction);
        return json is null ? PayerSettings.Default : JsonSerializer.Deserialize<PayerSettings>(json, Json) ?? PayerSettings.Default;
    }

    public static async Task<MemberPlan?> MemberAsync(DbConnection connection, string payerId, string memberId, DbTransaction? transaction = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<MemberRow>(
            """
            SELECT active, invalid, effective_from, effective_to, copay, deductible, deductible_met, coinsurance_percent
            FROM members WHERE payer_id = @payerId AND member_id = @memberId
            """, new { payerId, memberId }, transaction);
        return row?.ToPlan();
    }

    sealed record MemberRow
    {
        public bool Active { get; init; }
        public bool Invalid { get; init; }
        public DateOnly? EffectiveFrom { get; init; }
        public DateOnly? EffectiveTo { get; init; }
        public decimal Copay { get; init; }
        public decimal Deductible { get; init; }
        public decimal DeductibleMet { get; init; }
        public decimal CoinsurancePercent { get; init; }

        public MemberPlan ToPlan() => new()
        {
            Active = Active, Invalid = Invalid, EffectiveFrom = EffectiveFrom, EffectiveTo = EffectiveTo, Copay = Copay,
            Deductible = Deductible, DeductibleMet = DeductibleMet, CoinsurancePercent = CoinsurancePercent,
        };
    }
}
