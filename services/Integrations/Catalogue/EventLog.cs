using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace RevenueCycle.Integrations.Catalogue;

/// <summary>
/// Appends a public event to its practice's feed, numbered in its resource, and queues one delivery per enabled webhook
/// that subscribed to its type — all in the caller's transaction, so an event is in the feed exactly when its deliveries
/// are queued.
/// </summary>
public static class EventLog
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    public static async Task<PublicEvent> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction tx, EventDraft draft, DateTimeOffset now,
        bool inFeed = true, Guid? onlyWebhook = null)
    {
        await EnrichClaimAsync(connection, tx, draft);
        var position = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO feed_positions (tenant_id, last) VALUES (@Tenant, 1)
            ON CONFLICT (tenant_id) DO UPDATE SET last = feed_positions.last + 1
            RETURNING last
            """, new { Tenant = draft.TenantId }, tx);
        var sequence = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO resource_sequences (tenant_id, resource_type, resource_id, last) VALUES (@Tenant, @Type, @Id, 1)
            ON CONFLICT (tenant_id, resource_type, resource_id) DO UPDATE SET last = resource_sequences.last + 1
            RETURNING last
            """, new { Tenant = draft.TenantId, draft.Resource.Type, draft.Resource.Id }, tx);
        var e = new PublicEvent(Guid.CreateVersion7(), draft.Type, EventTypes.ApiVersion, draft.TenantId, draft.OccurredAt,
            new PublicResource(draft.Resource.Type, draft.Resource.Id), sequence, draft.Data);
        await connection.ExecuteAsync(
            """
            INSERT INTO events (id, tenant_id, position, type, resource_type, resource_id, sequence, occurred_at, in_feed, body, created_at)
            VALUES (@Id, @Tenant, @Position, @Type, @ResourceType, @ResourceId, @Sequence, @OccurredAt, @InFeed, @Body, @Now)
            """,
            new
            {
                e.Id, Tenant = e.TenantId, Position = position, e.Type, ResourceType = e.Resource.Type, ResourceId = e.Resource.Id,
                e.Sequence, e.OccurredAt, InFeed = inFeed, Body = JsonSerializer.Serialize(e, Json), Now = now,
            }, tx);
        var webhooks = (await connection.QueryAsync<Guid>(
            """
            SELECT id FROM webhooks
            WHERE tenant_id = @Tenant AND enabled AND (CASE WHEN @Only::uuid IS NULL THEN (@Type = ANY(events) OR '*' = ANY(events)) ELSE id = @Only END)
            """, new { Tenant = e.TenantId, Only = onlyWebhook, e.Type }, tx)).ToArray();
        await connection.ExecuteAsync(
            """
            INSERT INTO deliveries (id, tenant_id, webhook_id, event_id, ordering_key, event_position, next_attempt_at, created_at, series_started_at)
            SELECT d.id, @Tenant, d.webhook, @Event, @OrderingKey, @Position, @Now, @Now, @Now FROM unnest(@Ids, @Webhooks) AS d(id, webhook)
            """,
            new
            {
                Ids = webhooks.Select(_ => Guid.CreateVersion7()).ToArray(), Webhooks = webhooks, Now = now, Event = e.Id,
                draft.Resource.OrderingKey, Position = position, Tenant = e.TenantId,
            }, tx);
        return e;
    }

    /// <summary>
    /// claim.accepted and claim.rejected come without the patient: name it from the claim's earlier events, so every claim
    /// event can be joined to its patient (and the change feed discloses whose data it shows).
    /// </summary>
    static async Task EnrichClaimAsync(NpgsqlConnection connection, NpgsqlTransaction tx, EventDraft draft)
    {
        if (draft.Resource.Type != "claim") return;
        if (draft.Data["patientId"] is JsonValue known && known.TryGetValue<Guid>(out var patient))
        {
            await connection.ExecuteAsync(
                "INSERT INTO claim_patients (tenant_id, claim_id, patient_id) VALUES (@Tenant, @Claim, @Patient) ON CONFLICT DO NOTHING",
                new { Tenant = draft.TenantId, Claim = draft.Resource.Id, Patient = patient }, tx);
            return;
        }
        var found = await connection.ExecuteScalarAsync<Guid?>(
            "SELECT patient_id FROM claim_patients WHERE tenant_id = @Tenant AND claim_id = @Claim",
            new { Tenant = draft.TenantId, Claim = draft.Resource.Id }, tx);
        if (found is { } p) draft.Data["patientId"] = p;
    }
}
