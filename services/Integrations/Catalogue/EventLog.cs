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

    /// <summary>The message an event comes from, recorded in the inbox by the same statement: a redelivery adds nothing.</summary>
    public sealed record InboxEntry(Guid MessageId, string Consumer);

    /// <summary>An event recorded, with the deliveries queued for it (one per subscribed webhook).</summary>
    public sealed record Appended(PublicEvent Event, Guid[] Deliveries);

    /// <remarks>
    /// One statement, whatever the event (issue 20: this runs for every internal event; it took six statements, then two and the
    /// inbox's, in a transaction of their own). It records the message in the inbox (when <paramref name="inbox"/> is given; a
    /// message already there changes nothing and gives null), takes the feed position and the resource's sequence, records or
    /// looks up the claim's patient, and writes the event with one delivery per subscribed webhook. Alone, it is its own
    /// transaction: the feed position's row stays locked until it commits, so a practice's events still commit in position order.
    /// The body (the exact text signed and delivered) carries the sequence, and the patient looked up, which only the statement
    /// knows: it is sent in pieces and joined around them (<see cref="BodyPieces"/>).
    /// </remarks>
    public static async Task<Appended?> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, EventDraft draft, DateTimeOffset now,
        bool inFeed = true, Guid? onlyWebhook = null, InboxEntry? inbox = null)
    {
        // claim.accepted and claim.rejected come without the patient: it is named from the claim's earlier events, so every claim
        // event can be joined to its patient (and the change feed discloses whose data it shows).
        var isClaim = draft.Resource.Type == "claim";
        Guid? patient = isClaim && draft.Data["patientId"] is JsonValue known && known.TryGetValue<Guid>(out var p) ? p : null;
        var lookUpPatient = isClaim && patient is null;
        var e = new PublicEvent(Guid.CreateVersion7(), draft.Type, EventTypes.ApiVersion, draft.TenantId, draft.OccurredAt,
            new PublicResource(draft.Resource.Type, draft.Resource.Id), 0, draft.Data);
        var body = BodyPieces.Of(e, lookUpPatient);
        var taken = await connection.QuerySingleOrDefaultAsync<Taken>(
            """
            WITH accepted AS (
                INSERT INTO inbox (message_id, consumer) SELECT @MessageId, @Consumer WHERE @MessageId::uuid IS NOT NULL
                ON CONFLICT DO NOTHING
                RETURNING 1),
            go AS (SELECT 1 FROM accepted UNION ALL SELECT 1 WHERE @MessageId::uuid IS NULL),
            patient AS (
                INSERT INTO claim_patients (tenant_id, claim_id, patient_id)
                SELECT @Tenant, @ResourceId, @Patient::uuid FROM go WHERE @Patient::uuid IS NOT NULL
                ON CONFLICT DO NOTHING),
            feed AS (
                INSERT INTO feed_positions (tenant_id, last) SELECT @Tenant, 1 FROM go
                ON CONFLICT (tenant_id) DO UPDATE SET last = feed_positions.last + 1
                RETURNING last),
            resource AS (
                INSERT INTO resource_sequences (tenant_id, resource_type, resource_id, last) SELECT @Tenant, @ResourceType, @ResourceId, 1 FROM go
                ON CONFLICT (tenant_id, resource_type, resource_id) DO UPDATE SET last = resource_sequences.last + 1
                RETURNING last),
            taken AS (
                SELECT feed.last AS position, resource.last AS sequence, known.patient_id AS known_patient,
                       @Head || resource.last || CASE WHEN known.patient_id IS NULL THEN @Tail ELSE @PatientHead || known.patient_id || @PatientTail END AS body
                FROM feed, resource
                LEFT JOIN LATERAL (SELECT patient_id FROM claim_patients WHERE @LookUpPatient AND tenant_id = @Tenant AND claim_id = @ResourceId) known ON true),
            event AS (
                INSERT INTO events (id, tenant_id, position, type, resource_type, resource_id, sequence, occurred_at, in_feed, body, created_at)
                SELECT @Id, @Tenant, position, @Type, @ResourceType, @ResourceId, sequence, @OccurredAt, @InFeed, body, @Now FROM taken
                RETURNING position),
            deliveries AS (
                INSERT INTO deliveries (id, tenant_id, webhook_id, event_id, ordering_key, event_position, next_attempt_at, created_at, series_started_at)
                SELECT uuid_v7(@Now), @Tenant, w.id, @Id, @OrderingKey, event.position, @Now, @Now, @Now
                FROM event, webhooks w
                WHERE w.tenant_id = @Tenant AND w.enabled
                  AND (CASE WHEN @Only::uuid IS NULL THEN (@Type = ANY(w.events) OR '*' = ANY(w.events)) ELSE w.id = @Only::uuid END)
                RETURNING id)
            SELECT position, sequence, known_patient, ARRAY(SELECT id FROM deliveries ORDER BY id) AS deliveries FROM taken
            """,
            new
            {
                inbox?.MessageId, inbox?.Consumer,
                e.Id, Tenant = e.TenantId, e.Type, ResourceType = e.Resource.Type, ResourceId = e.Resource.Id, e.OccurredAt, InFeed = inFeed,
                Patient = patient, LookUpPatient = lookUpPatient, Only = onlyWebhook, draft.Resource.OrderingKey, Now = now,
                body.Head, body.Tail, body.PatientHead, body.PatientTail,
            }, tx);
        if (taken is null) return null; // the inbox had the message: it was recorded before
        if (taken.KnownPatient is { } found) draft.Data["patientId"] = found;
        return new Appended(e with { Sequence = taken.Sequence, Data = draft.Data }, taken.Deliveries);
    }

    /// <summary>
    /// The event's body in the pieces the statement joins around what only it knows: <c>Head</c> ends with <c>"sequence":</c>,
    /// <c>Tail</c> is the rest; for a claim event whose patient is looked up, <c>PatientHead</c> and <c>PatientTail</c> are the rest
    /// with <c>data.patientId</c> set, split where the patient's id goes. Joined, they are exactly what serializing the numbered
    /// event gives (<c>Public_event_bodies</c> checks it).
    /// </summary>
    public sealed record BodyPieces(string Head, string Tail, string? PatientHead, string? PatientTail)
    {
        const string SequenceProperty = "\"sequence\":";

        public static BodyPieces Of(PublicEvent unnumbered, bool withPatientLookUp)
        {
            var (head, tail) = AroundSequence(JsonSerializer.Serialize(unnumbered, Json));
            if (!withPatientLookUp) return new BodyPieces(head, tail, null, null);
            // The same body with data.patientId set to a stand-in, which is where the patient's id goes (in place, as setting the
            // property does, when data already names it as null).
            var standIn = Guid.NewGuid().ToString();
            var data = unnumbered.Data.DeepClone().AsObject();
            data["patientId"] = standIn;
            var (_, withPatient) = AroundSequence(JsonSerializer.Serialize(unnumbered with { Data = data }, Json));
            var at = withPatient.IndexOf(standIn, StringComparison.Ordinal);
            return new BodyPieces(head, tail, withPatient[..at], withPatient[(at + standIn.Length)..]);
        }

        /// <summary>The body up to the sequence's value (<c>0</c> in an unnumbered event: the first property of that name, as
        /// no string value holds an unescaped quote), and what follows it.</summary>
        static (string Head, string Tail) AroundSequence(string body)
        {
            var at = body.IndexOf(SequenceProperty + "0,", StringComparison.Ordinal);
            if (at < 0) throw new InvalidOperationException($"An unnumbered event's body has no sequence 0: {body}");
            var value = at + SequenceProperty.Length;
            return (body[..value], body[(value + 1)..]);
        }
    }

    // Properties, not a positional record: Dapper types a uuid[] column as System.Array and so matches no constructor.
    sealed class Taken
    {
        public long Position { get; init; }
        public long Sequence { get; init; }
        public Guid? KnownPatient { get; init; }
        public Guid[] Deliveries { get; init; } = [];
    }
}
