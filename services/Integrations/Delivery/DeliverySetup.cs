using RevenueCycle.Integrations.Catalogue;
using RevenueCycle.Integrations.Subscriptions;

namespace RevenueCycle.Integrations.Delivery;

public static class DeliverySetup
{
    /// <summary>The settings, the secret box (which refuses to start without its key), the SSRF-guarded client and the worker.</summary>
    public static WebApplicationBuilder AddWebhookDelivery(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IntegrationsOptions>().Bind(builder.Configuration.GetSection("Integrations"));
        builder.Services.AddSingleton<SecretBox>();
        builder.Services.AddSingleton<UrlGuard>();
        builder.Services.AddSingleton<PublicEvents>();
        builder.Services.AddHttpClient(DeliveryWorker.Client, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<UrlGuard>().ConnectAsync,
                // A redirect is not followed: the receiver's URL is the one the practice saved and the guard checked.
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        builder.Services.AddHostedService<DeliveryWorker>();
        return builder;
    }
}
