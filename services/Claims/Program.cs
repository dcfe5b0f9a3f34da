using RevenueCycle.Claims;
using RevenueCycle.Claims.Acknowledgements;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.PayerContracts;
using RevenueCycle.Claims.FeeSchedule;
using RevenueCycle.Claims.Measures;
using RevenueCycle.Claims.Scrubbing;
using RevenueCycle.Claims.StatusChecks;
using RevenueCycle.Claims.Submission;
using RevenueCycle.ServiceDefaults;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.WorkQueues;

var builder = WebApplication.CreateBuilder(args);
// Claims:Role = all (default: API, consumers, submission worker, acknowledgement collector),
// api (everything but the submission worker), or submission-worker (only the submission queue; health endpoints only).
var role = ClaimsRole.From(builder.Configuration);
var submissionQueue = SubmissionQueue.QueueName(builder.Configuration);

var defaults = new ServiceDefaultsOptions
{
    // Another name gives a separate set of event queues (a second, isolated Claims beside the platform's, as in tests).
    ServiceName = builder.Configuration["Claims:ServiceName"] ?? "claims",
    Database = "claims",
    MigrationsAssembly = typeof(Program).Assembly,
    Consumers = bus =>
    {
        if (role.RunsApi) ClaimsRole.AddApiConsumers(bus);
        if (role.RunsSubmissionWorker) bus.AddConsumer<SubmitPendingClaimsConsumer>().Endpoint(e => e.Name = submissionQueue);
    },
};

builder.AddServiceDefaults(defaults);
// Answers that name claims but not their patients (acknowledgement exceptions, batches, ledgers) disclose the claims' patients.
builder.Services.AddSingleton<RevenueCycle.ServiceDefaults.Http.IPatientsOfClaims>(sp =>
    new RevenueCycle.ServiceDefaults.Http.PatientsOfClaimsTable(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), "id"));
builder.Services.AddOptions<SubmissionOptions>().Bind(builder.Configuration.GetSection("Claims:Submission"));
ClearinghouseAdapter.Register(builder.Services, builder.Configuration);
builder.Services.AddTransient<BatchSubmitter>();
if (role.RunsSubmissionWorker) builder.Services.AddHostedService<SubmissionSweeper>();
if (role.RunsApi) ClaimsRole.AddApiServices(builder.Services, builder.Configuration);

var app = builder.Build();
app.UseServiceDefaults(defaults);
if (role.RunsApi)
{
    app.MapGroup("/api/claims/fee-schedule").MapFeeSchedule().WithTags("Fee schedule").RequireAuthorization(Policies.ClaimsWork);
    app.MapGroup("/api/claims/payer-rules").MapPayerRules().WithTags("Payer rules").RequireAuthorization(Policies.ClaimsWork);
    app.MapGroup("/api/claims/settings").MapSettings().WithTags("Claims settings").RequireAuthorization(Policies.PracticeAdmin);
    app.MapGroup("/api/claims/batches").MapBatches().WithTags("837P batches").RequireAuthorization(Policies.ClaimsWork);
    app.MapGroup("/api/claims/measures").MapMeasures().WithTags("Measures").RequireAuthorization(Policies.ClaimsWork);
    app.MapGroup("/api/claims/contracts").MapContracts().WithTags("Payer contracts").RequireAuthorization(Policies.ClaimsWork);
    app.MapGroup("/api/claims/reference-schedules").MapReferenceSchedules().WithTags("Payer contracts").RequireAuthorization(Policies.ClaimsWork);
    app.MapGroup("/api/claims/underpayments").MapUnderpayments().WithTags("Underpayments").RequireAuthorization(Policies.ClaimsWork);
    app.MapGroup("/api/claims/acknowledgements").MapAcknowledgementExceptions().WithTags("Acknowledgements").RequireAuthorization(Policies.ClaimsWork);
    app.MapGroup("/api/claims/follow-up").MapFollowUp().WithTags("A/R follow-up").RequireAuthorization(Policies.ClaimsWork);
    app.MapGroup("/api/claims/status-checks").MapStatusCheckRuns().WithTags("Claim status checks").RequireAuthorization(Policies.PracticeAdmin);
    app.MapWorkQueues(RevenueCycle.Claims.WorkQueues.ClaimsQueues.All);
    app.MapGroup("/api/claims").MapClaimsApi().WithTags("Claims").RequireAuthorization(Policies.ClaimsWork);
}
app.Run();

public partial class Program;
