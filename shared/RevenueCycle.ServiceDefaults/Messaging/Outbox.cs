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
    /// Records many events of one type in one statement (a binary COPY): one round trip however many there are (a batch of claims,
    /// the 50,000 postings of one check). Like several <see cref="Enqueue{T}"/> calls in one transaction, they share created_at, so
    /// the relay publishes them in id order, which is not necessarily the order given: use it for events about different entities.
    /// </summary>
    public static async Task EnqueueAll<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<T> messages, Guid? tenantId = null)
        where T : class
    {
        if (messages.Count == 0) return;
        _ = transaction; // COPY runs in the connection's transaction; the parameter keeps the outbox's one contract: the caller's transaction.
        var type = typeof(T).FullName!;
        var traceParent = Activity.Current?.Id;
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY outbox (id, tenant_id, message_type, body, traceparent) FROM STDIN (FORMAT BINARY)");
        foreach (var message in messages)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlTypes.NpgsqlDbType.Uuid);
            if (tenantId is { } tenant) await copy.WriteAsync(tenant, NpgsqlTypes.NpgsqlDbType.Uuid);
            else await copy.WriteNullAsync();
            await copy.WriteAsync(type, NpgsqlTypes.NpgsqlDbType.Text);
            await copy.WriteAsync(JsonSerializer.Serialize(message, Json), NpgsqlTypes.NpgsqlDbType.Jsonb);
            if (traceParent is not null) await copy.WriteAsync(traceParent, NpgsqlTypes.NpgsqlDbType.Text);
            else await copy.WriteNullAsync();
        }
        await copy.CompleteAsync();
    }
}
