using RevenueCycle.Registration.Coverage;
using RevenueCycle.Registration.Encounters;
using RevenueCycle.Registration.Patients;
using RevenueCycle.Registration.Payers;
using RevenueCycle.Registration.Practice;
using RevenueCycle.Registration.Providers;
using RevenueCycle.ServiceDefaults;

var defaults = new ServiceDefaultsOptions
{
    ServiceName = "registration",
    Database = "registration",
    MigrationsAssembly = typeof(Program).Assembly,
};

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaults);

var app = builder.Build();
app.UseServiceDefaults(defaults);
app.MapGroup("/api/practice").MapPractice().WithTags("Practice");
app.MapGroup("/api/providers").MapProviders().WithTags("Providers");
app.MapGroup("/api/payers").MapPayers().WithTags("Payers");
app.MapGroup("/api/patients").MapPatients().MapPatientCoverages().WithTags("Patients");
app.MapGroup("/api/coverages").MapCoverages().WithTags("Coverages");
app.MapGroup("/api/encounters").MapEncounters().WithTags("Encounters");
app.Run();

public partial class Program;
