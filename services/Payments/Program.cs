using RevenueCycle.Payments.Aging;
using RevenueCycle.Payments.Claims;
using RevenueCycle.Payments.Deposits;
using RevenueCycle.Payments.Exceptions;
using RevenueCycle.Payments.Ledger;
using RevenueCycle.Payments.Mailbox;
using RevenueCycle.Payments.Patients;
using RevenueCycle.Payments.Remittances;
using RevenueCycle.ServiceDefaults;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.WorkQueues;
using RevenueCycle.ServiceDefaults.Clearinghouse;

var defaults = new ServiceDefaultsOptions
{
    ServiceName = "payments",
    Database = "payments",
    MigrationsAssembly = typeof(Program).Assembly,
    Consumers = bus =>
    {
        bus.AddConsumer<ClaimSubmittedConsumer>();
        bus.AddConsumer<PatientPaymentReceivedConsumer>();
        bus.AddConsumer<PatientRefundIssuedConsumer>();
        bus.AddConsumer<PatientBalanceChangedConsumer>();
        bus.AddConsumer<ClaimWrittenOffConsumer>();
    },
};

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaults);
builder.Services.AddSingleton<RemittanceImporter>();
builder.Services.AddOptions<RemittancePostingOptions>().Bind(builder.Configuration.GetSection("Remittances"));
builder.Services.AddSingleton<RemittancePostingService>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<RemittancePostingService>());
// Answers that name claims but not their patients (acknowledgement exceptions, batches, ledgers) disclose the claims' patients.
builder.Services.AddSingleton<RevenueCycle.ServiceDefaults.Http.IPatientsOfClaims>(sp =>
    new RevenueCycle.ServiceDefaults.Http.PatientsOfClaimsTable(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), "claim_id"));
builder.Services.AddClearinghouse(builder.Configuration);
builder.Services.AddOptions<MailboxOptions>().Bind(builder.Configuration.GetSection("Mailbox"));
builder.Services.AddHostedService<MailboxCollector>();

var app = builder.Build();
app.UseServiceDefaults(defaults);
app.MapGroup("/api/remittances").MapRemittances().WithTags("Remittances").RequireAuthorization(Policies.Remittances);
app.MapGroup("/api/payments").MapLedger().MapArAging().MapMeasures().WithTags("Payments").RequireAuthorization(Policies.PaymentsWork);
app.MapGroup("/api/payments").MapCreditBalances().MapProviderLedger().WithTags("Credit balances and provider-level adjustments").RequireAuthorization(Policies.PaymentsWork);
app.MapGroup("/api/payments/exceptions").MapPostingExceptions().WithTags("Posting exceptions").RequireAuthorization(Policies.PaymentsWork);
app.MapGroup("/api/payments/deposits").MapDeposits().WithTags("Deposits").RequireAuthorization(Policies.PaymentsWork);
app.MapWorkQueues(RevenueCycle.Payments.WorkQueues.PaymentsQueues.All);
app.MapGroup("/api/payments/deposits/settings").MapDepositSettings().WithTags("Deposits").RequireAuthorization(Policies.PaymentsWork);
app.MapGroup("/api/payments").MapDepositReconciliation().WithTags("Deposits").RequireAuthorization(Policies.PaymentsWork);
app.Run();

public partial class Program;
