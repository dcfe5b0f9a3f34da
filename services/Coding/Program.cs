using RevenueCycle.Coding.Audits;
using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Corrections;
using RevenueCycle.Coding.Imports;
using RevenueCycle.Coding.Lookup;
using RevenueCycle.Coding.Worklist;
using RevenueCycle.ServiceDefaults;

var defaults = new ServiceDefaultsOptions
{
    ServiceName = "coding",
    Database = "coding",
    MigrationsAssembly = typeof(Program).Assembly,
    Consumers = bus =>
    {
        bus.AddConsumer<EncounterCompletedConsumer>();
        bus.AddConsumer<ClaimCorrectionRequestedConsumer>();
    },
};

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaults);
// After the migrations (registered by AddServiceDefaults): hosted services start in order, before requests are served.
builder.Services.AddSingleton<CodeSetsState>();
builder.Services.AddHostedService<StarterCodeSetStartup>();
builder.Services.AddHealthChecks().AddCheck<CodeSetsHealthCheck>("code-sets", tags: ["ready"]);
builder.Services.AddSingleton<CodeSetImporter>();

var app = builder.Build();
app.UseServiceDefaults(defaults);
app.MapGroup("/api/coding").MapWorklist().MapCodingCorrections().MapCodeSets().MapImports().MapSuggestions().MapAudits();
app.Run();

public partial class Program;
