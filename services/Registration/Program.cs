using RevenueCycle.Registration.Coverage;
using RevenueCycle.Registration.Eligibility;
using RevenueCycle.Registration.Encounters;
using RevenueCycle.Registration.Patients;
using RevenueCycle.Registration.Payers;
using RevenueCycle.Registration.Practice;
using RevenueCycle.Registration.Providers;
using RevenueCycle.ServiceDefaults;
using RevenueCycle.ServiceDefaults.Auth;
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
app.MapGroup("/api/practice").MapPractice().MapRegistrationSettings().WithTags("Practice").RequireAuthorization(Policies.PracticeSetup);
app.MapGroup("/api/providers").MapProviders().WithTags("Providers").RequireAuthorization(Policies.PracticeSetup);
app.MapGroup("/api/payers").MapPayers().WithTags("Payers").RequireAuthorization(Policies.PracticeSetup);
app.MapGroup("/api/patients").MapPatients().MapPatientCoverages().WithTags("Patients").RequireAuthorization(Policies.PatientRegistration);
app.MapGroup("/api/coverages").MapCoverages().MapCoverageEligibility().WithTags("Coverages").RequireAuthorization(Policies.PatientRegistration);
app.MapGroup("/api/encounters").MapEncounters().WithTags("Encounters").RequireAuthorization(Policies.Encounters);
app.Run();

public partial class Program;
