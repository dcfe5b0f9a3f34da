using Dapper;
using Npgsql;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.ServiceDefaults.Tests;

/// <summary>
/// A view built from several queries must read one moment of the database: the claim API once returned a claim
/// row from before a 277CA was applied with a history from after it (status "submitted", history "accepted").
/// </summary>
public sealed class Snapshot_reads
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_query_on_a_snapshot_connection_sees_the_database_as_it_was_at_the_first_one()
    {
        await using var db = NpgsqlDataSource.Create(TestHost.Postgres);
        var table = "snap_" + Guid.NewGuid().ToString("N")[..10];
        await using (var setup = await db.OpenConnectionAsync(Ct))
            await setup.ExecuteAsync($"CREATE TABLE {table} (n int); INSERT INTO {table} VALUES (1);");
        try
        {
            await using var snapshot = await db.OpenSnapshotAsync(Ct);
            await using var plain = await db.OpenConnectionAsync(Ct);
            Assert.Equal(1, await snapshot.ExecuteScalarAsync<int>($"SELECT count(*) FROM {table}"));
            Assert.Equal(1, await plain.ExecuteScalarAsync<int>($"SELECT count(*) FROM {table}"));

            await using (var writer = await db.OpenConnectionAsync(Ct))
                await writer.ExecuteAsync($"INSERT INTO {table} VALUES (2)");

            // A plain connection reads each statement at its own moment; the snapshot keeps its first one.
            Assert.Equal(2, await plain.ExecuteScalarAsync<int>($"SELECT count(*) FROM {table}"));
            Assert.Equal(1, await snapshot.ExecuteScalarAsync<int>($"SELECT count(*) FROM {table}"));
            var refused = await Assert.ThrowsAsync<PostgresException>(() => snapshot.ExecuteAsync($"INSERT INTO {table} VALUES (3)"));
            Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
        }
        finally
        {
            await using var cleanup = await db.OpenConnectionAsync(Ct);
            await cleanup.ExecuteAsync($"DROP TABLE {table}");
        }
    }

    [Fact]
    public async Task A_snapshot_connection_goes_back_to_the_pool_without_its_transaction()
    {
        await using var db = NpgsqlDataSource.Create(TestHost.Postgres + ";Maximum Pool Size=1");
        await using (var snapshot = await db.OpenSnapshotAsync(Ct))
            Assert.Equal(1, await snapshot.ExecuteScalarAsync<int>("SELECT 1"));
        await using var next = await db.OpenConnectionAsync(Ct);
        Assert.Equal("off", await next.ExecuteScalarAsync<string>("SHOW transaction_read_only"));
        Assert.Equal("read committed", await next.ExecuteScalarAsync<string>("SHOW transaction_isolation"));
    }
}
