using System.Globalization;

namespace RevenueCycle.EndToEnd.Platform;

/// <summary>
/// A gateway of its own in front of the platform's services, whose clock the test moves (<c>Gateway__Testing__ClockOffsetFile</c>, accepted
/// in the Development environment only): session and link lifetimes are tested without waiting for them. One per test class (a static
/// field); the class's tests run one after another, each from wherever the last left the clock.
/// </summary>
public sealed class MovedClockGateway(string name)
{
    readonly string offsetFile = Path.Combine(Path.GetTempPath(), $"rcm-clock-{Guid.NewGuid():N}.txt");
    readonly SemaphoreSlim starting = new(1, 1);
    ServiceProcess? gateway;
    TimeSpan offset;

    public async Task<ServiceProcess> StartAsync(PlatformFixture platform)
    {
        await starting.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (gateway is null)
            {
                await File.WriteAllTextAsync(offsetFile, "0", TestContext.Current.CancellationToken);
                var environment = platform.CommonEnvironment();
                foreach (var (service, address) in platform.ServiceAddresses)
                    environment[$"Gateway__Services__{service}"] = address.ToString().TrimEnd('/');
                environment["Gateway__Testing__ClockOffsetFile"] = offsetFile;
                gateway = await platform.StartExtraAsync(name, "gateway", environment);
            }
            return gateway;
        }
        finally
        {
            starting.Release();
        }
    }

    /// <summary>Moves the gateway's clock on by <paramref name="by"/> (it reads the offset on every use).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        offset += by;
        await File.WriteAllTextAsync(offsetFile, offset.TotalSeconds.ToString(CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);
    }
}
