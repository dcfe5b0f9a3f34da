using RevenueCycle.ClearinghouseSimulator.Access;
using RevenueCycle.ClearinghouseSimulator.Mailbox;
using RevenueCycle.ClearinghouseSimulator.Remittances;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.ClearinghouseSimulator.Submissions;
using RevenueCycle.ServiceDefaults;

// The simulator plays the outside world (clearinghouse and payers): it is not behind the gateway
// and takes no internal token, as a real clearinghouse would not; it checks its own submitters' and operator's credentials.
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
builder.Services.AddSingleton(new SimulatorKeys(builder.Configuration));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ClaimFileProcessor>();
builder.Services.AddHostedService<ClaimFileLoop>();
builder.Services.AddHostedService<RemittanceLoop>();

var app = builder.Build();
app.UseServiceDefaults(defaults);
app.UseMiddleware<SimulatorAccessMiddleware>();
app.MapGroup("/clearinghouse").MapClearinghouse().WithTags("Clearinghouse");
app.MapGroup("/simulator").MapSimulatorSettings().MapReceived().MapMailboxDelivery().WithTags("Simulator");
app.Run();

public partial class Program;
