using RevenueCycle.Contracts.Payments;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;

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
/// The net collection rate (HFMA MAP Key "net collection rate" / MGMA adjusted collection rate) puts what was collected in
/// the 90 days over the charges of the same days less the contractual allowances posted in them. Collected: insurance
/// payments as posted (less reversals, recoupments and refunds to payers) less what payers kept at provider level (PLB
/// recoupments and forward balances not posted to a claim; interest is income, not a collection on charges, and is not
/// counted), plus patient payments less refunds. Contractual: adjustments under CO, OA or PI whose CARC says the contract
/// allows less (AdjustmentReasons.tsv: 45, 42, 94, 24 capitation, 59, 131, 144, 253, 104, 237). A denial written off
/// (CO-50, CO-197, CO-29...) is money lost, not contracted away: it stays in the charges and lowers the rate.
/// </remarks>
public sealed record PaymentMeasures(DateOnly AsOf, decimal InsuranceAr, decimal InsuranceArOver90Days, decimal ChargesLast90Days,
    decimal AverageDailyCharges, Measure DaysInInsuranceAr, Measure InsuranceArOver90,
    decimal InsurancePaymentsLast90Days, decimal PatientPaymentsLast90Days, decimal ContractualAdjustmentsLast90Days, Measure NetCollectionRate,
    decimal PatientAr, decimal TotalAr, Measure DaysInAr, decimal ProviderLevelKeptLast90Days = 0, decimal InterestIncomeLast90Days = 0);

public static class MeasuresEndpoints
{
    const int ChargeDays = 90;
    const decimal DaysInArTarget = 35m;
    const decimal Over90Target = 10m;
    const decimal NetCollectionTarget = 95m;


    public static RouteGroupBuilder MapMeasures(this RouteGroupBuilder group)
    {
        group.MapGet("/measures", Get).WithDescription(
            "Receivables measures at the end of asOf (default today). chargesLast90Days: charges of original primary claims submitted in the 90 days. " +
            "daysInInsuranceAr = insurance AR / (charges / 90); daysInAr = (insurance AR + patient AR) / (charges / 90) (target < 35). " +
            "insuranceArOver90 = insurance AR aged over 90 days from the date of service / insurance AR (target < 10%). " +
            "netCollectionRate = (insurance payments posted - reversals, recoupments and refunds to payers - PLB amounts payers kept at provider " +
            "level (interest excluded) + patient payments - patient refunds) / (charges - contractual adjustments (CARC 45, 42, 94, 24, 59, 131, 144, " +
            "253, 104, 237 under CO/OA/PI)), all in the 90 days (target 95-99%).");
        group.MapGet("/measures/cash-by-day", CashByDay).WithDescription(
            "Cash posted each day from `from` to `to` (default the last 30 days to today; at most 366 days; days in UTC): insurance payments as " +
            "posted to claims (reversals and recoupments count negative) and patient payments (less refunds), as the net collection rate counts them.");
        return group;
    }

    public sealed record CashDay(DateOnly Date, decimal Insurance, decimal Patient, decimal Total);
    public sealed record CashByDayResponse(DateOnly From, DateOnly To, decimal Insurance, decimal Patient, decimal Total, IReadOnlyList<CashDay> Days);

    static async Task<Results<Ok<CashByDayResponse>, ValidationProblem>> CashByDay(ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, string? from, string? to)
    {
        var v = new Validation();
        var end = v.Date(to, "to") ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = v.Date(from, "from") ?? end.AddDays(-29);
        if (v.IsValid)
        {
            v.Check(start <= end, "from", "must not be after 'to'.");
            v.Check(end.DayNumber - start.DayNumber < 366, "from", "the period may span at most 366 days.");
        }
        if (!v.IsValid) return v.Problem();
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var insurance = (await connection.QueryAsync<(DateTime Day, decimal Amount)>(
            """
            SELECT (created_at AT TIME ZONE 'UTC')::date AS day, sum(amount) AS amount FROM ledger_entries
            WHERE tenant_id = @Tenant AND bucket = 'insurance-paid' AND created_at >= @Start AND created_at < @End
            GROUP BY 1
            """, new { Tenant = tenant, Start = AgingEndpoints.EndOf(start.AddDays(-1)), End = AgingEndpoints.EndOf(end) }))
            .ToDictionary(r => DateOnly.FromDateTime(r.Day), r => r.Amount);
        var patients = (await connection.QueryAsync<(DateTime Day, decimal Amount)>(
            """
            SELECT on_day::timestamp AS day, sum(amount) AS amount FROM patient_collections
            WHERE tenant_id = @Tenant AND on_day >= @From AND on_day <= @To GROUP BY on_day
            """, new { Tenant = tenant, From = start, To = end }))
            .ToDictionary(r => DateOnly.FromDateTime(r.Day), r => r.Amount);
        var days = Enumerable.Range(0, end.DayNumber - start.DayNumber + 1).Select(i =>
        {
            var day = start.AddDays(i);
            var ins = insurance.GetValueOrDefault(day);
            var pat = patients.GetValueOrDefault(day);
            return new CashDay(day, ins, pat, ins + pat);
        }).ToList();
        return TypedResults.Ok(new CashByDayResponse(start, end, days.Sum(d => d.Insurance), days.Sum(d => d.Patient), days.Sum(d => d.Total), days));
    }


