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
    /// <summary>
    /// The start of every consumer's unit of work: a connection, a transaction and the inbox check, with the message's cancellation
    /// token. Null when this consumer already handled the message (nothing to do, nothing held open). The consumer does its work on
    /// <see cref="InboxWork.Connection"/> in <see cref="InboxWork.Transaction"/>, enqueues its events in the outbox, and commits.
    /// </summary>
    public static async Task<InboxWork?> BeginAsync(NpgsqlDataSource db, ConsumeContext context, string consumer)
    {
        var connection = await db.OpenConnectionAsync(context.CancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(context.CancellationToken);
            if (await TryAcceptAsync(connection, transaction, context, consumer)) return new InboxWork(connection, transaction);
        }
        catch
        {
            if (transaction is not null) await transaction.DisposeAsync();
            await connection.DisposeAsync();
            throw;
        }
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
        return null;
    }

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

/// <summary>A consumer's connection and transaction, the message already recorded in the inbox; disposed (rolled back unless committed) at the end.</summary>
public sealed class InboxWork(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    public NpgsqlConnection Connection => connection;
    public NpgsqlTransaction Transaction => transaction;

    public void Deconstruct(out NpgsqlConnection connection, out NpgsqlTransaction transaction) => (connection, transaction) = (Connection, Transaction);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
