using System.Globalization;
using RevenueCycle.PatientBilling.Accounts;
using RevenueCycle.PatientBilling.Aging;
using RevenueCycle.PatientBilling.Claims;
using RevenueCycle.PatientBilling.Payments;
using RevenueCycle.PatientBilling.Plans;
using RevenueCycle.PatientBilling.Practice;
using RevenueCycle.PatientBilling.Settings;
using RevenueCycle.PatientBilling.Statements;
using RevenueCycle.ServiceDefaults;
using RevenueCycle.ServiceDefaults.Auth;

// Statements print amounts and dates; they must not change with the host's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

var defaults = new ServiceDefaultsOptions
{
    ServiceName = "patient-billing",
    Database = "patient_billing",
    MigrationsAssembly = typeof(Program).Assembly,
    Consumers = bus =>
    {
        bus.AddConsumer<PatientRegisteredConsumer>();
        bus.AddConsumer<PatientUpdatedConsumer>();
        bus.AddConsumer<PracticeProfileChangedConsumer>();
        bus.AddConsumer<ClaimSubmittedConsumer>();
        bus.AddConsumer<ClaimPaymentPostedConsumer>();
    },
};

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaults);

var app = builder.Build();
app.UseServiceDefaults(defaults);
app.MapGroup("/api/patient-billing/accounts").MapAccounts().MapRefundsAndAdjustments().MapPaymentPlans().WithTags("Patient accounts").RequireAuthorization(Policies.PatientBilling);
app.MapGroup("/api/patient-billing/accounts").MapPayments().WithTags("Patient accounts").RequireAuthorization(Policies.PatientPayments);
app.MapGroup("/api/patient-billing/statements").MapStatements().WithTags("Statements").RequireAuthorization(Policies.PatientBilling);
app.MapGroup("/api/patient-billing/plans").MapPlans().WithTags("Payment plans").RequireAuthorization(Policies.PatientBilling);
app.MapGroup("/api/patient-billing/aging").MapAging().WithTags("Aging").RequireAuthorization(Policies.PatientBilling);
app.MapGroup("/api/patient-billing/settings").MapSettings().WithTags("Billing settings").RequireAuthorization(Policies.PracticeAdmin);
app.Run();

public partial class Program;
