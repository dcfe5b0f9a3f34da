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

    /// <summary>Many payers' settings in one query; a payer never configured is absent (its settings are the defaults).</summary>
    public static async Task<Dictionary<string, PayerSettings>> PayersAsync(DbConnection connection, IReadOnlyCollection<string> payerIds, DbTransaction? transaction = null)
    {
        var rows = await connection.QueryAsync<(string PayerId, string Settings)>(
            "SELECT payer_id, settings::text FROM payers WHERE payer_id = ANY(@payerIds)", new { payerIds = payerIds.ToArray() }, transaction);
        return rows.ToDictionary(r => r.PayerId, r => JsonSerializer.Deserialize<PayerSettings>(r.Settings, Json) ?? PayerSettings.Default, StringComparer.Ordinal);
    }

    /// <summary>Many members' plans in one query; a member never configured is absent.</summary>
    public static async Task<Dictionary<(string PayerId, string MemberId), MemberPlan>> MembersAsync(
        DbConnection connection, IReadOnlyCollection<(string PayerId, string MemberId)> members, DbTransaction? transaction = null)
    {
        var rows = await connection.QueryAsync<MemberRow>(
            """
            SELECT m.payer_id, m.member_id, active, invalid, effective_from, effective_to, copay, deductible, deductible_met, coinsurance_percent
            FROM members m JOIN unnest(@payerIds, @memberIds) AS k(payer_id, member_id) ON k.payer_id = m.payer_id AND k.member_id = m.member_id
            """, new { payerIds = members.Select(m => m.PayerId).ToArray(), memberIds = members.Select(m => m.MemberId).ToArray() }, transaction);
        return rows.ToDictionary(r => (r.PayerId, r.MemberId), r => r.ToPlan());
    }

    sealed record MemberRow
    {
        public string PayerId { get; init; } = "";
        public string MemberId { get; init; } = "";
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
