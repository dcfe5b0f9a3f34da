using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Claims.Denials;

public static class DenialsEndpoints
{
    public static RouteGroupBuilder MapDenials(this RouteGroupBuilder group)
    {
        group.MapGet("/denials", List).WithDescription(
            "The denials work queue: denied claims, filtered by category, payerId, agingBucket (0-30, 31-60, 61-90, 91-120, 120+), minAmount/maxAmount, " +
            "deadlineWithin/atRisk, dueBefore (appeal deadline before YYYY-MM-DD), assignee (a user id, or none), includePended=true (pended claims are " +
            "hidden until their date); sort deadline, amount, age or created (default), '-' first for descending; each claim with assignee, pendedUntil, commentCount.");
        return group;
    }

    /// <summary>
    /// The denials work queue: denied claims, optionally one category, one payer, an aging bucket, an amount range, those whose appeal
    /// deadline is near or before a date; sorted (deadline, amount, age, created), each with its work fields.
    /// </summary>
    static async Task<Results<Ok<Page<ClaimView>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, string? category = null,
        int? deadlineWithin = null, bool? atRisk = null, string? payerId = null, string? agingBucket = null, decimal? minAmount = null,
        decimal? maxAmount = null, string? dueBefore = null, string? assignee = null, bool? includePended = null, string? sort = null,
        int? limit = null, string? cursor = null)
    {
        var v = new Validation();
        v.Check(deadlineWithin is null or >= 0 and <= 3650, "deadlineWithin", "must be 0 to 3650 days.");
        var today = ClaimsEndpoints.Today(clock);
        var work = WorkFilter.Parse(v, WorkQueues.ClaimsQueues.Denials, assignee, includePended, clock);
        var filter = WorkQueues.ClaimListFilter.Parse(v, today, payerId, agingBucket, minAmount, maxAmount, category, dueBefore, sort, cursor, limit);
        if (!v.IsValid || filter is null) return v.Problem();
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var horizon = await ClaimsEndpoints.HorizonAsync(connection, tenant, today, deadlineWithin, atRisk);
        return TypedResults.Ok(await filter.QueryAsync(connection,
            $"claims.tenant_id = @Tenant AND claims.status = 'denied' AND (@Horizon::date IS NULL OR {Deadlines.ClaimDeadlines.DueBySql})",
            new { Tenant = tenant, Horizon = horizon }, work, tenant, today));
    }
}
