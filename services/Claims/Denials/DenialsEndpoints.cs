using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Claims.Denials;

public static class DenialsEndpoints
{
    public static RouteGroupBuilder MapDenials(this RouteGroupBuilder group)
    {
        group.MapGet("/denials", List);
        return group;
    }

    /// <summary>The denials work queue: denied claims, oldest first, optionally one category, or those whose appeal deadline is near.</summary>
    static async Task<Results<Ok<Page<ClaimView>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, string? category = null,
        int? deadlineWithin = null, bool? atRisk = null, int? limit = null, string? cursor = null)
    {
        var v = new Validation();
        v.Check(deadlineWithin is null or >= 0 and <= 3650, "deadlineWithin", "must be 0 to 3650 days.");
        v.Check(Paging.TryCursor(cursor, out var after), "cursor", "is not a cursor this API returned.");
        if (!v.IsValid) return v.Problem();
        var take = Paging.Clamp(limit);
        var tenant = user.TenantId();
        var today = ClaimsEndpoints.Today(clock);
        await using var connection = await db.OpenSnapshotAsync();
        var horizon = await ClaimsEndpoints.HorizonAsync(connection, tenant, today, deadlineWithin, atRisk);
        var rows = (await connection.QueryAsync<ClaimRow>(
            $"""
            SELECT {ClaimStore.Columns} FROM claims
            WHERE tenant_id = @Tenant AND status = 'denied' AND (@Category::text IS NULL OR denial->>'category' = @Category)
              AND (@Horizon::date IS NULL OR {Deadlines.ClaimDeadlines.DueBySql})
              AND (@After = '00000000-0000-0000-0000-000000000000'::uuid OR id > @After)
            ORDER BY id LIMIT @Take
            """, new { Tenant = tenant, Category = category, Horizon = horizon, After = after, Take = take + 1 })).ToList();
        return TypedResults.Ok(Paging.Page(await ClaimsEndpoints.ViewsAsync(connection, rows, today), take, c => c.Id));
    }
}
