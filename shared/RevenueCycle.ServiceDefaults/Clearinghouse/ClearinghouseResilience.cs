using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace RevenueCycle.ServiceDefaults.Clearinghouse;

/// <summary>
/// How the services call the clearinghouse: an overall timeout, a timeout per attempt, retries only for
/// calls that are safe to repeat (GET, DELETE and the file POST, which the clearinghouse de-duplicates by
/// ISA13), and a circuit breaker so a dead clearinghouse is not hammered.
/// </summary>
public static class ClearinghouseResilience
{
    public const string ConfigurationKey = "Clearinghouse:SimulatorUrl";
    public const string DefaultSimulatorUrl = "http://127.0.0.1:5190"; // ./rcm's RCM_SIMULATOR_PORT default

    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(15);
    public const int MaxRetries = 2;

    /// <summary>Set on each request by <see cref="ClearinghouseClient"/>: whether the call may be retried.</summary>
    public static readonly HttpRequestOptionsKey<bool> Retryable = new("rcm.clearinghouse.retryable");

    /// <summary>Registers <see cref="ClearinghouseClient"/> against <c>Clearinghouse:SimulatorUrl</c>, with the submitters' credentials from <c>Clearinghouse:SubmitterKey</c>.</summary>
    public static IHttpClientBuilder AddClearinghouse(this IServiceCollection services, IConfiguration configuration)
    {
        var url = configuration[ConfigurationKey] is { Length: > 0 } configured ? configured : DefaultSimulatorUrl;
        services.AddSingleton(new SubmitterCredentials(configuration[SubmitterCredentials.ConfigurationKey]));
        var builder = services.AddHttpClient<ClearinghouseClient>(http =>
        {
            http.BaseAddress = new Uri(url.TrimEnd('/') + "/");
            // The resilience pipeline's total timeout governs; this only backs it up.
            http.Timeout = TotalTimeout + TimeSpan.FromSeconds(5);
        });
        builder.AddResilienceHandler("clearinghouse", pipeline =>
        {
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = TotalTimeout });
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetries,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Context.GetRequestMessage()?.Options.TryGetValue(Retryable, out var retryable) == true && retryable
                    && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            });
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 5,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = BreakDuration,
            });
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = AttemptTimeout });
        });
        return builder;
    }
}