    static async Task<Ok<PaymentMeasures>> Get(ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, DateOnly? asOf)
    {
        var tenant = user.TenantId();
        var day = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
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
                   coalesce(sum(amount) FILTER (WHERE bucket = 'adjustment' AND adjustment_group IN ('CO', 'OA', 'PI') AND carc = ANY(@Contractual)), 0) AS contractual,
                   (SELECT coalesce(sum(amount), 0) FROM patient_collections
                    WHERE tenant_id = @Tenant AND on_day > @FirstDayBefore AND on_day <= @Day) AS patients
            FROM ledger_entries
            WHERE tenant_id = @Tenant AND created_at >= @Start AND created_at < @End
            """, new { Tenant = tenant, Start = end.AddDays(-ChargeDays), End = end, Contractual = AdjustmentReasons.ContractualCarcs, FirstDayBefore = day.AddDays(-ChargeDays), Day = day });
        var patientAr = await connection.ExecuteScalarAsync<decimal>(
            """
            SELECT coalesce(sum(owed), 0) FROM (
                SELECT DISTINCT ON (patient_id) owed FROM patient_balances
                WHERE tenant_id = @Tenant AND changed_at < @End
                ORDER BY patient_id, version DESC) latest
            """, new { Tenant = tenant, End = end });
        var providerLevel = await connection.QuerySingleAsync<(decimal Kept, decimal Interest)>(
            """
            SELECT coalesce(sum(p.amount - p.posted_to_claim) FILTER (WHERE p.kind <> 'interest'), 0) AS kept,
                   coalesce(-sum(p.amount) FILTER (WHERE p.kind = 'interest'), 0) AS interest
            FROM provider_adjustments p JOIN remittances r ON r.id = p.remittance_id
            WHERE p.tenant_id = @Tenant AND r.received_at >= @Start AND r.received_at < @End
            """, new { Tenant = tenant, Start = end.AddDays(-ChargeDays), End = end });
        var insuranceCollected = collected.Insurance - providerLevel.Kept;
        var collectible = charges - collected.Contractual;
        decimal? rate = collectible <= 0 ? null : Math.Round(100m * (insuranceCollected + collected.Patients) / collectible, 1, MidpointRounding.AwayFromZero);

        var daily = Math.Round(charges / ChargeDays, 2, MidpointRounding.AwayFromZero);
        var over90 = aging.Totals.Days91To120 + aging.Totals.Over120;
        decimal? days = daily == 0 ? null : Math.Round(aging.Total / daily, 1, MidpointRounding.AwayFromZero);
        var totalAr = aging.Total + patientAr;
        decimal? allDays = daily == 0 ? null : Math.Round(totalAr / daily, 1, MidpointRounding.AwayFromZero);
        decimal? share = aging.Total == 0 ? null : Math.Round(100m * over90 / aging.Total, 1, MidpointRounding.AwayFromZero);
        return TypedResults.Ok(new PaymentMeasures(day, aging.Total, over90, charges, daily,
            new Measure(days, "days", $"< {DaysInArTarget} days", days is { } d ? d < DaysInArTarget : null),
            new Measure(share, "percent", $"< {Over90Target}%", share is { } s ? s < Over90Target : null),
            insuranceCollected, collected.Patients, collected.Contractual,
            new Measure(rate, "percent", $">= {NetCollectionTarget}% (95-99%)", rate is { } r ? r >= NetCollectionTarget : null),
            patientAr, totalAr,
            new Measure(allDays, "days", $"< {DaysInArTarget} days", allDays is { } a ? a < DaysInArTarget : null),
            providerLevel.Kept, providerLevel.Interest));
    }
}
