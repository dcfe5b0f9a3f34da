using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Claims.StatusChecks;

/// <summary><c>/api/claims/{id}/status-checks</c>: ask the payer now (276 → 277), and the claim's checks so far.</summary>
public static class StatusCheckEndpoints
{
    public static RouteGroupBuilder MapStatusChecks(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/status-checks", Check);
        group.MapGet("/{id:guid}/status-checks", List);
        group.MapGet("/{id:guid}/status-checks/{checkId:guid}", Get);
        group.MapGet("/{id:guid}/status-checks/{checkId:guid}/x12", X12);
        return group;
    }

    /// <summary>
    /// Sends a 276 for the claim now and answers 201 with what the payer said — or, when the clearinghouse did not answer, a check
    /// with result <c>error</c> and the reason (kept in the history like any other). Only a claim the payer was sent can be asked about.
    /// </summary>
    static async Task<Results<Created<StatusCheckView>, ProblemHttpResult>> Check(
        Guid id, ClaimsPrincipal user, NpgsqlDataSource db, StatusCheckSender sender, TimeProvider clock, CancellationToken ct)
    {
        ClaimRow? claim;
        await using (var connection = await db.OpenConnectionAsync(ct))
            claim = await ClaimStore.FindAsync(connection, user.TenantId(), id);
        if (claim is null) return Problems.NotFound($"No claim {id}.");
        if (!StatusCheckSender.CheckableStatuses.Contains(claim.Status) || claim.LastBatchId is null)
            return Problems.Conflict($"A status check asks the payer about a claim it was sent; this claim is {claim.Status}.",
                new Dictionary<string, object?> { ["status"] = claim.Status });
        if (claim.Route == Routes.Manual)
            return Problems.Conflict($"Payer {claim.PayerId} is routed manual: its claims do not go through the clearinghouse, so neither can a 276.",
                new Dictionary<string, object?> { ["status"] = claim.Status });
        var by = user.FindFirst(InternalToken.KeyClaim)?.Value ?? "unknown";
        var row = await sender.CheckAsync(claim, StatusCheckTriggers.Manual, by, clock.GetUtcNow(), ct);
        return TypedResults.Created($"/api/claims/{id}/status-checks/{row.Id}", row.View(withX12: true));
    }

    /// <summary>The claim's checks, newest first (without their X12; one check's GET has it).</summary>
    static async Task<Results<Ok<IReadOnlyList<StatusCheckView>>, ProblemHttpResult>> List(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        if (await ClaimStore.FindAsync(connection, tenant, id) is null) return Problems.NotFound($"No claim {id}.");
        var rows = await connection.QueryAsync<StatusCheckRow>(
            $"SELECT {StatusCheckRow.Columns} FROM claim_status_checks WHERE tenant_id = @Tenant AND claim_id = @Id ORDER BY checked_at DESC, id DESC",
            new { Tenant = tenant, Id = id });
        return TypedResults.Ok<IReadOnlyList<StatusCheckView>>(rows.Select(r => r.View(withX12: false)).ToList());
    }

    static async Task<Results<Ok<StatusCheckView>, ProblemHttpResult>> Get(Guid id, Guid checkId, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var row = await FindAsync(connection, user.TenantId(), id, checkId);
        return row is null ? Problems.NotFound($"No status check {checkId} of claim {id}.") : TypedResults.Ok(row.View(withX12: true));
    }

    /// <summary>The 276 sent and the 277 answered, one interchange after the other.</summary>
    static async Task<Results<ContentHttpResult, ProblemHttpResult>> X12(Guid id, Guid checkId, ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var row = await FindAsync(connection, tenant, id, checkId);
        if (row is null) return Problems.NotFound($"No status check {checkId} of claim {id}.");
        if (row.X276 is null) return Problems.NotFound($"Status check {checkId} sent no 276: {row.Error}");
        http.DisclosePatients((await ClaimStore.FindAsync(connection, tenant, id))!.PatientId);
        return TypedResults.Text(row.X276 + "\n" + (row.X277 ?? ""), "text/plain");
    }

    static Task<StatusCheckRow?> FindAsync(NpgsqlConnection connection, Guid tenant, Guid claimId, Guid checkId) =>
        connection.QuerySingleOrDefaultAsync<StatusCheckRow>(
            $"SELECT {StatusCheckRow.Columns} FROM claim_status_checks WHERE tenant_id = @Tenant AND claim_id = @ClaimId AND id = @CheckId",
            new { Tenant = tenant, ClaimId = claimId, CheckId = checkId });
}
