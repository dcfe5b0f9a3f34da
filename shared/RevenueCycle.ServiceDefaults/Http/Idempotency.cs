using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.ServiceDefaults.Http;

/// <summary>
/// On an endpoint whose answer carries a secret shown once (a webhook's signing secret): its answer is never kept, so
/// <c>Idempotency-Key</c> is not applied to it — a kept answer would be the secret in plain text at rest for days.
/// </summary>
public sealed class AnswerNotKept;

/// <summary>The <c>Idempotency-Key</c> the current request runs under, for a handler that commits its answer with its change.</summary>
public sealed record IdempotentRequest(Guid TenantId, string Key);

/// <summary>
/// <c>Idempotency-Key</c> on POSTs: the first request with a key runs and its answer is kept; the same
/// key with the same body answers that kept response again without running anything; the same key
/// with another body is refused (422); a retry while the first is still running gets 409.
/// <para>
/// A request that died (its process killed) between its commit and its answer leaves its key "in progress". Whether the first
/// request still runs is not guessed from its age: it holds a session advisory lock on its key for as long as it runs, and
/// PostgreSQL releases that lock when its connection goes, so a retry that can take the lock knows the first is gone and runs the
/// request itself (a slow first request is never taken over, a dead one never blocks for a lease). A handler whose change must not
/// be doubled commits its answer in its own transaction (<see cref="Idempotency.CommitAnswerAsync{T}"/>): then a first request
/// that committed and died is answered from what it committed, and one that did not commit changed nothing and simply runs again.
/// </para>
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, NpgsqlDataSource db)
{
    public const string Header = "Idempotency-Key";
    const int MaxKeyLength = 255;

    internal sealed class Kept
    {
        public string Path { get; init; } = "";
        public string RequestHash { get; init; } = "";
        public int? StatusCode { get; init; }
        public string? ContentType { get; init; }
        public string? Location { get; init; }
        public byte[]? ResponseBody { get; init; }
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Headers.TryGetValue(Header, out var values)
            || context.User.Identity?.IsAuthenticated != true
            || context.GetEndpoint()?.Metadata.GetMetadata<AnswerNotKept>() is not null)
        {
            await next(context);
            return;
        }

        var key = values.ToString();
        if (key.Length is 0 or > MaxKeyLength)
        {
            await Results.Problem(title: "Invalid Idempotency-Key", detail: $"The {Header} header must be 1 to {MaxKeyLength} characters.",
                statusCode: 400).ExecuteAsync(context);
            return;
        }

        var tenant = context.User.TenantId();
        context.Request.EnableBuffering();
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(context.Request.Body, context.RequestAborted));
        context.Request.Body.Position = 0;
        var path = context.Request.Path.Value ?? "";
        var args = new { Tenant = tenant, Key = key, context.Request.Method, Path = path, Hash = hash };

        // The lock lives as long as this connection's session: held while the request runs, gone with a dead process.
        await using var holder = await db.OpenConnectionAsync(context.RequestAborted);
        var running = await holder.ExecuteScalarAsync<bool>(
            "SELECT pg_try_advisory_lock(hashtextextended(@Tenant::text || ':' || @Key, 0))", args);
        try
        {
            if (running)
            {
                var inserted = await holder.ExecuteAsync(
                    """
                    INSERT INTO idempotency_keys (tenant_id, key, method, path, request_hash)
                    VALUES (@Tenant, @Key, @Method, @Path, @Hash) ON CONFLICT DO NOTHING
                    """, args);
                // Not inserted and still without an answer: its first request holds no lock any more, so it died; run it here.
                if (inserted == 0 && await AnswerKeptAsync(context, holder, tenant, key, path, hash, inProgressIsRunning: false)) return;
            }
            else
            {
                await AnswerKeptAsync(context, holder, tenant, key, path, hash, inProgressIsRunning: true);
                return;
            }

            context.Features.Set(new IdempotentRequest(tenant, key));
            await RunAndKeepAsync(context, tenant, key);
        }
        finally
        {
            if (running)
                await SessionLocks.ReleaseAsync(holder, "SELECT pg_advisory_unlock(hashtextextended(@Tenant::text || ':' || @Key, 0))", args);
        }
    }

    /// <returns>true when the request was answered (kept response, 422 or 409); false when it is to run.</returns>
    static async Task<bool> AnswerKeptAsync(HttpContext context, NpgsqlConnection connection, Guid tenant, string key, string path, string hash,
        bool inProgressIsRunning)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Kept>(
            "SELECT path, request_hash, status_code, content_type, location, response_body FROM idempotency_keys WHERE tenant_id = @Tenant AND key = @Key",
            new { Tenant = tenant, Key = key });
        if (row is not null && (row.RequestHash != hash || row.Path != path))
        {
            await Results.Problem(title: "Idempotency-Key reused", statusCode: 422,
                detail: $"This {Header} was used for a different request; use a new key for a new request.").ExecuteAsync(context);
            return true;
        }
        if (row?.StatusCode is not { } status)
        {
            if (!inProgressIsRunning) return false;
            await Results.Problem(title: "Request in progress", statusCode: 409,
                detail: $"A request with this {Header} is still being processed; retry shortly.").ExecuteAsync(context);
            return true;
        }
        var kept = row!;
        context.Response.StatusCode = status;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (kept.ContentType is not null) context.Response.ContentType = kept.ContentType;
        if (kept.Location is not null) context.Response.Headers.Location = kept.Location;
        if (kept.ResponseBody is { Length: > 0 }) await context.Response.Body.WriteAsync(kept.ResponseBody, context.RequestAborted);
        return true;
    }

    async Task RunAndKeepAsync(HttpContext context, Guid tenant, string key)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var completed = false;
        try
        {
            await next(context);
            completed = true;
        }
        finally
        {
            context.Response.Body = original;
            await using var connection = await db.OpenConnectionAsync(CancellationToken.None);
            if (completed && context.Response.StatusCode < 500)
            {
                await connection.ExecuteAsync(
                    """
                    UPDATE idempotency_keys SET status_code = @Status, content_type = @ContentType, location = @Location, response_body = @Body, completed_at = now()
                    WHERE tenant_id = @Tenant AND key = @Key
                    """, new
                    {
                        Status = context.Response.StatusCode, context.Response.ContentType, Location = NullIfEmpty(context.Response.Headers.Location.ToString()),
                        Body = buffer.ToArray(), Tenant = tenant, Key = key,
                    });
            }
            else
            {
                // A failure changed nothing (handlers write in one transaction), so the key is free again; unless the handler
                // committed its answer with its change, which stands.
                await connection.ExecuteAsync("DELETE FROM idempotency_keys WHERE tenant_id = @Tenant AND key = @Key AND status_code IS NULL",
                    new { Tenant = tenant, Key = key });
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

public static class Idempotency
{
    /// <summary>
    /// Keeps the answer of a request made with an <c>Idempotency-Key</c> in the transaction of its change, so that a retry after
    /// the process died between commit and answer is answered with it instead of doing the change twice. Does nothing without a key.
    /// </summary>
    public static Task CommitAnswerAsync<T>(this HttpContext context, NpgsqlConnection connection, NpgsqlTransaction transaction, int statusCode, T body,
        string? location = null)
    {
        if (context.Features.Get<IdempotentRequest>() is not { } request) return Task.CompletedTask;
        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        return connection.ExecuteAsync(
            """
            UPDATE idempotency_keys SET status_code = @Status, content_type = @ContentType, location = @Location, response_body = @Body
            WHERE tenant_id = @Tenant AND key = @Key
            """, new
            {
                Status = statusCode, Location = location,
                ContentType = body is null ? null : "application/json; charset=utf-8",
                Body = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), json),
                Tenant = request.TenantId, request.Key,
            }, transaction);
    }

    /// <summary>
    /// The end of a command's unit of work: keeps <paramref name="answer"/> (its status, JSON value and Location) with the change when
    /// the request has an <c>Idempotency-Key</c>, commits, and returns the answer. Every POST that changes something ends with it, so a
    /// retry after a crash between commit and answer is answered from the commit, never done twice (an encounter or a payer made twice,
    /// an appeal answered 409 "already appealed" to the client that filed it).
    /// </summary>
    public static async Task<TResult> CommitAsync<TResult>(this NpgsqlTransaction transaction, HttpContext http, TResult answer,
        CancellationToken cancellationToken = default) where TResult : IResult
    {
        if (http.Features.Get<IdempotentRequest>() is not null)
        {
            var status = (answer as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
            var value = (answer as IValueHttpResult)?.Value;
            var location = answer.GetType().GetProperty("Location")?.GetValue(answer) as string;
            await http.CommitAnswerAsync(transaction.Connection!, transaction, status, value, location);
        }
        await transaction.CommitAsync(cancellationToken);
        return answer;
    }
}
