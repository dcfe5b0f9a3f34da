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

    /// <summary>The denials work queue: denied claims, oldest first, optionally one category.</summary>
    static async Task<Results<Ok<Page<ClaimView>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, string? category = null, int? limit = null, string? cursor = null)
    {
        var v = new Validation();
        v.Check(Paging.TryCursor(cursor, out var after), "cursor", "is not a cursor this API returned.");
        if (!v.IsValid) return v.Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<ClaimRow>(
            $"""
            SELECT {ClaimStore.Columns} FROM claims
            WHERE tenant_id = @Tenant AND status = 'denied' AND (@Category::text IS NULL OR denial->>'category' = @Category)
              AND (@After = '00000000-0000-0000-0000-000000000000'::uuid OR id > @After)
            ORDER BY id LIMIT @Take
            """, new { Tenant = user.TenantId(), Category = category, After = after, Take = take + 1 })).ToList();
        return TypedResults.Ok(Paging.Page(await ClaimsEndpoints.ViewsAsync(connection, rows), take, c => c.Id));
    }
}
