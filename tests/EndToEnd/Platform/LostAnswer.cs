using Dapper;
using Npgsql;

namespace RevenueCycle.EndToEnd.Platform;

/// <summary>
/// Makes a request with <paramref name="key"/> die between its commit and its answer, as a process killed at that moment would:
/// recording the request's final answer (the idempotency middleware's update after the handler returned) fails. A handler that
/// committed its answer with its change leaves that answer behind; one that did not leaves its change without an answer.
/// </summary>
public sealed class LostAnswer : IAsyncDisposable
{
    readonly NpgsqlConnection connection;
    readonly string trigger;

    LostAnswer(NpgsqlConnection connection, string trigger) => (this.connection, this.trigger) = (connection, trigger);

    public static async Task<LostAnswer> ArmAsync(NpgsqlDataSource serviceDatabase, string key)
    {
        var connection = await serviceDatabase.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var trigger = "fail_answer_" + Guid.NewGuid().ToString("N")[..8];
        await connection.ExecuteAsync($"""
            CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the process died here'; END $$;
            CREATE TRIGGER {trigger} BEFORE UPDATE ON idempotency_keys FOR EACH ROW
              WHEN (NEW.key = '{key.Replace("'", "''")}' AND NEW.completed_at IS NOT NULL) EXECUTE FUNCTION {trigger}();
            """);
        return new LostAnswer(connection, trigger);
    }

    public async ValueTask DisposeAsync()
    {
        await connection.ExecuteAsync($"DROP TRIGGER {trigger} ON idempotency_keys; DROP FUNCTION {trigger}();");
        await connection.DisposeAsync();
    }
}
