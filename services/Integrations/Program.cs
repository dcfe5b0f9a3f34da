using RevenueCycle.Integrations;
using RevenueCycle.Integrations.Catalogue;
using RevenueCycle.Integrations.Delivery;
using RevenueCycle.Integrations.Feed;
using RevenueCycle.Integrations.Subscriptions;
using RevenueCycle.ServiceDefaults;
using RevenueCycle.ServiceDefaults.Auth;

var defaults = new ServiceDefaultsOptions
{
    ServiceName = "integrations",
    Database = "integrations",
    MigrationsAssembly = typeof(Program).Assembly,
    Consumers = PublicEventConsumers.Add,
};

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaults);
builder.AddWebhookDelivery();

var app = builder.Build();
app.UseServiceDefaults(defaults);
app.MapGroup("/api/webhooks").MapWebhooks().MapDeliveries().WithTags("Webhooks").RequireAuthorization(Policies.PracticeAdmin);
app.MapGroup("/api/events").MapFeed().WithTags("Change feed").RequireAuthorization(Policies.ChangeFeed);
app.Run();

public partial class Program;
