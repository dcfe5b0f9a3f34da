using RevenueCycle.Registration.Coverage;
using RevenueCycle.Registration.Eligibility;
using RevenueCycle.Registration.Encounters;
using RevenueCycle.Registration.Patients;
using RevenueCycle.Registration.Payers;
using RevenueCycle.Registration.Practice;
using RevenueCycle.Registration.Providers;
using RevenueCycle.ServiceDefaults;
using RevenueCycle.ServiceDefaults.Clearinghouse;

var defaults = new ServiceDefaultsOptions
{
    ServiceName = "registration",
    Database = "registration",
    MigrationsAssembly = typeof(Program).Assembly,
};

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaults);
builder.Services.AddClearinghouse(builder.Configuration);
builder.Services.AddScoped<EligibilityChecks>();
builder.Services.AddSingleton<EligibilityQueue>();
builder.Services.AddHostedService<EligibilityWorker>();

var app = builder.Build();
app.UseServiceDefaults(defaults);
app.MapGroup("/api/practice").MapPractice().MapRegistrationSettings().WithTags("Practice");
app.MapGroup("/api/providers").MapProviders().WithTags("Providers");
app.MapGroup("/api/payers").MapPayers().WithTags("Payers");
app.MapGroup("/api/patients").MapPatients().MapPatientCoverages().WithTags("Patients");
app.MapGroup("/api/coverages").MapCoverages().MapCoverageEligibility().WithTags("Coverages");
app.MapGroup("/api/encounters").MapEncounters().WithTags("Encounters");
app.Run();

public partial class Program;
