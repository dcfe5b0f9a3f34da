using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace RevenueCycle.Gateway.Portal;

/// <summary>
/// The staff portal (portal/, built by Vite into portal/dist) served at <c>/</c>, the same origin as <c>/api</c>, so the
/// session cookie (SameSite=Strict) needs no CORS. Hashed assets are cached for a year; the page itself is never cached, so
/// a new build is picked up at once; any path that is not a file and not under <c>/api</c> is the page (the portal routes
/// in the browser). <c>Gateway:Portal:Root</c> names the folder (default <c>../portal/dist</c> from the gateway's folder);
/// with no build there, <c>/</c> says how to make one and the API is unaffected.
/// </summary>
public static class PortalHosting
{
    /// <summary>The page's content security policy: its own scripts only; inline styles (the charts' tooltips carry them); nothing framed.</summary>
    public const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static WebApplication MapPortal(this WebApplication app)
    {
        var configured = app.Configuration["Gateway:Portal:Root"];
        var root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(app.Environment.ContentRootPath, "..", "portal", "dist")
            : configured);
        var index = Path.Combine(root, "index.html");
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Portal");
        if (!File.Exists(index))
            logger.LogWarning("No portal build at {Root}: / answers 404 until `npm run build` in portal/ (./rcm up does it)", root);
        else
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(root),
                OnPrepareResponse = c =>
                {
                    var headers = c.Context.Response.Headers;
                    if (c.Context.Request.Path.StartsWithSegments("/assets"))
                        headers.CacheControl = "public, max-age=31536000, immutable";
                    else
                        headers.CacheControl = "no-cache";
                    headers.ContentSecurityPolicy = Policy;
                    headers.XFrameOptions = "DENY";
                },
            });

        // The page for "/" and for every path that is neither a file (an extension) nor under /api: an unknown API path keeps the
        // answer it had before the portal (404, or 405 for a method its route does not take), never the page.
        var page = (HttpContext context) =>
        {
            if (!File.Exists(index))
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                    detail: "The staff portal is not built: run `npm ci && npm run build` in portal/ (./rcm up does it).");
            var headers = context.Response.Headers;
            headers.CacheControl = "no-cache";
            headers.ContentSecurityPolicy = Policy;
            headers.XFrameOptions = "DENY";
            return Results.File(index, "text/html; charset=utf-8");
        };
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], page).ExcludeFromDescription();
        // Not a catch-all route: a route matching every path would turn a wrong method on an unknown path into 405. Only a GET that
        // no route and no file took (the endpoint is still null here, before the endpoint middleware) becomes the page.
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (context.GetEndpoint() is null && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && !request.Path.StartsWithSegments("/api") && !Path.HasExtension(request.Path.Value ?? ""))
            {
                await page(context).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }
}
