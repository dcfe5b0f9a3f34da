using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RevenueCycle.ServiceDefaults.Messaging;

public static class MessagingSetup
{
    /// <summary>Delays between in-process redeliveries; Debian's RabbitMQ has no delayed-message plugin.</summary>
    public static readonly TimeSpan[] RetryIntervals =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10)];

    /// <summary>
    /// MassTransit over RabbitMQ: queues named <c>{service}-{consumer}</c> in kebab case so two
    /// services consuming one event each get their own copy; retries with intervals, then the
    /// queue's <c>_error</c> queue; and the outbox relay.
    /// </summary>
    public static void AddMessaging(this WebApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? consumers)
    {
        var rabbit = builder.Configuration.GetSection("RabbitMq");
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection("Outbox"));
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            // MassTransit 8.4+ reports the bus's configuration to usage-tracking.masstransit.io after start unless told not to. A
            // platform holding patients' data calls out to no one it was not configured for (and here, with no internet, each
            // service logged the failed look-up of that name once a start).
            x.DisableUsageTelemetry();
            consumers?.Invoke(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit["Host"] ?? "127.0.0.1", rabbit.GetValue<ushort?>("Port") ?? 5673, rabbit["VirtualHost"] ?? "/", h =>
                {
                    h.Username(rabbit["Username"] ?? "guest");
                    h.Password(rabbit["Password"] ?? "guest");
                });
                cfg.UseMessageRetry(r => r.Intervals(RetryIntervals));
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddHostedService<OutboxRelay>();
    }
}
