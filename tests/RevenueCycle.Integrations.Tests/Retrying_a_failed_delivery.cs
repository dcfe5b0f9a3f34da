using Microsoft.Extensions.Time.Testing;
using RevenueCycle.Integrations.Delivery;

namespace RevenueCycle.Integrations.Tests;

/// <summary>The back-off, on a fake clock: what a receiver that keeps failing sees over 3 days.</summary>
public sealed class Retrying_a_failed_delivery
{
    static readonly DeliveryOptions Defaults = new();

    /// <summary>Fails every attempt, moving the clock to each next attempt; the times of the attempts made.</summary>
    static List<DateTimeOffset> AttemptsOfAlwaysFailing(Func<double> random)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var schedule = new RetrySchedule(Defaults, random);
        var started = clock.GetUtcNow();
        var attempts = new List<DateTimeOffset> { started };
        for (var failures = 1; ; failures++)
        {
            var next = schedule.Next(failures, started, clock.GetUtcNow());
            if (next is null) return attempts;
            Assert.True(next > clock.GetUtcNow(), "a retry is later than the failure");
            clock.SetUtcNow(next.Value);
            attempts.Add(next.Value);
            Assert.True(attempts.Count < 1000, "retries never stopped");
        }
    }

    [Fact]
    public void Delays_double_from_the_base_delay_until_the_cap()
    {
        var attempts = AttemptsOfAlwaysFailing(() => 0.5); // no jitter
        var delays = attempts.Zip(attempts.Skip(1), (a, b) => b - a).ToList();

        Assert.Equal(TimeSpan.FromSeconds(30), delays[0]);
        Assert.Equal(TimeSpan.FromSeconds(60), delays[1]);
        Assert.Equal(TimeSpan.FromSeconds(120), delays[2]);
        Assert.Equal(Defaults.MaxDelay, delays[12]);
        Assert.All(delays, d => Assert.True(d <= Defaults.MaxDelay));
    }

    [Fact]
    public void The_last_attempt_is_at_the_end_of_the_three_days_and_then_retrying_stops()
    {
        var attempts = AttemptsOfAlwaysFailing(Random.Shared.NextDouble);

        Assert.Equal(TimeSpan.FromDays(3), attempts[^1] - attempts[0]);
        Assert.InRange(attempts.Count, 20, 40);
    }

    [Fact]
    public void Jitter_spreads_a_delay_by_at_most_a_fifth_either_way()
    {
        var schedule = (double r) => new RetrySchedule(Defaults, () => r);
        var now = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(now.AddSeconds(24 * 4), schedule(0).Next(3, now, now));
        Assert.Equal(now.AddSeconds(36 * 4), schedule(1).Next(3, now, now));
    }

    [Fact]
    public void A_series_older_than_three_days_is_not_retried()
    {
        var now = new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);
        Assert.Null(new RetrySchedule(Defaults).Next(1, now.AddDays(-3), now));
    }
}
