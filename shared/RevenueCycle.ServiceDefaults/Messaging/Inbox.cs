using Dapper;
using MassTransit;
using Npgsql;

namespace RevenueCycle.ServiceDefaults.Messaging;

/// <summary>
/// Records that a consumer handled a message, in the transaction of its own writes: a redelivered
/// message finds its id and changes nothing. Two copies handled at once serialise on the primary key.
/// </summary>
public static class Inbox
{
    /// <returns>false when this consumer already handled the message.</returns>
    public static async Task<bool> TryAcceptAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ConsumeContext context, string consumer)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");
        var inserted = await connection.ExecuteAsync(
            "INSERT INTO inbox (message_id, consumer) VALUES (@MessageId, @Consumer) ON CONFLICT DO NOTHING",
            new { MessageId = messageId, Consumer = consumer }, transaction);
        return inserted == 1;
    }
}
