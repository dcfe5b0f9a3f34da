using RevenueCycle.Coding.Audits;
using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Corrections;
using RevenueCycle.Coding.Imports;
using RevenueCycle.Coding.Lookup;
using RevenueCycle.Coding.Worklist;
using RevenueCycle.ServiceDefaults;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.WorkQueues;

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
app.MapGroup("/api/coding").MapWorklist().MapCodingCorrections().RequireAuthorization(Policies.Coding);
app.MapWorkQueues(RevenueCycle.Coding.WorkQueues.CodingQueues.All);
app.MapGroup("/api/coding").MapCodeSets().MapImports().RequireAuthorization(Policies.CodeSets);
app.MapGroup("/api/coding").MapSuggestions().RequireAuthorization(Policies.CodingSuggestions);
app.MapGroup("/api/coding").MapAudits().RequireAuthorization(Policies.CodingAudits);
app.Run();

public partial class Program;
