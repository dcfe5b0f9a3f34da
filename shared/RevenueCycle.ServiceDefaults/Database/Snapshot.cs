using System.Data;
using Npgsql;

namespace RevenueCycle.ServiceDefaults.Database;

public static class Snapshot
{
    /// <summary>
    /// A connection whose every query reads one snapshot of the database (a read-only REPEATABLE READ
    /// transaction, rolled back when the connection is disposed). A view built from several queries (a claim and
    /// its history, a remittance and its claims, a ledger and its balance) can then never mix a row from before a
    /// commit with rows from after it. Npgsql runs every command on the connection's transaction, so queries need
    /// no transaction argument.
    /// </summary>
    public static async Task<NpgsqlConnection> OpenSnapshotAsync(this NpgsqlDataSource db, CancellationToken ct = default)
    {
        var connection = await db.OpenConnectionAsync(ct);
        try
        {
            var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            await using var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, tx);
            await readOnly.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
