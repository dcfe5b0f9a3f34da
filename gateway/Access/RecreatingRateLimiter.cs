using System.Threading.RateLimiting;

namespace RevenueCycle.Gateway.Access;

/// <summary>
/// A partitioned rate limiter whose partitions' clean-up cannot fail a request. <see cref="PartitionedRateLimiter.Create{TResource, TPartitionKey}"/>
/// removes a partition idle for 10 seconds (a full token bucket) from its table and then disposes it, on its own timer; a request that
/// looked the partition up just before uses a disposed limiter and gets <see cref="ObjectDisposedException"/> (dotnet/runtime#99865), which
/// reached clients as a 500 from the gateway. The partition is gone from the table by then, so looking again makes a new one: full, as the
/// idle one was, so no limit is lost. Only a disposed partition is retried, a few times; the whole limiter disposed still throws.
/// </summary>
public sealed class RecreatingRateLimiter<TResource>(PartitionedRateLimiter<TResource> inner) : PartitionedRateLimiter<TResource>
{
    const int Attempts = 4;
    bool disposed;

    public override RateLimiterStatistics? GetStatistics(TResource resource) => Retry(() => inner.GetStatistics(resource));

    protected override RateLimitLease AttemptAcquireCore(TResource resource, int permitCount) => Retry(() => inner.AttemptAcquire(resource, permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(TResource resource, int permitCount, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await inner.AcquireAsync(resource, permitCount, cancellationToken);
            }
            catch (ObjectDisposedException) when (attempt < Attempts && !disposed)
            {
            }
        }
    }

    T Retry<T>(Func<T> use)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return use();
            }
            catch (ObjectDisposedException) when (attempt < Attempts && !disposed)
            {
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        disposed = true;
        if (disposing) inner.Dispose();
    }

    protected override ValueTask DisposeAsyncCore()
    {
        disposed = true;
        return inner.DisposeAsync();
    }
}
