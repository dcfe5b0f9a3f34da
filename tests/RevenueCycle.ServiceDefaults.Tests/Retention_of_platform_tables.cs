using Dapper;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.ServiceDefaults.Tests;

/// <summary>The system clock moved forward: what was written now is as old as the test needs, without waiting.</summary>
sealed class ClockAhead(TimeSpan ahead) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
}

/// <summary>
/// The outbox, inbox and idempotency tables grew without end. Sent outbox rows, handled message ids and answered idempotency keys
/// are pruned after their retention, in batches, by a background service of every service; an unsent outbox row never is.
/// </summary>
public sealed class Retention_of_platform_tables
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rows_past_their_retention_are_pruned_in_batches_and_younger_or_unsent_rows_stay()
    {
        await using var host = await TestHost.StartAsync(_ => { }, new Dictionary<string, string?>
        {
            ["Retention:Outbox"] = "2.00:00:00",
            ["Retention:Inbox"] = "30.00:00:00",
            ["Retention:Idempotency"] = "1.00:00:00",
            ["Retention:BatchSize"] = "2",
            ["Retention:Interval"] = "1.00:00:00",
        });
        await using var connection = await host.Db.OpenConnectionAsync(Ct);
        var old = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        var young = Guid.NewGuid();
        var unsent = Guid.NewGuid();
        await connection.ExecuteAsync(
            """
            INSERT INTO outbox (id, message_type, body, created_at, published_at)
            SELECT id, 'Ping', '{}', now() - interval '10 days', now() - interval '3 days' FROM unnest(@Old) AS id;
            INSERT INTO outbox (id, message_type, body, created_at, published_at) VALUES (@Young, 'Ping', '{}', now() - interval '1 day', now() - interval '1 day');
            -- Never sent (the broker away for ten days): it is the state change's promise, never pruned.
            INSERT INTO outbox (id, message_type, body, created_at) VALUES (@Unsent, 'Ping', '{}', now() - interval '10 days');
            INSERT INTO inbox (message_id, consumer, processed_at) SELECT id, 'PingConsumer', now() - interval '31 days' FROM unnest(@Old) AS id;
            INSERT INTO inbox (message_id, consumer, processed_at) VALUES (@Young, 'PingConsumer', now() - interval '29 days');
            INSERT INTO idempotency_keys (tenant_id, key, method, path, request_hash, status_code, created_at, completed_at)
            SELECT gen_random_uuid(), id::text, 'POST', '/x', 'h', 201, now() - interval '25 hours', now() - interval '25 hours' FROM unnest(@Old) AS id;
            INSERT INTO idempotency_keys (tenant_id, key, method, path, request_hash, status_code, created_at)
            VALUES (gen_random_uuid(), @Young::text, 'POST', '/x', 'h', 201, now() - interval '23 hours');
            """, new { Old = old, Young = young, Unsent = unsent });

        var pruned = await host.App.Services.GetRequiredService<Retention>().PruneAsync(Ct);

        Assert.Equal(new Retention.Pruned(5, 5, 5), pruned);
        Assert.Equal([young, unsent], (await connection.QueryAsync<Guid>("SELECT id FROM outbox ORDER BY id = @Young DESC", new { Young = young })).ToArray());
        Assert.Equal([young], (await connection.QueryAsync<Guid>("SELECT message_id FROM inbox")).ToArray());
        Assert.Equal([young.ToString()], (await connection.QueryAsync<string>("SELECT key FROM idempotency_keys")).ToArray());
    }

    [Fact]
    public async Task The_background_pruner_of_every_service_measures_age_by_its_time_provider()
    {
        // Nothing here is old by the database's clock; the service's clock is 31 days ahead.
        await using var host = await TestHost.StartAsync(_ => { }, new Dictionary<string, string?> { ["Retention:Interval"] = "00:00:00.200" },
            services => services.AddSingleton<TimeProvider>(new ClockAhead(TimeSpan.FromDays(31))));
        await using var connection = await host.Db.OpenConnectionAsync(Ct);
        var sent = Guid.NewGuid();
        var unsent = Guid.NewGuid();
        await connection.ExecuteAsync(
            """
            INSERT INTO outbox (id, message_type, body, published_at) VALUES (@Sent, 'Ping', '{}', now());
            INSERT INTO outbox (id, message_type, body) VALUES (@Unsent, 'Ping', '{}');
            INSERT INTO inbox (message_id, consumer) VALUES (@Sent, 'PingConsumer');
            INSERT INTO idempotency_keys (tenant_id, key, method, path, request_hash) VALUES (gen_random_uuid(), 'k', 'POST', '/x', 'h');
            """, new { Sent = sent, Unsent = unsent });

        var left = -1;
        for (var i = 0; i < 300 && left != 0; i++)
        {
            left = await connection.ExecuteScalarAsync<int>(
                "SELECT (SELECT count(*) FROM inbox) + (SELECT count(*) FROM idempotency_keys) + (SELECT count(*) FROM outbox WHERE id = @Sent)", new { Sent = sent });
            if (left != 0) await Task.Delay(100, Ct);
        }
        Assert.Equal(0, left);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox WHERE id = @Unsent", new { Unsent = unsent }));
    }
}
