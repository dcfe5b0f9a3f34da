using System.Collections.Concurrent;
using Dapper;
using MassTransit;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.ServiceDefaults.Tests;

public sealed record Ping(Guid PingId);

/// <summary>Appends a row per handling, guarded only by the inbox.</summary>
public sealed class PingConsumer(Npgsql.NpgsqlDataSource db) : IConsumer<Ping>
{
    public static readonly ConcurrentDictionary<Guid, int> Deliveries = new();

    public async Task Consume(ConsumeContext<Ping> context)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var accepted = await Inbox.TryAcceptAsync(connection, tx, context, nameof(PingConsumer));
        if (accepted)
            await connection.ExecuteAsync("INSERT INTO pings (ping_id) VALUES (@PingId)", new { context.Message.PingId }, tx);
        await tx.CommitAsync();
        Deliveries.AddOrUpdate(context.Message.PingId, 1, (_, n) => n + 1);
    }
}

public sealed class PatientRegisteredProbe : IConsumer<PatientRegistered>
{
    public static readonly ConcurrentBag<(Guid? MessageId, Guid PatientId)> Received = [];

    public Task Consume(ConsumeContext<PatientRegistered> context)
    {
        Received.Add((context.MessageId, context.Message.PatientId));
        return Task.CompletedTask;
    }
}

