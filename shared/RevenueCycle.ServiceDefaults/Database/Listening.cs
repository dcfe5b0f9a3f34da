using Npgsql;

namespace RevenueCycle.ServiceDefaults.Database;

/// <summary>
/// A pooled connection that listens on a notification channel (the outbox relay's <c>outbox</c>, the gateway's <c>api_keys</c>).
/// Pooled connections are not reset when returned (<c>No Reset On Close</c>, see <see cref="DatabaseSetup"/>): a listening one
/// stops listening and releases its session locks before it goes back, or is discarded with the pool's idle connections when it
/// cannot (it broke), so that no later checkout receives its notifications or holds its locks.
/// </summary>
public static class Listening
{
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource db, string channel, CancellationToken ct) =>
        (await OpenExclusiveAsync(db, channel, null, ct))!;

    /// <summary>
    /// A connection listening on <paramref name="channel"/> that also holds the session advisory lock <paramref name="exclusive"/>
    /// (one listener of a kind a database, e.g. one active outbox relay however many processes share it); null when another session
    /// holds it. The lock goes with the session: a process that dies frees it at once, and <see cref="ReturnAsync"/> releases it.
    /// </summary>
    public static async Task<NpgsqlConnection?> OpenExclusiveAsync(NpgsqlDataSource db, string channel, (int Class, int Id)? exclusive, CancellationToken ct)
    {
        var connection = await db.OpenConnectionAsync(ct);
        try
        {
            if (exclusive is { } key)
            {
                await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2)", connection);
                take.Parameters.AddWithValue(key.Class);
                take.Parameters.AddWithValue(key.Id);
                if (!(bool)(await take.ExecuteScalarAsync(ct))!)
                {
                    await connection.DisposeAsync();
                    return null;
                }
            }
            await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
            await listen.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await ReturnAsync(connection);
            throw;
        }
    }

    public static async Task ReturnAsync(NpgsqlConnection listener)
    {
        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *; SELECT pg_advisory_unlock_all()", listener);
            await unlisten.ExecuteNonQueryAsync();
        }
        catch (Exception)
        {
            NpgsqlConnection.ClearPool(listener);
        }
        await listener.DisposeAsync();
    }
}
