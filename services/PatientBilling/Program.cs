using RevenueCycle.PatientBilling.Accounts;
using RevenueCycle.ServiceDefaults;

var defaults = new ServiceDefaultsOptions
{
    ServiceName = "patient-billing",
    Database = "patient_billing",
    MigrationsAssembly = typeof(Program).Assembly,
    Consumers = bus => bus.AddConsumer<PatientRegisteredConsumer>(),
};

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaults);

var app = builder.Build();
app.UseServiceDefaults(defaults);
app.MapGroup("/api/patient-billing/accounts").MapAccounts().WithTags("Patient accounts");
app.Run();

public partial class Program;
