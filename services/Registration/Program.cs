using RevenueCycle.Registration.Patients;
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
app.MapGroup("/api/patients").MapPatients().WithTags("Patients");
app.Run();

public partial class Program;
