using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Http;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;

namespace RevenueCycle.ServiceDefaults.Http;

/// <summary>
/// <c>Idempotency-Key</c> on POSTs: the first request with a key runs and its answer is kept; the same
/// key with the same body answers that kept response again without running anything; the same key
/// with another body is refused (422); a retry while the first is still running gets 409.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, NpgsqlDataSource db)
{
    public const string Header = "Idempotency-Key";
    const int MaxKeyLength = 255;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Headers.TryGetValue(Header, out var values)
            || context.User.Identity?.IsAuthenticated != true)
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

        await using (var connection = await db.OpenConnectionAsync(context.RequestAborted))
        {
            var inserted = await connection.ExecuteAsync(
                """
                INSERT INTO idempotency_keys (tenant_id, key, method, path, request_hash)
                VALUES (@Tenant, @Key, @Method, @Path, @Hash) ON CONFLICT DO NOTHING
                """, new { Tenant = tenant, Key = key, context.Request.Method, Path = path, Hash = hash });
            if (inserted == 0)
            {
                var kept = await connection.QuerySingleAsync<(string Path, string RequestHash, int? StatusCode, string? ContentType, byte[]? ResponseBody)>(
                    "SELECT path, request_hash, status_code, content_type, response_body FROM idempotency_keys WHERE tenant_id = @Tenant AND key = @Key",
                    new { Tenant = tenant, Key = key });
                if (kept.RequestHash != hash || kept.Path != path)
                {
                    await Results.Problem(title: "Idempotency-Key reused", statusCode: 422,
                        detail: $"This {Header} was used for a different request; use a new key for a new request.").ExecuteAsync(context);
                    return;
                }
                if (kept.StatusCode is null)
                {
                    await Results.Problem(title: "Request in progress", statusCode: 409,
                        detail: $"A request with this {Header} is still being processed; retry shortly.").ExecuteAsync(context);
                    return;
                }
                context.Response.StatusCode = kept.StatusCode.Value;
                context.Response.Headers["Idempotent-Replayed"] = "true";
                if (kept.ContentType is not null) context.Response.ContentType = kept.ContentType;
                if (kept.ResponseBody is { Length: > 0 }) await context.Response.Body.WriteAsync(kept.ResponseBody, context.RequestAborted);
                return;
            }
        }

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
                    UPDATE idempotency_keys SET status_code = @Status, content_type = @ContentType, response_body = @Body, completed_at = now()
                    WHERE tenant_id = @Tenant AND key = @Key
                    """, new { Status = context.Response.StatusCode, context.Response.ContentType, Body = buffer.ToArray(), Tenant = tenant, Key = key });
            }
            else
            {
                // A failure changed nothing (handlers write in one transaction), so the key is free again.
                await connection.ExecuteAsync("DELETE FROM idempotency_keys WHERE tenant_id = @Tenant AND key = @Key", new { Tenant = tenant, Key = key });
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }
}
