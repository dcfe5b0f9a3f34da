using RevenueCycle.ServiceDefaults;

// The simulator plays the outside world (clearinghouse and payers): it is not behind the gateway
// and takes no internal token, as a real clearinghouse would not.
var defaults = new ServiceDefaultsOptions
{
    ServiceName = "clearinghouse-simulator",
    Database = "clearinghouse_simulator",
    MigrationsAssembly = typeof(Program).Assembly,
    UsesBus = false,
    RequiresInternalToken = false,
};

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaults);

var app = builder.Build();
app.UseServiceDefaults(defaults);
app.Run();

public partial class Program;
