using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace RevenueCycle.ServiceDefaults.Messaging;

/// <summary>
/// Records an event in the same transaction as the state change that caused it; the
/// <see cref="OutboxRelay"/> publishes it after commit, at least once, with retries.
/// MassTransit 8 has no Dapper outbox, so this is ours.
/// </summary>
public static class Outbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task Enqueue<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, T message, Guid? tenantId = null)
        where T : class =>
        connection.ExecuteAsync(
            """
            INSERT INTO outbox (id, tenant_id, message_type, body, traceparent)
            VALUES (@Id, @TenantId, @Type, @Body::jsonb, @TraceParent)
            """,
            new
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                Type = typeof(T).FullName,
                Body = JsonSerializer.Serialize(message, Json),
                TraceParent = Activity.Current?.Id,
            },
            transaction);

    /// <summary>
    /// Records many events of one type in one statement: one round trip however many there are (a batch of claims).
    /// Like several <see cref="Enqueue{T}"/> calls in one transaction, they share created_at, so the relay publishes
    /// them in id order, which is not necessarily the order given: use it for events about different entities.
    /// </summary>
    public static Task EnqueueAll<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<T> messages, Guid? tenantId = null)
        where T : class =>
        messages.Count == 0 ? Task.CompletedTask : connection.ExecuteAsync(
            """
            INSERT INTO outbox (id, tenant_id, message_type, body, traceparent)
            SELECT m.id, @TenantId, @Type, m.body::jsonb, @TraceParent FROM unnest(@Ids, @Bodies) AS m(id, body)
            """,
            new
            {
                Ids = messages.Select(_ => Guid.CreateVersion7()).ToArray(),
                Bodies = messages.Select(m => JsonSerializer.Serialize(m, Json)).ToArray(),
                TenantId = tenantId,
                Type = typeof(T).FullName,
                TraceParent = Activity.Current?.Id,
            },
            transaction);
}
