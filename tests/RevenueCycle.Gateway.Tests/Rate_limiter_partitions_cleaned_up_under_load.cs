using System.Threading.RateLimiting;
using RevenueCycle.Gateway.Access;

namespace RevenueCycle.Gateway.Tests;

/// <summary>
/// The gateway's rate limiters are partitioned by client address and by API key. <c>PartitionedRateLimiter.Create</c> removes a partition
/// idle for 10 s (a full token bucket) on its own 100 ms timer and disposes it; a request that looked the partition up just before used a
/// disposed limiter: ObjectDisposedException, a 500 (dotnet/runtime#99865; it failed the every-operation fuzzer once). Here each partition
/// is a real token bucket that reports itself idle for a minute (<see cref="AlwaysIdle"/>), so the runtime's own clean-up removes and
/// disposes every partition at each tick while requests use them.
/// </summary>
public sealed class Rate_limiter_partitions_cleaned_up_under_load
{
    /// <summary>A token bucket as the gateway's, that the partitioned limiter's clean-up always finds idle long enough to dispose.</summary>
    sealed class AlwaysIdle(Action created) : RateLimiter
    {
        readonly TokenBucketRateLimiter bucket = Made(created);

        static TokenBucketRateLimiter Made(Action created)
        {
            created();
            return new(new TokenBucketRateLimiterOptions { TokenLimit = 50, TokensPerPeriod = 10, ReplenishmentPeriod = TimeSpan.FromSeconds(1), AutoReplenishment = true });
        }

        public override TimeSpan? IdleDuration => TimeSpan.FromMinutes(1);
        public override RateLimiterStatistics? GetStatistics() => bucket.GetStatistics();
        protected override RateLimitLease AttemptAcquireCore(int permitCount) => bucket.AttemptAcquire(permitCount);
        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => bucket.AcquireAsync(permitCount, cancellationToken);
        protected override void Dispose(bool disposing) => bucket.Dispose();
        protected override ValueTask DisposeAsyncCore() => bucket.DisposeAsync();
    }

    static PartitionedRateLimiter<string> Cleaned(Action created) =>
        PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.Get(address, _ => new AlwaysIdle(created)));

    [Fact]
    public async Task Requests_never_meet_a_partition_disposed_by_the_idle_clean_up()
    {
        const int Partitions = 500, CleanUps = 30;
        var created = 0;
        var thrown = 0;
        using var limiter = new RecreatingRateLimiter<string>(Cleaned(() => Interlocked.Increment(ref created)));
        // Until the clean-up has removed and disposed the partitions CleanUps times over (counted by the new ones made), or 60 s: what the
        // gateway does for each request, the statistics looked at and, now and then, a permit taken.
        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Factory.StartNew(() =>
        {
            for (var i = worker; Volatile.Read(ref created) < Partitions * CleanUps && !enough.IsCancellationRequested; i++)
            {
                var address = $"10.0.{i % Partitions / 250}.{i % 250}";
                try
                {
                    _ = limiter.GetStatistics(address)!.CurrentAvailablePermits;
                    if (i % 97 == 0) limiter.AttemptAcquire(address, 1).Dispose();
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref thrown);
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(workers);
        Assert.True(created >= Partitions * CleanUps, $"the idle clean-up ran too seldom to test anything: {created} partitions made in 60 s");
        Assert.Equal(0, thrown);
    }

    [Fact]
    public async Task A_disposed_limiter_still_refuses_to_be_used()
    {
        var limiter = new RecreatingRateLimiter<string>(Cleaned(() => { }));
        await limiter.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => limiter.AttemptAcquire("a", 1));
    }
}
