using System.Diagnostics;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using RevenueCycle.Integrations.Subscriptions;

namespace RevenueCycle.Integrations.Delivery;

/// <summary>
/// Delivers due webhook attempts. Each pass takes a batch of due deliveries with <c>FOR UPDATE SKIP LOCKED</c> (several
/// Integrations processes share the work; a row is in one worker's hands at a time), POSTs them, and records the
/// outcome in the same transaction as the lock. A process that dies mid-delivery rolls the lock back: the delivery is
/// tried again, with the same event id and body, so a receiver that saw it discards the copy by <c>RCM-Event-Id</c>.
/// A delivery waits while an earlier one for the same resource and endpoint is still pending: order per claim holds
/// as far as retries allow.
/// </summary>
public sealed partial class DeliveryWorker(
    NpgsqlDataSource db, IHttpClientFactory http, SecretBox secrets, TimeProvider clock,
    IOptions<IntegrationsOptions> options, ILogger<DeliveryWorker> logger) : BackgroundService
{
    public const string Client = "webhooks";
    /// <summary>What the delivery log keeps of a receiver's answer.</summary>
    public const int ResponseBytesKept = 1024;

    DeliveryOptions Settings => options.Value.Delivery;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastPrune = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delivered = 0;
            try
            {
                delivered = await DeliverDueAsync(stoppingToken);
                if (clock.GetUtcNow() - lastPrune > TimeSpan.FromHours(1))
                {
                    await PruneAsync(stoppingToken);
                    lastPrune = clock.GetUtcNow();
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, e);
            }
            if (delivered < Settings.BatchSize)
            {
                try { await Task.Delay(Settings.PollInterval, clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    sealed record Due(
        Guid Id, Guid TenantId, Guid WebhookId, Guid EventId, int Attempts, DateTimeOffset SeriesStartedAt, string Url, byte[] Secret,
        byte[]? PreviousSecret, DateTimeOffset? PreviousSecretExpiresAt, string Body, DateTimeOffset? LastSuccessAt);

    sealed record Outcome(int? StatusCode, int DurationMs, string? Error, string? ResponseBody)
    {
        public bool Delivered => StatusCode is >= 200 and < 300;
    }

    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var due = (await connection.QueryAsync<Due>(
            """
            SELECT d.id, d.tenant_id, d.webhook_id, d.event_id, d.attempts, d.series_started_at, w.url, w.secret, w.previous_secret,
                   w.previous_secret_expires_at, e.body, w.last_success_at
            FROM deliveries d
            JOIN webhooks w ON w.id = d.webhook_id
            JOIN events e ON e.id = d.event_id
            WHERE d.status = 'pending' AND d.next_attempt_at <= @Now AND w.enabled
              AND NOT EXISTS (SELECT 1 FROM deliveries earlier
                              WHERE earlier.webhook_id = d.webhook_id AND earlier.ordering_key = d.ordering_key
                                AND earlier.status = 'pending' AND earlier.event_position < d.event_position)
            ORDER BY d.next_attempt_at, d.event_position
            LIMIT @Batch
            FOR UPDATE OF d SKIP LOCKED
            """, new { Now = now, Batch = Settings.BatchSize }, tx)).ToList();
        if (due.Count == 0) return 0;

        var outcomes = await Task.WhenAll(due.Select(d => SendAsync(d, now, ct)));
        var schedule = new RetrySchedule(Settings);
        var finished = clock.GetUtcNow();
        for (var i = 0; i < due.Count; i++)
            await RecordAsync(connection, tx, due[i], outcomes[i], schedule, finished);
        await tx.CommitAsync(ct);
        return due.Count;
    }

    async Task<Outcome> SendAsync(Due d, DateTimeOffset now, CancellationToken ct)
    {
        var signing = new List<string> { secrets.Open(d.Secret) };
        if (d.PreviousSecret is not null && d.PreviousSecretExpiresAt > now) signing.Add(secrets.Open(d.PreviousSecret));
        using var request = new HttpRequestMessage(HttpMethod.Post, d.Url)
        {
            Content = new StringContent(d.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(Signature.EventIdHeader, d.EventId.ToString());
        request.Headers.Add(Signature.Header, Signature.Sign(now.ToUnixTimeSeconds(), d.Body, signing));
        request.Headers.UserAgent.ParseAdd("RevenueCycle-Webhooks/1");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Settings.Timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.CreateClient(Client).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var kept = await ReadStartAsync(response, timeout.Token);
            return new Outcome((int)response.StatusCode, (int)watch.ElapsedMilliseconds, null, kept);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(null, (int)watch.ElapsedMilliseconds, $"no answer within {Settings.Timeout.TotalSeconds:0.#} s", null);
        }
        catch (HttpRequestException e)
        {
            return new Outcome(null, (int)watch.ElapsedMilliseconds, Printable(e.InnerException?.Message is { } inner ? $"{e.Message} ({inner})" : e.Message), null);
        }
    }

    /// <summary>The first <see cref="ResponseBytesKept"/> bytes of the answer; the rest is never read.</summary>
    static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[ResponseBytesKept];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        return Printable(Encoding.UTF8.GetString(buffer, 0, read));
    }

    /// <summary>PostgreSQL text takes no NUL, and the API answers with no control character but tab and line breaks.</summary>
    static string Printable(string text) =>
        string.Create(text.Length, text, (span, s) =>
        {
            for (var i = 0; i < s.Length; i++) span[i] = char.IsControl(s[i]) && s[i] is not ('\t' or '\n' or '\r') ? '\uFFFD' : s[i];
        });

    async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Due d, Outcome o, RetrySchedule schedule, DateTimeOffset now)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO delivery_attempts (id, delivery_id, attempted_at, status_code, duration_ms, error, response_body)
            VALUES (@Id, @Delivery, @Now, @StatusCode, @DurationMs, @Error, @ResponseBody)
            """, new { Id = Guid.CreateVersion7(), Delivery = d.Id, Now = now, o.StatusCode, o.DurationMs, o.Error, o.ResponseBody }, tx);
        if (o.Delivered)
        {
            await connection.ExecuteAsync(
                """
                UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = @Now, last_status_code = @StatusCode, last_error = NULL
                WHERE id = @Id;
                UPDATE webhooks SET last_success_at = @Now WHERE id = @Webhook;
                """, new { d.Id, Now = now, o.StatusCode, Webhook = d.WebhookId }, tx);
            return;
        }
        var failures = d.Attempts + 1;
        var lastError = o.Error ?? $"answered {o.StatusCode}";
        var next = schedule.Next(failures, d.SeriesStartedAt, now);
        if (next is { } at)
        {
            await connection.ExecuteAsync(
                """
                UPDATE deliveries SET attempts = @Failures, next_attempt_at = @At, last_status_code = @StatusCode, last_error = @Error WHERE id = @Id
                """, new { d.Id, Failures = failures, At = at, o.StatusCode, Error = lastError }, tx);
            return;
        }
        await connection.ExecuteAsync(
            """
            UPDATE deliveries SET status = 'failed', attempts = @Failures, last_status_code = @StatusCode, last_error = @Error WHERE id = @Id
            """, new { d.Id, Failures = failures, o.StatusCode, Error = lastError }, tx);
        // An endpoint that took nothing for as long as this delivery was tried is disabled; one that takes other events
        // but refuses this one keeps receiving, and the admin sees the failed delivery in its log.
        if (d.LastSuccessAt is null || now - d.LastSuccessAt >= Settings.GiveUpAfter)
        {
            var reason = $"Disabled at {now:yyyy-MM-dd HH:mm:ss}Z: no delivery succeeded for {Settings.GiveUpAfter.TotalHours:0.##} hours; " +
                $"the last attempt ({d.EventId}) {lastError}.";
            await connection.ExecuteAsync(
                "UPDATE webhooks SET enabled = false, disabled_reason = @Reason, disabled_at = @Now, updated_at = @Now WHERE id = @Webhook AND enabled",
                new { Reason = reason, Now = now, Webhook = d.WebhookId }, tx);
            LogDisabled(logger, d.WebhookId, d.TenantId, reason);
        }
    }

    /// <summary>The change feed keeps 30 days; deliveries still being retried keep their event.</summary>
    async Task PruneAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var before = clock.GetUtcNow() - Settings.Retention;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM deliveries WHERE created_at < @Before AND status <> 'pending';
            DELETE FROM events e WHERE e.created_at < @Before AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id);
            """, new { Before = before }, cancellationToken: ct));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A webhook delivery pass failed")]
    static partial void LogPassFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Webhook} of tenant {Tenant} disabled: {Reason}")]
    static partial void LogDisabled(ILogger logger, Guid webhook, Guid tenant, string reason);
}
