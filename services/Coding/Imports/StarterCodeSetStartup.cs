using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RevenueCycle.Coding.CodeSets;

namespace RevenueCycle.Coding.Imports;

/// <summary>
/// Loads the shipped starter code sets once the migrations ran (hosted services start in registration order,
/// and before the server takes requests), so a fresh install can code straight away.
/// </summary>
public sealed class StarterCodeSetStartup(NpgsqlDataSource db, CodeSetsState state, ILogger<StarterCodeSetStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var result = await StarterCodeSetLoader.LoadAsync(db, cancellationToken);
        if (result.AlreadyLoaded)
            logger.LogInformation("Starter code sets already loaded");
        else
            logger.LogInformation("Starter code sets loaded: {Added} codes added, {Updated} updated, {Ptp} NCCI PTP and {Mue} MUE edits written",
                result.CodesAdded, result.CodesUpdated, result.PtpEditsWritten, result.MueEditsWritten);
        state.Loaded = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class CodeSetsState
{
    public volatile bool Loaded;
}

/// <summary>Ready only once the code sets are in the database: without them every edit would report unknown codes.</summary>
public sealed class CodeSetsHealthCheck(CodeSetsState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Loaded ? HealthCheckResult.Healthy("code sets loaded") : HealthCheckResult.Unhealthy("code sets not loaded yet"));
}
