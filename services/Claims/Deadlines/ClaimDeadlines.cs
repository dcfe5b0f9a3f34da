using Dapper;
using Npgsql;
using RevenueCycle.Claims.Building;

namespace RevenueCycle.Claims.Deadlines;

/// <summary>
/// The deadline a claim is worked against now: <c>filing</c> while it has not reached the payer (draft, held, ready) or was
/// rejected by it — the payer's timely-filing limit; <c>appeal</c> while it is denied or partly paid — the payer's appeal window.
/// <see cref="AtRisk"/> when no more than the practice's warning days are left (or the date has passed).
/// </summary>
public sealed record DeadlineView(string Kind, DateOnly Date, int DaysLeft, bool AtRisk);

public static class ClaimDeadlines
{
    public const string Filing = "filing";
    public const string Appeal = "appeal";

    /// <summary>Medicare's redetermination limit (42 CFR 405.942(a): 120 days), used when a payer has no appeal days of its own.</summary>
    public const int DefaultAppealDays = 120;

    /// <summary>Claims within this many days of a deadline are flagged, unless the practice sets its own (PUT /api/claims/settings).</summary>
    public const int DefaultWarningDays = 15;

    public static readonly string[] FilingStatuses = [ClaimStatus.Draft, ClaimStatus.Held, ClaimStatus.Ready, ClaimStatus.Rejected];
    public static readonly string[] AppealStatuses = [ClaimStatus.Denied, ClaimStatus.PartiallyPaid];

    /// <summary>
    /// The SQL condition "the claim's current deadline is on or before @Horizon", for the work-queue filters (claims table as
    /// <c>claims</c>); the same rule as <see cref="For"/>.
    /// </summary>
    public const string DueBySql =
        """
        ((claims.status IN ('draft', 'held', 'ready', 'rejected') AND claims.filing_deadline <= @Horizon)
         OR (claims.status IN ('denied', 'partially-paid') AND claims.appeal_window_from + COALESCE(
               (SELECT ps.appeal_days FROM payer_settings ps WHERE ps.tenant_id = claims.tenant_id AND ps.payer_id = claims.payer_id), 120) <= @Horizon))
        """;

    /// <summary>
    /// The claim's current deadline date in SQL (claims table as <c>claims</c>), null when it has none; the same rule as <see cref="For"/>,
    /// for sorting and <c>dueBefore</c>.
    /// </summary>
    public const string DateSql =
        """
        (CASE WHEN claims.status IN ('draft', 'held', 'ready', 'rejected') THEN claims.filing_deadline
              WHEN claims.status IN ('denied', 'partially-paid') THEN claims.appeal_window_from + COALESCE(
               (SELECT ps.appeal_days FROM payer_settings ps WHERE ps.tenant_id = claims.tenant_id AND ps.payer_id = claims.payer_id), 120) END)
        """;

    public static DeadlineView? For(ClaimRow claim, int appealDays, int warningDays, DateOnly today)
    {
        DateOnly? date = FilingStatuses.Contains(claim.Status) ? claim.FilingDeadline
            : AppealStatuses.Contains(claim.Status) && claim.AppealWindowFrom is { } from ? from.AddDays(appealDays)
            : null;
        if (date is not { } d) return null;
        var left = d.DayNumber - today.DayNumber;
        return new(FilingStatuses.Contains(claim.Status) ? Filing : Appeal, d, left, left <= warningDays);
    }

    /// <summary>What the deadlines of these claims depend on: each practice's warning days, each payer's appeal days.</summary>
    public sealed record Settings(IReadOnlyDictionary<Guid, int> WarningDays, IReadOnlyDictionary<(Guid, string), int> AppealDays)
    {
        public int WarningFor(Guid tenant) => WarningDays.GetValueOrDefault(tenant, DefaultWarningDays);
        public int AppealDaysFor(Guid tenant, string payerId) => AppealDays.GetValueOrDefault((tenant, payerId), DefaultAppealDays);
    }

    public static async Task<Settings> LoadAsync(NpgsqlConnection connection, IReadOnlyCollection<Guid> tenants, NpgsqlTransaction? tx = null)
    {
        var ids = tenants.Distinct().ToArray();
        var warning = (await connection.QueryAsync<(Guid Tenant, int Days)>(
            "SELECT tenant_id, deadline_warning_days FROM tenant_settings WHERE tenant_id = ANY(@Ids)", new { Ids = ids }, tx)).ToDictionary(r => r.Tenant, r => r.Days);
        var appeal = (await connection.QueryAsync<(Guid Tenant, string PayerId, int Days)>(
            "SELECT tenant_id, payer_id, appeal_days FROM payer_settings WHERE tenant_id = ANY(@Ids) AND appeal_days IS NOT NULL", new { Ids = ids }, tx))
            .ToDictionary(r => (r.Tenant, r.PayerId), r => r.Days);
        return new(warning, appeal);
    }
}
