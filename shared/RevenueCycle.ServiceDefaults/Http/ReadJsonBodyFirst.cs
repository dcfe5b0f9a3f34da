using Microsoft.AspNetCore.Http;

namespace RevenueCycle.ServiceDefaults.Http;

/// <summary>
/// A JSON body refused while it is read (a field refused at its first bad value) leaves the rest of the body unread; Kestrel then
/// closes the connection, and the gateway, still sending that body, sees a broken pipe and answers 502 instead of the service's 400
/// (found by the seeded fuzzer: a 30 MB payer-rules body with an over-long string). A JSON body is therefore read to its end first
/// (buffered: in memory when small, in a temporary file when large, within the server's body limit) and then bound from the start.
/// </summary>
public sealed class ReadJsonBodyFirstMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if ((request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
            && request.ContentType is { } type && type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            request.EnableBuffering();
            await request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            request.Body.Position = 0;
        }
        await next(context);
    }
}
