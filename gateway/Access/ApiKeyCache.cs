using System.Collections.Concurrent;
using Npgsql;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Gateway.Access;

/// <summary>
/// The API keys this gateway has resolved, so that a request costs no database round trip for its key (issue 20: it was one of
/// every request's statements). A revoked key must stop working on the next request, so what is kept is forgotten the moment
/// api_keys changes: a trigger notifies the channel <c>api_keys</c> (0104_api_key_changes.sql), which every gateway listens on,
/// and the revoking gateway forgets before it answers. While a gateway is not listening (starting, or the database restarting)
/// it keeps nothing and looks every key up. Unknown keys are never kept (guessing must not fill memory), and a kept key is looked
/// up again after <see cref="Lifetime"/> whatever happens.
/// </summary>
public sealed partial class ApiKeyCache(NpgsqlDataSource db, TimeProvider clock, ILogger<ApiKeyCache> logger) : BackgroundService
{
    public const string Channel = "api_keys";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    const int MaxKept = 10_000;

    readonly ConcurrentDictionary<string, (ResolvedKey Key, DateTimeOffset Until)> kept = new(StringComparer.Ordinal);
    long generation; // moves on every change told and every (re)start of listening: a look-up begun before it is not kept
    volatile bool listening;

    public async Task<ResolvedKey?> ResolveAsync(string presented, CancellationToken ct)
    {
        if (!ApiKeys.IsWellFormed(presented)) return null;
        var hash = ApiKeys.Hash(presented);
        var now = clock.GetUtcNow();
        if (listening && kept.TryGetValue(hash, out var entry) && entry.Until > now) return entry.Key;
        var before = Interlocked.Read(ref generation);
        var key = await ApiKeys.LookUpAsync(db, hash, ct);
        if (key is null || !listening) return key;
        if (kept.Count >= MaxKept) kept.Clear();
        kept[hash] = (key, now + Lifetime);
        // A change told while the look-up ran may have been forgotten before this entry was added: it goes again.
        if (Interlocked.Read(ref generation) != before) kept.TryRemove(hash, out _);
        return key;
    }

    /// <summary>Forgets every key kept (a change was told, or this gateway revoked one).</summary>
    public void Forget()
    {
        Interlocked.Increment(ref generation);
        kept.Clear();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            NpgsqlConnection? listener = null;
            try
            {
                listener = await Listening.OpenAsync(db, Channel, stoppingToken);
                listener.Notification += (_, _) => Forget();
                // Anything changed before listening began is unknown: start from nothing.
                Forget();
                listening = true;
                while (true) await listener.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogNotListening(logger, e.Message);
            }
            finally
            {
                listening = false;
                Forget();
                if (listener is not null) await RevenueCycle.ServiceDefaults.Database.Listening.ReturnAsync(listener);
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not told of API key changes ({Error}); every request looks its key up until listening again")]
    static partial void LogNotListening(ILogger logger, string error);
}
