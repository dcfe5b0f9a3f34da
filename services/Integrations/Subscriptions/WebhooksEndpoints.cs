using System.Security.Claims;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Integrations.Catalogue;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Integrations.Subscriptions;

/// <summary>A practice's webhook endpoints: create (the secret shown once), list, read, update, disable, delete, rotate, test.</summary>
public static class WebhooksEndpoints
{
    public const int MaxEvents = 50;
    public const int MaxDescription = 500;
    /// <summary>After a rotation the previous secret signs too for this long, while receivers switch.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder group)
    {
        group.MapPost("/", Create).WithDescription(
            "Subscribes an endpoint (https; http only to loopback or where the operator allows it; no link-local, metadata or private " +
            "addresses unless allowed) to public events. Answers the endpoint with its signing secret, shown only here. Each delivery " +
            "is a POST of the event as JSON with headers RCM-Event-Id and RCM-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of " +
            "\"<t>.<raw body>\" with the secret>; a 2xx within 10 s is delivered, anything else is retried with exponential back-off " +
            $"for 3 days, then the endpoint is disabled with its reason. API version {EventTypes.ApiVersion}. Idempotency-Key is not applied " +
            "(the answer holds the secret, which is never kept): list the endpoints before retrying. Event types (or \"*\"):\n" + EventTypes.Described())
            .WithMetadata(new AnswerNotKept());
        group.MapGet("/", List).WithDescription("The practice's webhook endpoints, paged (limit, cursor); never their secrets.");
        group.MapGet("/{id:guid}", Get);
        group.MapPut("/{id:guid}", Update).WithDescription(
            "Replaces url, events and description; enabled false disables the endpoint, true enables it again (its pending deliveries resume).");
        group.MapDelete("/{id:guid}", Delete);
        group.MapPost("/{id:guid}/rotate-secret", Rotate).WithDescription(
            "A new signing secret, shown only here; the previous one signs every delivery too for 24 hours (two v1 values in RCM-Signature).")
            .WithMetadata(new AnswerNotKept());
        group.MapPost("/{id:guid}/test", Test).WithDescription("Queues a webhook.test event to this endpoint (not in the change feed).");
        return group;
    }

    static async Task<Validation> ValidateAsync(WebhookRequest request, UrlGuard guard, CancellationToken ct)
    {
        var v = new Validation();
        if (await guard.RefuseAsync(request.Url, ct) is { } why) v.Error("url", why);
        var events = request.Events ?? [];
        if (v.Check(events.Count is >= 1 and <= MaxEvents, "events", $"must list 1 to {MaxEvents} event types."))
            foreach (var type in events.Where(t => t != "*" && !EventTypes.IsKnown(t)).Take(5))
                v.Error("events", $"'{Shorten(type)}' is not an event type: {string.Join(", ", EventTypes.All.Keys)} (or *).");
        v.Check(request.Description is null || request.Description.Length <= MaxDescription, "description", $"must be at most {MaxDescription} characters.");
        return v;
    }

    static string Shorten(string s) => s.Length > 60 ? s[..60] + "…" : s;

    static async Task<Results<Created<CreatedWebhook>, ValidationProblem>> Create(
        WebhookRequest request, ClaimsPrincipal user, NpgsqlDataSource db, UrlGuard guard, SecretBox secrets, TimeProvider clock, CancellationToken ct)
    {
        var v = await ValidateAsync(request, guard, ct);
        v.Check(request.Enabled is null or true, "enabled", "a new endpoint is enabled; disable it with PUT.");
        if (!v.IsValid) return v.Problem();
        var id = Guid.CreateVersion7();
        var secret = SecretBox.NewSecret();
        var now = clock.GetUtcNow();
        var events = request.Events!.Distinct().ToArray();
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(
            """
            INSERT INTO webhooks (id, tenant_id, url, events, description, enabled, secret, created_at, updated_at)
            VALUES (@Id, @Tenant, @Url, @Events, @Description, true, @Secret, @Now, @Now)
            """, new { Id = id, Tenant = user.TenantId(), request.Url, Events = events, request.Description, Secret = secrets.Seal(secret), Now = now });
        return TypedResults.Created($"/api/webhooks/{id}", new CreatedWebhook(id, request.Url!, events, request.Description, true, secret, now));
    }

