using RevenueCycle.Integrations;
using RevenueCycle.Integrations.Catalogue;
using RevenueCycle.Integrations.Delivery;
using RevenueCycle.Integrations.Feed;
using RevenueCycle.Integrations.Subscriptions;
using RevenueCycle.ServiceDefaults;
using RevenueCycle.ServiceDefaults.Auth;

var builder = WebApplication.CreateBuilder(args);
var defaults = new ServiceDefaultsOptions
{
    ServiceName = "integrations",
    Database = "integrations",
    MigrationsAssembly = typeof(Program).Assembly,
    Consumers = bus => PublicEventConsumers.Add(bus, PublicEventConsumers.QueueName(builder.Configuration)),
};

builder.AddServiceDefaults(defaults);
builder.AddWebhookDelivery();

var app = builder.Build();
app.UseServiceDefaults(defaults);
app.MapGroup("/api/webhooks").MapWebhooks().MapDeliveries().WithTags("Webhooks").RequireAuthorization(Policies.PracticeAdmin);
app.MapGroup("/api/events").MapFeed().WithTags("Change feed").RequireAuthorization(Policies.ChangeFeed);
app.Run();

public partial class Program;
