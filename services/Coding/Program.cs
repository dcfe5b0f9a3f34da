using RevenueCycle.ServiceDefaults;

var defaults = new ServiceDefaultsOptions
{
    ServiceName = "coding",
    Database = "coding",
    MigrationsAssembly = typeof(Program).Assembly,
};

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaults);

var app = builder.Build();
app.UseServiceDefaults(defaults);
app.Run();

public partial class Program;