public sealed class Inbox_and_outbox
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_delivered_twice_is_handled_once()
    {
        await using var host = await TestHost.StartAsync(bus => bus.AddConsumer<PingConsumer>());
        var bus = host.App.Services.GetRequiredService<IBus>();
        var twice = new Ping(Guid.NewGuid());
        var once = new Ping(Guid.NewGuid());
        var messageId = NewId.NextGuid();

        await bus.Publish(twice, c => c.MessageId = messageId, Ct);
        await bus.Publish(twice, c => c.MessageId = messageId, Ct);
        await bus.Publish(once, Ct);

        await WaitUntil(() => PingConsumer.Deliveries.GetValueOrDefault(twice.PingId) == 2 && PingConsumer.Deliveries.GetValueOrDefault(once.PingId) == 1);
        await using var connection = await host.Db.OpenConnectionAsync(Ct);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM pings WHERE ping_id = @PingId", new { twice.PingId }));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM pings WHERE ping_id = @PingId", new { once.PingId }));
    }

    [Fact]
    public async Task An_event_is_published_only_when_its_transaction_commits_and_then_once()
    {
        await using var host = await TestHost.StartAsync(bus => bus.AddConsumer<PatientRegisteredProbe>());
        var rolledBack = Event();
        var committed = Event();

        await using (var connection = await host.Db.OpenConnectionAsync(Ct))
        {
            await using (var tx = await connection.BeginTransactionAsync(Ct))
            {
                await Outbox.Enqueue(connection, tx, rolledBack, rolledBack.TenantId);
                await tx.RollbackAsync(Ct);
            }
            await using (var tx = await connection.BeginTransactionAsync(Ct))
            {
                await Outbox.Enqueue(connection, tx, committed, committed.TenantId);
                await tx.CommitAsync(Ct);
            }
        }

        await WaitUntil(() => PatientRegisteredProbe.Received.Any(r => r.PatientId == committed.PatientId));
        await Task.Delay(1000, Ct); // room for a (wrong) second delivery or a rolled-back event to show up
        var received = PatientRegisteredProbe.Received.Where(r => r.PatientId == committed.PatientId).ToList();
        Assert.Single(received);
        Assert.DoesNotContain(PatientRegisteredProbe.Received, r => r.PatientId == rolledBack.PatientId);

        await using var check = await host.Db.OpenConnectionAsync(Ct);
        var outboxId = await check.ExecuteScalarAsync<Guid>("SELECT id FROM outbox WHERE published_at IS NOT NULL");
        Assert.Equal(outboxId, received[0].MessageId); // the outbox row's id is the message id consumers de-duplicate on
        Assert.Equal(1, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task Events_recorded_together_in_one_statement_are_each_published_once()
    {
        await using var host = await TestHost.StartAsync(bus => bus.AddConsumer<PatientRegisteredProbe>());
        var events = Enumerable.Range(0, 25).Select(_ => Event()).ToList();

        await using (var connection = await host.Db.OpenConnectionAsync(Ct))
        await using (var tx = await connection.BeginTransactionAsync(Ct))
        {
            await Outbox.EnqueueAll(connection, tx, events, events[0].TenantId);
            await tx.CommitAsync(Ct);
        }

        await WaitUntil(() => events.All(e => PatientRegisteredProbe.Received.Any(r => r.PatientId == e.PatientId)));
        await Task.Delay(1000, Ct); // room for a (wrong) second delivery
        await using var check = await host.Db.OpenConnectionAsync(Ct);
        var outboxIds = (await check.QueryAsync<(Guid Id, Guid PatientId)>("SELECT id, (body->>'patientId')::uuid FROM outbox WHERE published_at IS NOT NULL"))
            .ToDictionary(r => r.PatientId, r => r.Id);
        Assert.Equal(events.Count, outboxIds.Count);
        foreach (var e in events)
            Assert.Equal(outboxIds[e.PatientId], Assert.Single(PatientRegisteredProbe.Received, r => r.PatientId == e.PatientId).MessageId);
    }

    [Fact]
    public async Task A_committed_event_wakes_the_relay_without_waiting_for_its_next_look()
    {
        // The relay looks on its own only once an hour here: an event can reach the bus within the test's wait only because
        // its commit notified the relay (the outbox table's trigger, LISTEN outbox).
        await using var host = await TestHost.StartAsync(bus => bus.AddConsumer<PatientRegisteredProbe>(),
            new Dictionary<string, string?> { ["Outbox:PollInterval"] = "01:00:00" });
        var first = Event();
        var second = Event();

        await CommitAsync(host, first);
        await WaitUntil(() => PatientRegisteredProbe.Received.Any(r => r.PatientId == first.PatientId));
        // The relay has published the first and gone back to waiting; the second comes only by its notification.
        await CommitAsync(host, second);
        await WaitUntil(() => PatientRegisteredProbe.Received.Any(r => r.PatientId == second.PatientId));

    }

    /// <summary>
    /// Processes sharing a database (a service's replicas, the claims service and its submission workers) each run a relay, and
    /// all of them woke on every commit to find, all but one, nothing (issue 20). One is the database's active relay, holding its
    /// session advisory lock and listening; the others stand by and one takes over when it stops.
    /// </summary>
    [Fact]
    public async Task Of_two_processes_sharing_a_database_one_relays_and_the_other_takes_over_when_it_stops()
    {
        await using var first = await TestHost.StartAsync(bus => bus.AddConsumer<PatientRegisteredProbe>());
        await WaitUntilAsync(async () => await ListenersAsync(first) == 1);
        await using var second = await TestHost.StartAsync(bus => bus.AddConsumer<PatientRegisteredProbe>(), sharedDatabase: first.DatabaseName);
        var before = Event();
        await CommitAsync(second, before);
        await WaitUntil(() => PatientRegisteredProbe.Received.Any(r => r.PatientId == before.PatientId));
        Assert.Equal(1, await ListenersAsync(first)); // the second stands by: it does not listen
        Assert.Equal(1, await ActiveRelayLocksAsync(first));

        await first.App.StopAsync(Ct); // its relay returns its connection: lock and listening go
        var after = Event();
        await CommitAsync(second, after);
        await WaitUntil(() => PatientRegisteredProbe.Received.Any(r => r.PatientId == after.PatientId));
        Assert.Equal(1, await ListenersAsync(second));
        Assert.Equal(1, await ActiveRelayLocksAsync(second));
        // Published once each: a publish counts an attempt on its row when its relay commits, which is awaited, not slept for. A row
        // published by both relays would show two attempts.
        await using var check = await second.Db.OpenConnectionAsync(Ct);
        await WaitUntilAsync(async () => await check.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox WHERE published_at IS NOT NULL") == 2);
        Assert.Equal([1, 1], await check.QueryAsync<int>("SELECT attempts FROM outbox"));
        // Each host's probe has a queue of its own, so an event published while both ran reached two queues: once each, by one id.
        foreach (var e in new[] { before, after })
            Assert.Single(PatientRegisteredProbe.Received.Where(r => r.PatientId == e.PatientId).Select(r => r.MessageId).Distinct());

        static async Task<int> ListenersAsync(TestHost host)
        {
            await using var connection = await host.Db.OpenConnectionAsync(Ct);
            return await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN outbox'");
        }

        static async Task<int> ActiveRelayLocksAsync(TestHost host)
        {
            await using var connection = await host.Db.OpenConnectionAsync(Ct);
            return await connection.ExecuteScalarAsync<int>(
                """
                SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database() AND l.classid = @Class AND l.objid = @Id AND l.objsubid = 2
                """, new { Class = (long)(uint)OutboxRelay.ActiveRelayLock.Class, Id = (long)OutboxRelay.ActiveRelayLock.Id });
        }
    }

    static async Task CommitAsync(TestHost host, PatientRegistered e)
    {
        await using var connection = await host.Db.OpenConnectionAsync(Ct);
        await using var tx = await connection.BeginTransactionAsync(Ct);
        await Outbox.Enqueue(connection, tx, e, e.TenantId);
        await tx.CommitAsync(Ct);
    }

    static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300 && !await condition(); i++) await Task.Delay(100, Ct);
        Assert.True(await condition(), "timed out waiting");
    }

    static PatientRegistered Event() => new(Guid.NewGuid(), Guid.CreateVersion7(), "MRN", "Test", "Patient", new DateOnly(1990, 5, 1), "F",
        new Address("1 Main St", null, "Springfield", "IL", "62701"), null, DateTimeOffset.UtcNow);

    static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++) await Task.Delay(100, Ct);
        Assert.True(condition(), "timed out waiting for the messages");
    }
}
