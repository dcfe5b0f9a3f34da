using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Claims.StatusChecks;

/// <summary>
/// A payer's claim status follow-up as data (payer rules): a claim with no 835 after <see cref="DefaultAfterDays"/> days is asked
/// about (0: never), again at most every <see cref="DefaultEveryDays"/> days, and the scheduled checker sends a payer at most
/// <see cref="DefaultPerDay"/> a day. Payers' companion guides ask providers not to inquire before the claim could have been
/// processed (commercial payers commonly 30 days; clean claims must be paid within 30 days under most prompt-pay laws), hence
/// three weeks by default.
/// </summary>
public static class StatusCheckSettings
{
    public const int DefaultAfterDays = 21;
    public const int DefaultEveryDays = 14;
    public const int DefaultPerDay = 100;

    public static void Validate(Validation v, int? afterDays, int? everyDays, int? perDay)
    {
        v.Check(afterDays is null or >= 0 and <= 3650, "statusCheckAfterDays", "must be 0 (never) to 3650 days after submission.");
        v.Check(everyDays is null or >= 1 and <= 3650, "statusCheckEveryDays", "must be 1 to 3650 days between checks of a claim.");
        v.Check(perDay is null or >= 0 and <= 100_000, "statusChecksPerDay", "must be 0 to 100000 scheduled checks a day.");
    }

    /// <summary>The SQL of a payer's three settings with their defaults, for a query joined to <c>payer_settings ps</c>.</summary>
    public const string AfterDaysSql = "coalesce(ps.status_check_after_days, 21)";
    public const string EveryDaysSql = "coalesce(ps.status_check_every_days, 14)";
    public const string PerDaySql = "coalesce(ps.status_checks_per_day, 100)";
}
