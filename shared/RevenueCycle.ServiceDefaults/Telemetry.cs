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
        AddQuietLogDefaults(builder);
        // Spans and metrics nobody collects are only cost: every request, SQL command and message would still record them. Without an
        // OTLP endpoint there is nothing to export to, so nothing is recorded (W3C trace context still passes through requests).
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            return;
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
        otel.UseOtlpExporter();
    }

    /// <summary>
    /// Log levels for the libraries on the hot path, as the lowest-priority configuration: Npgsql logs every command, ASP.NET Core,
    /// YARP, HttpClient and Polly every request and attempt at Information, which was a tenth of the platform's CPU per encounter under
    /// load (issue 20). Warnings and errors still show; any of them is raised again with configuration, e.g.
    /// <c>Logging__LogLevel__Npgsql=Information</c>.
    /// </summary>
    static void AddQuietLogDefaults(WebApplicationBuilder builder)
    {
        Dictionary<string, string?> defaults = new()
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Npgsql"] = "Warning",
            ["Logging:LogLevel:Yarp"] = "Warning",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
            ["Logging:LogLevel:Polly"] = "Warning",
        };
        ((Microsoft.Extensions.Configuration.IConfigurationBuilder)builder.Configuration).Sources.Insert(0,
            new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
    }
}
