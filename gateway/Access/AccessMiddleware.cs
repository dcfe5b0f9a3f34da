using System.Threading.RateLimiting;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using RevenueCycle.Gateway.Staff;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Gateway.Access;

/// <summary>
/// The gateway's front door, in one place: a correlation id on every request, the API key resolved
/// to a tenant and roles (or the admin key for <c>/api/admin</c>) — or, without a key, a staff user's session cookie
/// (<see cref="StaffSessions"/>; its writes carry the anti-forgery token) —, the roles checked against
/// <see cref="RolePolicy"/>, the signed internal token for the
/// services, and an audit record of the outcome.
/// </summary>
public sealed class AccessMiddleware(RequestDelegate next, AuditLog audit, InternalToken tokens, IConfiguration configuration,
    StaffSessions sessions, ApiKeyCache keys)
{
    /// <summary>The largest code-set file the operator may upload (the Coding service's own limit).</summary>
    public const long CodeSetUploadBytes = 512L * 1024 * 1024;

    public const string CorrelationHeader = "X-Correlation-Id";
    public const string InternalTokenItem = "rcm.internal-token";
    public const string KeyItem = "rcm.key";

    readonly byte[] adminKey = Encoding.UTF8.GetBytes(configuration["RCM_ADMIN_KEY"] ?? "");

    // Requests without a valid key are limited per client address, checked before any key lookup: an unauthenticated flood or a
    // key-guessing client is answered 429 without reaching the database, and repeated bad keys slow down.
    readonly PartitionedRateLimiter<string> failures = new RecreatingRateLimiter<string>(PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = configuration.GetValue("Gateway:AnonymousRateLimit:Burst", 50),
            TokensPerPeriod = configuration.GetValue("Gateway:AnonymousRateLimit:PermitsPerSecond", 10),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        })));

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var correlation = context.Request.Headers[CorrelationHeader].ToString();
        // A correlation id is echoed in a response header: only printable ASCII can be (a header value with other characters throws).
        if (string.IsNullOrWhiteSpace(correlation) || correlation.Length > 128 || correlation.Any(c => c is < '!' or > '~'))
            correlation = Guid.CreateVersion7().ToString();
        context.Request.Headers[CorrelationHeader] = correlation;
        context.Response.Headers[CorrelationHeader] = correlation;
        Activity.Current?.SetTag("correlation.id", correlation);

        var path = context.Request.Path;
        ResolvedKey? key = null;
        // CONNECT and TRACE have no place in this API (YARP would try to forward them and answer 502).
        if (HttpMethods.IsConnect(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
            await Results.Problem(title: "Method not allowed", detail: $"{context.Request.Method} is not a method of this API.", statusCode: 405).ExecuteAsync(context);
            return;
        }
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        Guid[]? disclosed = null;
        var taken = false;
        // The services name the patients an answer disclosed in a header: it is recorded with this request and never reaches the client.
        context.Response.OnStarting(() =>
        {
            disclosed = TakeDisclosed(context.Response.Headers);
            taken = true;
            return Task.CompletedTask;
        });
        try
        {
            // A whole permit must be left (the bucket refills continuously, so "any permit" would let every request through).
            if (path.StartsWithSegments("/api") && failures.GetStatistics(address) is { CurrentAvailablePermits: < 1 })
            {
                await TooManyFailures(context);
                return;
            }
            if (path.StartsWithSegments("/api/admin"))
            {
                if (!IsAdmin(context))
                {
                    failures.AttemptAcquire(address, 1).Dispose();
                    await Unauthorized(context, "The admin API needs the admin key (RCM_ADMIN_KEY) as a Bearer token.");
                    return;
                }
                // Code sets are shared by every practice: only the operator (the admin key) changes them,
                // through the Coding service, which sees an "operator" token with no tenant.
                if (path.StartsWithSegments("/api/admin/code-sets"))
                {
                    context.Items[InternalTokenItem] = tokens.Issue(Guid.Empty, Guid.Empty, [Roles.Operator]);
                    // The CMS files are large (the NCCI PTP table is ~130 MB): the operator's upload may be as large as the Coding
                    // service takes (512 MB), not the API's usual limit; it streams through, never held here.
                    if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                        size.MaxRequestBodySize = CodeSetUploadBytes;
                }
            }
            else if (path.StartsWithSegments(AuthEndpoints.Prefix))
            {
                // Sign-in and its steps need no key; a session cookie (at any stage) is resolved for them, and its writes but
                // signing in and setting a password carry the anti-forgery token.
                var cookie = StaffSessions.CookieValue(context);
                var session = cookie is null ? null : await sessions.ResolveAsync(cookie, context.RequestAborted);
                if (session is not null)
                {
                    context.Items[StaffSessions.Item] = session;
                    if (!RoleRequirement.Reads(context.Request.Method) && !AuthEndpoints.OpenWithoutSession(path) && !StaffSessions.CsrfMatches(context, session))
                    {
                        await Forbidden(context, MissingCsrf);
                        return;
                    }
                }
            }
            else if (path.StartsWithSegments("/api"))
            {
                var presented = Bearer(context);
                var cookie = presented is null ? StaffSessions.CookieValue(context) : null;
                if (cookie is not null)
                {
                    if (!await SessionAsync(context, cookie, address)) return;
                }
                else
                {
                    key = presented is null ? null : await keys.ResolveAsync(presented, context.RequestAborted);
                    if (key is null)
                    {
                        failures.AttemptAcquire(address, 1).Dispose();
                        await Unauthorized(context, presented is null
                            ? "Send your API key as 'Authorization: Bearer <key>', or sign in (POST /api/auth/sign-in)."
                            : "The API key is unknown or revoked.");
                        return;
                    }
                    context.Items[KeyItem] = key;
                    context.Items[Caller.Item] = new Caller(key.TenantId, key.Roles, key.KeyId, null);
                    if (RolePolicy.Refuse(context.Request.Method, path.Value ?? "/", key.Roles) is { } needed)
                    {
                        await Forbidden(context, $"This API key's roles ({string.Join(", ", key.Roles)}) do not allow {context.Request.Method} {path.Value}; " +
                            $"it needs {string.Join(" or ", needed.Append(Roles.Admin))}. Reading is open to every role.");
                        return;
                    }
                    context.Items[InternalTokenItem] = tokens.Issue(key.TenantId, key.KeyId, key.Roles);
                    Activity.Current?.SetTag("rcm.tenant_id", key.TenantId.ToString());
                }
            }
            await next(context);
            // A failed sign-in counts against the client address as a bad key does.
            if (context.Items.ContainsKey(AuthEndpoints.FailedItem)) failures.AttemptAcquire(address, 1).Dispose();
        }
        finally
        {
            if (path.StartsWithSegments("/api"))
            {
                var caller = context.Items[Caller.Item] as Caller;
                var staff = context.Items[StaffSessions.Item] as StaffSession;
                await audit.WriteAsync(new AuditRecord(
                    DateTimeOffset.UtcNow, key?.KeyId, key?.TenantId ?? caller?.TenantId ?? staff?.TenantId, context.Request.Method, path.Value ?? "/",
                    context.Request.Query.Count == 0 ? null : string.Join(',', context.Request.Query.Keys),
                    context.Response.StatusCode,
                    Math.Round((decimal)Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2),
                    Activity.Current?.TraceId.ToString(), correlation, context.Connection.RemoteIpAddress?.ToString(),
                    taken || context.Response.HasStarted ? disclosed : TakeDisclosed(context.Response.Headers),
                    UserId: caller?.UserId ?? staff?.UserId));
            }
        }
    }

    const string MissingCsrf = "A change made with a session cookie carries the session's anti-forgery token in the " + StaffSessions.CsrfHeader +
        " header (from GET /api/auth/session or the sign-in answer).";

    /// <summary>A staff user's session in place of an API key: false when the request was answered (no live session, no anti-forgery token, a role short).</summary>
    async Task<bool> SessionAsync(HttpContext context, string cookie, string address)
    {
        var session = await sessions.ResolveAsync(cookie, context.RequestAborted);
        if (session is not { Stage: SessionPolicy.Full })
        {
            failures.AttemptAcquire(address, 1).Dispose();
            // An ended session's cookie is of no more use; a sign-in waiting for its second factor keeps its own.
            if (session is null) StaffSessions.ClearCookie(context);
            await Unauthorized(context, session is null
                ? "The session has ended (signed out, 15 minutes without a request, 12 hours after sign-in, or the user was disabled or reset); sign in again."
                : "The sign-in is not finished: it needs its second factor (POST /api/auth/second-factor, or enrol at /api/auth/totp/enroll).");
            return false;
        }
        context.Items[StaffSessions.Item] = session;
        context.Items[Caller.Item] = new Caller(session.TenantId, session.Roles, null, session.UserId);
        var method = context.Request.Method;
        if (!RoleRequirement.Reads(method) && !StaffSessions.CsrfMatches(context, session))
        {
            await Forbidden(context, MissingCsrf);
            return false;
        }
        if (RolePolicy.Refuse(method, context.Request.Path.Value ?? "/", session.Roles) is { } needed)
        {
            await Forbidden(context, $"This user's roles ({string.Join(", ", session.Roles)}) do not allow {method} {context.Request.Path.Value}; " +
                $"it needs {string.Join(" or ", needed.Append(Roles.Admin))}. Reading is open to every role.");
            return false;
        }
        context.Items[InternalTokenItem] = tokens.Issue(session.TenantId, Guid.Empty, session.Roles, userId: session.UserId);
        Activity.Current?.SetTag("rcm.tenant_id", session.TenantId.ToString());
        Activity.Current?.SetTag("rcm.user_id", session.UserId.ToString());
        return true;
    }

    static Guid[]? TakeDisclosed(IHeaderDictionary headers)
    {
        var value = headers[PatientDisclosure.Header].ToString();
        headers.Remove(PatientDisclosure.Header);
        headers.Remove(PatientDisclosure.OmittedHeader);
        if (value.Length == 0) return null;
        var ids = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToArray();
        return ids.Length == 0 ? null : ids;
    }

    bool IsAdmin(HttpContext context)
    {
        var presented = Bearer(context);
        return adminKey.Length > 0 && presented is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), adminKey);
    }

    static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    static Task Forbidden(HttpContext context, string detail) =>
        Results.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);

    static async Task TooManyFailures(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = "1";
        await Results.Problem(title: "Too many requests", statusCode: 429,
            detail: "Too many requests without a valid API key came from your address; retry after 1 s with 'Authorization: Bearer <key>'.")
            .ExecuteAsync(context);
    }

    static Task Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(title: "Unauthorized", detail: detail, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
    }
}
