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
/// The insurance receivables measures at the end of a day. Charges are those of the original primary
/// claims first submitted in the 90 days up to that day (a replacement or a secondary claim bills the
/// same services again and is not counted twice); the AR is the insurance balance of the aging report.
/// </summary>
public sealed record PaymentMeasures(DateOnly AsOf, decimal InsuranceAr, decimal InsuranceArOver90Days, decimal ChargesLast90Days,
    decimal AverageDailyCharges, Measure DaysInInsuranceAr, Measure InsuranceArOver90);

public static class MeasuresEndpoints
{
    const int ChargeDays = 90;
    const decimal DaysInArTarget = 35m;
    const decimal Over90Target = 10m;

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

        var daily = Math.Round(charges / ChargeDays, 2, MidpointRounding.AwayFromZero);
        var over90 = aging.Totals.Days91To120 + aging.Totals.Over120;
        decimal? days = daily == 0 ? null : Math.Round(aging.Total / daily, 1, MidpointRounding.AwayFromZero);
        decimal? share = aging.Total == 0 ? null : Math.Round(100m * over90 / aging.Total, 1, MidpointRounding.AwayFromZero);
        return TypedResults.Ok(new PaymentMeasures(day, aging.Total, over90, charges, daily,
            new Measure(days, "days", $"< {DaysInArTarget} days", days is { } d ? d < DaysInArTarget : null),
            new Measure(share, "percent", $"< {Over90Target}%", share is { } s ? s < Over90Target : null)));
    }
}
