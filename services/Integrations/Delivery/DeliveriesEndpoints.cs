using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Integrations.Subscriptions;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Integrations.Delivery;

/// <summary>One attempt of a delivery: when, the receiver's status code (null when it did not answer), how long it took, the first 1 KB of its answer.</summary>
public sealed record DeliveryAttempt(DateTimeOffset AttemptedAt, int? StatusCode, int DurationMs, string? Error, string? ResponseBody);

/// <summary>A delivery of one event to one endpoint: <c>pending</c> (to be tried at <c>nextAttemptAt</c>), <c>delivered</c> or <c>failed</c>.</summary>
public sealed record DeliveryView(
    Guid Id, Guid EventId, string EventType, string Status, int Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError, IReadOnlyList<DeliveryAttempt> AttemptLog);

public static class DeliveriesEndpoints
{
    /// <summary>The latest attempts shown per delivery.</summary>
    const int AttemptsShown = 20;

    public static RouteGroupBuilder MapDeliveries(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/deliveries", List).WithDescription(
            "The endpoint's deliveries, newest first, paged (limit, cursor); status filters (pending, delivered, failed). Each with its latest attempts: " +
            "time, status code, response time and the first 1 KB of the answer.");
        group.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", Redeliver).WithDescription(
            "Sends the same event (same id and body, signed anew) again now, whatever became of it; its retries start over.");
        return group;
    }

    sealed record Row(
        Guid Id, Guid EventId, string EventType, string Status, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset CreatedAt,
        DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError);

    sealed record AttemptRow(Guid DeliveryId, DateTimeOffset AttemptedAt, int? StatusCode, int DurationMs, string? Error, string? ResponseBody);

    static readonly string[] Statuses = ["pending", "delivered", "failed"];

    static async Task<Results<Ok<Page<DeliveryView>>, ProblemHttpResult, ValidationProblem>> List(
        Guid id, ClaimsPrincipal user, NpgsqlDataSource db, int? limit, string? cursor, string? status)
    {
        var v = new Validation();
        v.Check(Paging.TryCursor(cursor, out var before), "cursor", "is not a cursor this list gave.");
        v.Check(status is null || Statuses.Contains(status), "status", $"must be one of {string.Join(", ", Statuses)}.");
        if (!v.IsValid) return v.Problem();
        var tenant = user.TenantId();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        if (await Webhook.FindAsync(connection, tenant, id) is null) return Problems.NotFound($"No webhook {id}.");
        var rows = (await connection.QueryAsync<Row>(
            """
            SELECT d.id, d.event_id, e.type AS event_type, d.status, d.attempts, d.next_attempt_at, d.created_at, d.delivered_at, d.last_status_code, d.last_error
            FROM deliveries d JOIN events e ON e.id = d.event_id
            WHERE d.tenant_id = @Tenant AND d.webhook_id = @Id AND (@Before = '00000000-0000-0000-0000-000000000000'::uuid OR d.id < @Before)
              AND (@Status::text IS NULL OR d.status = @Status)
            ORDER BY d.id DESC LIMIT @Take
            """, new { Tenant = tenant, Id = id, Before = before, Status = status, Take = take + 1 })).ToList();
        var attempts = (await connection.QueryAsync<AttemptRow>(
            """
            SELECT delivery_id, attempted_at, status_code, duration_ms, error, response_body FROM (
              SELECT a.*, row_number() OVER (PARTITION BY a.delivery_id ORDER BY a.attempted_at DESC) AS n
              FROM delivery_attempts a WHERE a.delivery_id = ANY(@Ids)) latest
            WHERE n <= @Shown ORDER BY attempted_at
            """, new { Ids = rows.Select(r => r.Id).ToArray(), Shown = AttemptsShown })).ToLookup(a => a.DeliveryId);
        var views = rows.Select(r => new DeliveryView(r.Id, r.EventId, r.EventType, r.Status, r.Attempts,
            r.Status == "pending" ? r.NextAttemptAt : null, r.CreatedAt, r.DeliveredAt, r.LastStatusCode, r.LastError,
            [.. attempts[r.Id].Select(a => new DeliveryAttempt(a.AttemptedAt, a.StatusCode, a.DurationMs, a.Error, a.ResponseBody))])).ToList();
        return TypedResults.Ok(Paging.Page(views, take, d => d.Id));
    }

    static async Task<Results<Accepted<DeliveryView>, ProblemHttpResult>> Redeliver(
        Guid id, Guid deliveryId, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock)
    {
        var tenant = user.TenantId();
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (await Webhook.FindAsync(connection, tenant, id, tx) is not { } webhook) return Problems.NotFound($"No webhook {id}.");
        if (!webhook.Enabled) return Problems.Conflict($"Webhook {id} is disabled ({webhook.DisabledReason}); enable it with PUT first.");
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            """
            UPDATE deliveries d SET status = 'pending', next_attempt_at = @Now, series_started_at = @Now, delivered_at = NULL
            FROM events e
            WHERE e.id = d.event_id AND d.tenant_id = @Tenant AND d.webhook_id = @Id AND d.id = @Delivery
            RETURNING d.id, d.event_id, e.type AS event_type, d.status, d.attempts, d.next_attempt_at, d.created_at, d.delivered_at, d.last_status_code, d.last_error
            """, new { Tenant = tenant, Id = id, Delivery = deliveryId, Now = now }, tx);
        if (row is null) return Problems.NotFound($"No delivery {deliveryId} of webhook {id}.");
        await tx.CommitAsync();
        return TypedResults.Accepted($"/api/webhooks/{id}/deliveries",
            new DeliveryView(row.Id, row.EventId, row.EventType, row.Status, row.Attempts, row.NextAttemptAt, row.CreatedAt, null, row.LastStatusCode, row.LastError, []));
    }
}
