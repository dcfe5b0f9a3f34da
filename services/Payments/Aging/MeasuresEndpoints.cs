using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Payments.Aging;

/// <summary>A measure, its unit, and the industry target a practice watches it against.</summary>
public sealed record Measure(decimal? Value, string Unit, string Target, bool? MeetsTarget);

/// <summary>
/// The receivables measures at the end of a day. Charges are those of the original primary claims first
/// submitted in the 90 days up to that day (a replacement or a secondary claim bills the same services again and
/// is not counted twice). The insurance AR is the insurance balance of the aging report; the patient AR is what
/// patients owed then (PatientBilling's open charges, copied here from PatientBalanceChanged: each account's last
/// state before the day ended). Days in AR put both over the average daily charges, as DOMAIN defines it; days
/// in insurance AR, the payers' part alone.
/// </summary>
/// <remarks>
/// The net collection rate puts what was collected in the 90 days (insurance payments as posted, less their
/// reversals; patient payments, less refunds) over the charges of the same days less the contractual
/// allowances posted in them: CO adjustments for the payer's contract (CARC 45 fee schedule, 59 multiple
/// procedure rules, 131 negotiated discount, 253 sequestration). A denial written off (CO-50, CO-197, CO-29...)
/// is money lost, not contracted away: it stays in the charges and lowers the rate, as it should.
/// </remarks>
public sealed record PaymentMeasures(DateOnly AsOf, decimal InsuranceAr, decimal InsuranceArOver90Days, decimal ChargesLast90Days,
    decimal AverageDailyCharges, Measure DaysInInsuranceAr, Measure InsuranceArOver90,
    decimal InsurancePaymentsLast90Days, decimal PatientPaymentsLast90Days, decimal ContractualAdjustmentsLast90Days, Measure NetCollectionRate,
    decimal PatientAr, decimal TotalAr, Measure DaysInAr);

public static class MeasuresEndpoints
{
    const int ChargeDays = 90;
    const decimal DaysInArTarget = 35m;
    const decimal Over90Target = 10m;
    const decimal NetCollectionTarget = 95m;

    /// <summary>The CARCs that say "the contract allows less" rather than "not paid": what the net collection rate takes off the charges.</summary>
    static readonly string[] ContractualCarcs = ["45", "59", "131", "253"];

    public static RouteGroupBuilder MapMeasures(this RouteGroupBuilder group)
    {
        group.MapGet("/measures", Get);
        return group;
    }

    static async Task<Ok<PaymentMeasures>> Get(ClaimsPrincipal user, NpgsqlDataSource db, DateOnly? asOf)
    {
        var tenant = user.TenantId();
        var day = asOf ?? DateOnly.FromDateTime(DateTime.UtcNow);
        await using var connection = await db.OpenSnapshotAsync();
        var aging = await AgingEndpoints.LoadAsync(connection, tenant, day);
        var end = AgingEndpoints.EndOf(day);
        var charges = await connection.ExecuteScalarAsync<decimal>(
            """
            SELECT coalesce(sum(total_charge), 0) FROM claims
            WHERE tenant_id = @Tenant AND replaces_claim_id IS NULL AND frequency = 1 AND payer_responsibility = 'primary'
              AND submitted_at >= @Start AND submitted_at < @End
            """, new { Tenant = tenant, Start = end.AddDays(-ChargeDays), End = end });

        var collected = await connection.QuerySingleAsync<(decimal Insurance, decimal Contractual, decimal Patients)>(
            """
            SELECT coalesce(sum(amount) FILTER (WHERE bucket = 'insurance-paid'), 0) AS insurance,
                   coalesce(sum(amount) FILTER (WHERE bucket = 'adjustment' AND adjustment_group = 'CO' AND carc = ANY(@Contractual)), 0) AS contractual,
                   (SELECT coalesce(sum(amount), 0) FROM patient_collections
                    WHERE tenant_id = @Tenant AND on_day > @FirstDayBefore AND on_day <= @Day) AS patients
            FROM ledger_entries
            WHERE tenant_id = @Tenant AND created_at >= @Start AND created_at < @End
            """, new { Tenant = tenant, Start = end.AddDays(-ChargeDays), End = end, Contractual = ContractualCarcs, FirstDayBefore = day.AddDays(-ChargeDays), Day = day });
        var patientAr = await connection.ExecuteScalarAsync<decimal>(
            """
            SELECT coalesce(sum(owed), 0) FROM (
                SELECT DISTINCT ON (patient_id) owed FROM patient_balances
                WHERE tenant_id = @Tenant AND changed_at < @End
                ORDER BY patient_id, version DESC) latest
            """, new { Tenant = tenant, End = end });
        var collectible = charges - collected.Contractual;
        decimal? rate = collectible <= 0 ? null : Math.Round(100m * (collected.Insurance + collected.Patients) / collectible, 1, MidpointRounding.AwayFromZero);

        var daily = Math.Round(charges / ChargeDays, 2, MidpointRounding.AwayFromZero);
        var over90 = aging.Totals.Days91To120 + aging.Totals.Over120;
        decimal? days = daily == 0 ? null : Math.Round(aging.Total / daily, 1, MidpointRounding.AwayFromZero);
        var totalAr = aging.Total + patientAr;
        decimal? allDays = daily == 0 ? null : Math.Round(totalAr / daily, 1, MidpointRounding.AwayFromZero);
        decimal? share = aging.Total == 0 ? null : Math.Round(100m * over90 / aging.Total, 1, MidpointRounding.AwayFromZero);
        return TypedResults.Ok(new PaymentMeasures(day, aging.Total, over90, charges, daily,
            new Measure(days, "days", $"< {DaysInArTarget} days", days is { } d ? d < DaysInArTarget : null),
            new Measure(share, "percent", $"< {Over90Target}%", share is { } s ? s < Over90Target : null),
            collected.Insurance, collected.Patients, collected.Contractual,
            new Measure(rate, "percent", $">= {NetCollectionTarget}% (95-99%)", rate is { } r ? r >= NetCollectionTarget : null),
            patientAr, totalAr,
            new Measure(allDays, "days", $"< {DaysInArTarget} days", allDays is { } a ? a < DaysInArTarget : null)));
    }
}
