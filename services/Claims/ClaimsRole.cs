using MassTransit;
using RevenueCycle.Claims.Acknowledgements;
using RevenueCycle.Claims.Appeals;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Corrections;
using RevenueCycle.Claims.Denials;
using RevenueCycle.Claims.Scrubbing;
using RevenueCycle.Claims.StatusChecks;
using RevenueCycle.Claims.Submission;

namespace RevenueCycle.Claims;

/// <summary>
/// What this process runs. The submission worker scales on its own: operations start more processes of
/// this same assembly with <c>Claims__Role=submission-worker</c>; they compete on one queue.
/// </summary>
public sealed record ClaimsRole(bool RunsApi, bool RunsSubmissionWorker)
{
    public static ClaimsRole From(IConfiguration configuration) => (configuration["Claims:Role"] ?? "all") switch
    {
        "all" => new(true, true),
        "api" => new(true, false),
        "submission-worker" => new(false, true),
        var other => throw new InvalidOperationException($"Claims:Role '{other}' is not all, api or submission-worker."),
    };

    public static void AddApiConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<EncounterCodedConsumer>();
        bus.AddConsumer<PracticeProfileChangedConsumer>();
        bus.AddConsumer<CoverageChangedConsumer>();
        bus.AddConsumer<ClaimPaymentPostedConsumer>();
        bus.AddConsumer<InsuranceOverpaymentPostedConsumer>();
        bus.AddConsumer<ClaimCorrectionCodedConsumer>();
        bus.AddConsumer<ClaimCorrectionRefusedConsumer>();
    }

    public static void AddApiServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AcknowledgementOptions>().Bind(configuration.GetSection("Claims:Acknowledgements"));
        services.AddHostedService<AcknowledgementCollector>();
        services.AddTransient<StatusChecks.StatusCheckSender>();
        services.AddSingleton<StatusChecks.StatusCheckScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusChecks.StatusCheckScheduler>());
    }
}

public static class ClaimsApi
{
    public static RouteGroupBuilder MapClaimsApi(this RouteGroupBuilder group)
    {
        group.MapClaims();
        group.MapSubmission();
        group.MapDenials();
        group.MapCorrections();
        group.MapAppeals();
        group.MapStatusChecks();
        return group;
    }
}
