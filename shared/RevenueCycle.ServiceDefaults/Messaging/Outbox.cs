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
}
