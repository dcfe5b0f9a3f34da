using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.ServiceDefaults;

public sealed class ServiceDefaultsOptions
{
    /// <summary>Kebab-case service name: queue prefix, telemetry service name.</summary>
    public required string ServiceName { get; init; }
    /// <summary>The service's own database (created when missing), or null for none.</summary>
    public string? Database { get; init; }
    /// <summary>Where the service's embedded <c>Migrations/*.sql</c> live.</summary>
    public Assembly? MigrationsAssembly { get; init; }
    /// <summary>Registers the service's MassTransit consumers; null for a service without a bus.</summary>
    public Action<IBusRegistrationConfigurator>? Consumers { get; init; }
    public bool UsesBus { get; init; } = true;
    /// <summary>Whether requests must carry the gateway's signed token (false only for the simulator).</summary>
    public bool RequiresInternalToken { get; init; } = true;
}

public static class ServiceDefaults
{
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, ServiceDefaultsOptions options)
    {
        builder.AddTelemetry(options.ServiceName);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.TraceId.ToString()));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Kestrel's own default (30,000,000 bytes) is below the gateway's body limit (Gateway:MaxRequestBodyBytes, 50 MiB): a body between
        // the two passed the gateway, was cut off here with the connection closed, and the gateway answered 502. The same limit on both
        // sides makes the gateway the one that refuses (413); endpoints that take larger files raise it for themselves.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k =>
            k.Limits.MaxRequestBodySize = Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue<long>(builder.Configuration, "Http:MaxRequestBodyBytes", 50L * 1024 * 1024));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddOpenApi(o => o.PublishStringsAsStrings().AddOperationTransformer(RequiredRolesInOpenApi.Describe));

        var health = builder.Services.AddHealthChecks();
        if (options.Database is not null)
        {
            builder.AddServiceDatabase(options.Database, options.MigrationsAssembly ?? Assembly.GetEntryAssembly()!);
            health.AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
            builder.Services.AddOptions<RetentionOptions>().Bind(builder.Configuration.GetSection("Retention"));
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<Retention>().AddHostedService(sp => sp.GetRequiredService<Retention>());
        }
        if (options.UsesBus) builder.AddMessaging(options.ServiceName, options.Consumers);

        if (options.RequiresInternalToken)
        {
            builder.Services.AddSingleton<InternalToken>();
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
            builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Configure<InternalToken>((o, token) =>
                {
                    o.MapInboundClaims = false;
                    o.TokenValidationParameters = token.ValidationParameters();
                });
            // Roles are enforced here too, not only by the gateway's table: a request that reaches a service some other way
            // with a genuine token still gets no more than its roles allow.
            builder.Services.AddAuthorizationBuilder().AddRevenueCyclePolicies();
            builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, RoleRequirementHandler>();
            builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ForbiddenNamesTheRoles>();
        }
        return builder;
    }

    /// <summary>
    /// camelCase, and strict: an unknown field, or null for a non-nullable one, is a 400 rather than a silent
    /// default. A field left out arrives as null/default and the endpoint's validation names it.
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.RespectNullableAnnotations = true;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        json.Converters.Add(new Http.PlainTextStringConverter());
        json.TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.WithAddedModifier(
            json.TypeInfoResolver ?? new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(), Http.NoNullElements.Reject);
    }

    public static WebApplication UseServiceDefaults(this WebApplication app, ServiceDefaultsOptions options)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<Http.ReadJsonBodyFirstMiddleware>();
        app.UseMiddleware<Http.QueryGuardMiddleware>();
        if (options.RequiresInternalToken)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        // Outside the idempotency keys: an answer replayed from its key discloses its patients again.
        app.UseMiddleware<PatientDisclosureMiddleware>();
        if (options.Database is not null) app.UseMiddleware<IdempotencyMiddleware>();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}

/// <summary>Ready when the service's database answers.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var cmd = db.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is unreachable", e);
        }
    }
}
