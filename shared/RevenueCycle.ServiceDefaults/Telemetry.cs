using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.ServiceDefaults;

public static class Telemetry
{
    /// <summary>
    /// Traces and metrics from ASP.NET Core, HttpClient, Npgsql, MassTransit and the outbox relay
    /// (YARP adds its own in the gateway), exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    /// </summary>
    public static void AddTelemetry(this WebApplicationBuilder builder, string serviceName, params string[] extraSources)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("MassTransit", OutboxRelay.Source.Name)
                .AddSource(extraSources))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", "Npgsql")
                .AddMeter(extraSources));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.UseOtlpExporter();
    }
}