    static async Task<Results<Ok<Page<Webhook>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, int? limit, string? cursor)
    {
        var take = Paging.Clamp(limit);
        if (!Paging.TryCursor(cursor, out var after)) return new Validation().Error("cursor", "is not a cursor this list gave.").Problem();
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<Webhook>(
            $"SELECT {Webhook.Columns} FROM webhooks WHERE tenant_id = @Tenant AND id > @After ORDER BY id LIMIT @Take",
            new { Tenant = user.TenantId(), After = after, Take = take + 1 })).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, w => w.Id));
    }

    static async Task<Results<Ok<Webhook>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await Webhook.FindAsync(connection, user.TenantId(), id) is { } w ? TypedResults.Ok(w) : Problems.NotFound($"No webhook {id}.");
    }

    static async Task<Results<Ok<Webhook>, ProblemHttpResult, ValidationProblem>> Update(
        Guid id, WebhookRequest request, ClaimsPrincipal user, NpgsqlDataSource db, UrlGuard guard, TimeProvider clock, CancellationToken ct)
    {
        var v = await ValidateAsync(request, guard, ct);
        if (!v.IsValid) return v.Problem();
        var tenant = user.TenantId();
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await Webhook.FindAsync(connection, tenant, id, tx, forUpdate: true) is not { } existing) return Problems.NotFound($"No webhook {id}.");
        var enabled = request.Enabled ?? existing.Enabled;
        await connection.ExecuteAsync(
            """
            UPDATE webhooks SET url = @Url, events = @Events, description = @Description, enabled = @Enabled, updated_at = @Now,
                disabled_reason = CASE WHEN @Enabled THEN NULL WHEN enabled THEN 'Disabled by the practice at ' || to_char(@Now AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || 'Z.' ELSE disabled_reason END,
                disabled_at = CASE WHEN @Enabled THEN NULL WHEN enabled THEN @Now ELSE disabled_at END
            WHERE tenant_id = @Tenant AND id = @Id
            """, new { Id = id, Tenant = tenant, request.Url, Events = request.Events!.Distinct().ToArray(), request.Description, Enabled = enabled, Now = now }, tx);
        // Enabled again: what waited is tried now, and its 3 days count from now.
        if (enabled && !existing.Enabled)
            await connection.ExecuteAsync(
                "UPDATE deliveries SET next_attempt_at = @Now, series_started_at = @Now WHERE webhook_id = @Id AND status = 'pending'",
                new { Id = id, Now = now }, tx);
        var updated = await Webhook.FindAsync(connection, tenant, id, tx);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(updated!);
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        var deleted = await connection.ExecuteAsync("DELETE FROM webhooks WHERE tenant_id = @Tenant AND id = @Id", new { Tenant = user.TenantId(), Id = id });
        return deleted == 1 ? TypedResults.NoContent() : Problems.NotFound($"No webhook {id}.");
    }

    static async Task<Results<Ok<RotatedSecret>, ProblemHttpResult>> Rotate(
        Guid id, ClaimsPrincipal user, NpgsqlDataSource db, SecretBox secrets, TimeProvider clock)
    {
        var secret = SecretBox.NewSecret();
        var expires = clock.GetUtcNow() + RotationOverlap;
        await using var connection = await db.OpenConnectionAsync();
        var rotated = await connection.ExecuteAsync(
            """
            UPDATE webhooks SET previous_secret = secret, previous_secret_expires_at = @Expires, secret = @Secret, updated_at = @Now
            WHERE tenant_id = @Tenant AND id = @Id
            """, new { Tenant = user.TenantId(), Id = id, Secret = secrets.Seal(secret), Expires = expires, Now = clock.GetUtcNow() });
        return rotated == 1 ? TypedResults.Ok(new RotatedSecret(id, secret, expires)) : Problems.NotFound($"No webhook {id}.");
    }

    /// <summary>Queued: the delivery's outcome is in the endpoint's delivery log.</summary>
    public sealed record TestQueued(Guid DeliveryId, Guid EventId);

    static async Task<Results<Accepted<TestQueued>, ProblemHttpResult>> Test(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var tenant = user.TenantId();
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Locked, so that it is still enabled when its one delivery is queued.
        if (await Webhook.FindAsync(connection, tenant, id, tx, forUpdate: true) is not { } webhook) return Problems.NotFound($"No webhook {id}.");
        if (!webhook.Enabled) return Problems.Conflict($"Webhook {id} is disabled ({webhook.DisabledReason}); enable it with PUT first.");
        var (e, deliveries) = (await EventLog.AppendAsync(connection, tx,
            new EventDraft(EventTypes.WebhookTest, tenant, new ResourceRef("webhook", id), now,
                new JsonObject { ["webhookId"] = id, ["message"] = "A test event from RevenueCycle." }),
            now, inFeed: false, onlyWebhook: id))!;
        await tx.CommitAsync(ct);
        return TypedResults.Accepted($"/api/webhooks/{id}/deliveries", new TestQueued(deliveries.Single(), e.Id));
    }
}
