using Npgsql;

namespace RevenueCycle.ServiceDefaults.Database;

/// <summary>
/// A pooled connection that listens on a notification channel (the outbox relay's <c>outbox</c>, the gateway's <c>api_keys</c>).
/// Pooled connections are not reset when returned (<c>No Reset On Close</c>, see <see cref="DatabaseSetup"/>): a listening one
/// stops listening before it goes back, or is discarded with the pool's idle connections when it cannot (it broke), so that no
/// later checkout receives its notifications.
/// </summary>
public static class Listening
{
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource db, string channel, CancellationToken ct)
    {
        var connection = await db.OpenConnectionAsync(ct);
        try
        {
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
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", listener);
            await unlisten.ExecuteNonQueryAsync();
        }
        catch (Exception)
        {
            NpgsqlConnection.ClearPool(listener);
        }
        await listener.DisposeAsync();
    }
}
