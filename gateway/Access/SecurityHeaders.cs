namespace RevenueCycle.Gateway.Access;

/// <summary>
/// Headers every answer carries (OWASP Secure Headers): no MIME sniffing, no referrer, nothing cached that may carry patient data
/// (every /api answer; HIPAA §164.312), a strict content security policy on HTML the API serves (printable statements: their own
/// inline styles, nothing else, never framed), and no Server header naming the stack — from the gateway or the service behind it.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string StatementPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.Remove("Server");
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
                if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                {
                    headers.ContentSecurityPolicy = StatementPolicy;
                    headers.XFrameOptions = "DENY";
                }
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
