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

    /// <remarks>
    /// Two round trips, whatever the event (issue 20: this ran for every internal event, six statements each). The first takes
    /// the feed position and the resource's sequence, records or looks up the claim's patient and finds the subscribed webhooks;
    /// the second writes the event with its deliveries. The body (the exact text signed and delivered) carries the sequence, so it
    /// is written only once the first has answered.
    /// </remarks>
    public static async Task<PublicEvent> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction tx, EventDraft draft, DateTimeOffset now,
        bool inFeed = true, Guid? onlyWebhook = null)
    {
        // claim.accepted and claim.rejected come without the patient: it is named from the claim's earlier events, so every claim
        // event can be joined to its patient (and the change feed discloses whose data it shows).
        var isClaim = draft.Resource.Type == "claim";
        Guid? patient = isClaim && draft.Data["patientId"] is JsonValue known && known.TryGetValue<Guid>(out var p) ? p : null;
        var taken = await connection.QuerySingleAsync<Taken>(
            """
            WITH patient AS (
                INSERT INTO claim_patients (tenant_id, claim_id, patient_id)
                SELECT @Tenant, @Id, @Patient::uuid WHERE @Patient::uuid IS NOT NULL
                ON CONFLICT DO NOTHING),
            feed AS (
                INSERT INTO feed_positions (tenant_id, last) VALUES (@Tenant, 1)
                ON CONFLICT (tenant_id) DO UPDATE SET last = feed_positions.last + 1
                RETURNING last),
            resource AS (
                INSERT INTO resource_sequences (tenant_id, resource_type, resource_id, last) VALUES (@Tenant, @Type, @Id, 1)
                ON CONFLICT (tenant_id, resource_type, resource_id) DO UPDATE SET last = resource_sequences.last + 1
                RETURNING last)
            SELECT feed.last AS position, resource.last AS sequence,
                   CASE WHEN @LookUpPatient THEN (SELECT patient_id FROM claim_patients WHERE tenant_id = @Tenant AND claim_id = @Id) END AS known_patient,
                   ARRAY(SELECT id FROM webhooks
                         WHERE tenant_id = @Tenant AND enabled
                           AND (CASE WHEN @Only::uuid IS NULL THEN (@EventType = ANY(events) OR '*' = ANY(events)) ELSE id = @Only::uuid END)
                         ORDER BY id) AS webhooks
            FROM feed, resource
            """,
            new
            {
                Tenant = draft.TenantId, draft.Resource.Type, draft.Resource.Id, Patient = patient, LookUpPatient = isClaim && patient is null,
                Only = onlyWebhook, EventType = draft.Type,
            }, tx);
        if (taken.KnownPatient is { } found) draft.Data["patientId"] = found;

        var e = new PublicEvent(Guid.CreateVersion7(), draft.Type, EventTypes.ApiVersion, draft.TenantId, draft.OccurredAt,
            new PublicResource(draft.Resource.Type, draft.Resource.Id), taken.Sequence, draft.Data);
        var row = new
        {
            e.Id, Tenant = e.TenantId, taken.Position, e.Type, ResourceType = e.Resource.Type, ResourceId = e.Resource.Id,
            e.Sequence, e.OccurredAt, InFeed = inFeed, Body = JsonSerializer.Serialize(e, Json), Now = now,
            Deliveries = taken.Webhooks.Select(_ => Guid.CreateVersion7()).ToArray(), taken.Webhooks, draft.Resource.OrderingKey,
        };
        const string InsertEvent =
            """
            INSERT INTO events (id, tenant_id, position, type, resource_type, resource_id, sequence, occurred_at, in_feed, body, created_at)
            VALUES (@Id, @Tenant, @Position, @Type, @ResourceType, @ResourceId, @Sequence, @OccurredAt, @InFeed, @Body, @Now)
            """;
        await connection.ExecuteAsync(taken.Webhooks.Length == 0 ? InsertEvent :
            $"""
            WITH event AS ({InsertEvent})
            INSERT INTO deliveries (id, tenant_id, webhook_id, event_id, ordering_key, event_position, next_attempt_at, created_at, series_started_at)
            SELECT d.id, @Tenant, d.webhook, @Id, @OrderingKey, @Position, @Now, @Now, @Now FROM unnest(@Deliveries, @Webhooks) AS d(id, webhook)
            """, row, tx);
        return e;
    }

    // Properties, not a positional record: Dapper types a uuid[] column as System.Array and so matches no constructor.
    sealed class Taken
    {
        public long Position { get; init; }
        public long Sequence { get; init; }
        public Guid? KnownPatient { get; init; }
        public Guid[] Webhooks { get; init; } = [];
    }
}
