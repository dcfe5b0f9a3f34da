using Dapper;
using Npgsql;

namespace RevenueCycle.ServiceDefaults.Database;

/// <summary>
/// Session advisory locks (one poster of a remittance file, one status-check run per practice, one request per idempotency
/// key). Pooled connections are not reset when returned (<c>No Reset On Close</c>, see <see cref="DatabaseSetup"/>), so a
/// lock that could not be released must not go back to the pool with its connection: the pool is cleared, and the
/// connection is closed instead of reused, which ends its session and frees the lock.
/// </summary>
public static class SessionLocks
{
    public static async Task ReleaseAsync(NpgsqlConnection connection, string sql, object? args)
    {
        try
        {
            await connection.ExecuteAsync(sql, args);
        }
        catch
        {
            NpgsqlConnection.ClearPool(connection);
            throw;
        }
    }
}
