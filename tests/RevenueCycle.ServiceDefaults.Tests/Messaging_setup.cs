using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.ServiceDefaults.Tests;

public sealed class Messaging_setup
{
    [Fact]
    public void A_service_bus_sends_no_usage_telemetry_to_MassTransit()
    {
        // MassTransit 8.4+ posts the bus's configuration to usage-tracking.masstransit.io unless disabled
        // (https://masstransit.io/documentation/configuration/usage-telemetry): a service holding patients' data calls no one
        // it was not configured to. The bus is only registered here, never started.
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddMessaging("test", null);
        using var services = builder.Services.BuildServiceProvider();
        Assert.False(services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
