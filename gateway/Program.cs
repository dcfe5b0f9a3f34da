using System.Threading.RateLimiting;
using Microsoft.AspNetCore.OpenApi;
using RevenueCycle.Gateway.Access;
using RevenueCycle.Gateway.Admin;
using RevenueCycle.Gateway.Portal;
using RevenueCycle.Gateway.Proxy;
using RevenueCycle.Gateway.Staff;
using RevenueCycle.Gateway.WorkQueues;
using RevenueCycle.ServiceDefaults;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddTelemetry("gateway", "Yarp.ReverseProxy");
builder.AddServiceDatabase("gateway", typeof(Program).Assembly);
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => ServiceDefaults.ConfigureJson(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddExceptionHandler<RevenueCycle.ServiceDefaults.Http.ProblemExceptionHandler>();
builder.Services.AddHealthChecks().AddCheck<RevenueCycle.ServiceDefaults.DatabaseHealthCheck>("database", tags: ["ready"]);
builder.Services.AddSingleton<InternalToken>();
builder.Services.AddSingleton(OffsetClock.For(builder.Configuration, builder.Environment));
builder.Services.AddSingleton<StaffSessions>();
builder.Services.AddHostedService<StaffRetention>();
builder.Services.AddSingleton<ApiKeyCache>().AddHostedService(sp => sp.GetRequiredService<ApiKeyCache>());
builder.Services.AddOptions<AuditOptions>().Bind(builder.Configuration.GetSection("Audit"));
builder.Services.AddSingleton<AuditLog>().AddHostedService(sp => sp.GetRequiredService<AuditLog>());
var refusals = new KestrelRefusals();
builder.Logging.AddProvider(refusals);
builder.Logging.AddFilter<KestrelRefusals>(KestrelRefusals.Category, LogLevel.Debug);
builder.Services.AddSingleton<MergedOpenApi>().AddHttpClient("openapi", c => c.Timeout = TimeSpan.FromSeconds(15)); // a loaded service still answers; a partial document is never cached
builder.Services.AddOpenApi(o => o.PublishStringsAsStrings().AddOperationTransformer(StaffOpenApi.Describe));
builder.Services.AddWorkQueueCounts();
builder.Services.AddReverseProxy().AddRevenueCycleRoutes(builder.Configuration);

var limits = builder.Configuration.GetSection("Gateway:RateLimit");
var permitsPerSecond = limits.GetValue("PermitsPerSecond", 200);
var burst = limits.GetValue("Burst", 400);
builder.Services.AddRateLimiter(o =>
{
    // Per API key, a token bucket: generous enough for a PM system's bulk sync, bounded for everyone else.
    o.GlobalLimiter = new RecreatingRateLimiter<HttpContext>(PartitionedRateLimiter.Create<HttpContext, string>(context =>
        ((context.Items[AccessMiddleware.KeyItem] as ResolvedKey)?.KeyId ?? (context.Items[Caller.Item] as Caller)?.UserId) is { } partition
            ? RateLimitPartition.GetTokenBucketLimiter(partition.ToString(), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = permitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter("anonymous")));
    o.OnRejected = async (context, ct) =>
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString();
        await Results.Problem(title: "Too many requests", statusCode: 429,
            detail: $"This API key is limited to {permitsPerSecond} requests a second (bursts of {burst}); retry after {retryAfter} s.")
            .ExecuteAsync(context.HttpContext);
    };
});
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long>("Gateway:MaxRequestBodyBytes", 50L * 1024 * 1024);
    k.AddServerHeader = false;
    k.ConfigureEndpointDefaults(listen => listen.Use(refusals.Track));
});

var app = builder.Build();
refusals.WriteTo(app.Services.GetRequiredService<AuditLog>());
app.UseMiddleware<SecurityHeaders>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<AccessMiddleware>();
app.UseRateLimiter();
app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
app.MapOpenApi("/openapi/gateway.json");
app.MapGet("/openapi/v1.json", async (MergedOpenApi doc, IServiceProvider services, HttpContext context) =>
{
    var own = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync(context.RequestAborted);
    using var writer = new StringWriter();
    own.SerializeAsV31(new Microsoft.OpenApi.OpenApiJsonWriter(writer));
    return Results.Content(await doc.GetAsync(writer.ToString(), context.RequestAborted), "application/json");
}).ExcludeFromDescription();
app.MapScalarApiReference("/scalar", o => o.WithTitle("RevenueCycle API").WithOpenApiRoutePattern("/openapi/v1.json"));
app.MapGroup("/api/admin").MapAdmin().WithTags("Admin");
app.UseWhen(c => c.Request.Path.StartsWithSegments(UsersEndpoints.Prefix) || c.Request.Path.StartsWithSegments(AuthEndpoints.Prefix)
    || c.Request.Path.StartsWithSegments(PracticeAuditEndpoints.Path), staff => staff
    .UseMiddleware<ReadJsonBodyFirstMiddleware>().UseMiddleware<QueryGuardMiddleware>());
app.MapGroup(UsersEndpoints.Prefix).MapStaffUsers().WithTags("Staff users")
    .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
app.MapGroup(AuthEndpoints.Prefix).MapStaffAuth().WithTags("Staff sign-in")
    .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
app.MapWorkQueueCounts();
app.MapPracticeAudit();
app.MapReverseProxy();
app.MapPortal();
app.Run();

public partial class Program;
