using MassTransit;

namespace RevenueCycle.Tools;

/// <summary>The broker user the services use (<c>RabbitMq__Username</c>/<c>__Password</c>, which <c>./rcm</c> exports): guest is gone.</summary>
static class BrokerCredentials
{
    public static void Apply(IRabbitMqHostConfigurator host)
    {
        host.Username(Environment.GetEnvironmentVariable("RabbitMq__Username") ?? "guest");
        host.Password(Environment.GetEnvironmentVariable("RabbitMq__Password") ?? "guest");
    }
}
