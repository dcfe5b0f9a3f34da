namespace RevenueCycle.Integrations.Delivery;

/// <summary>
/// When a failed delivery is tried again: the base delay doubled per failure, capped, with ±20 % jitter so receivers that
/// failed together are not all retried in the same instant; and when retrying stops — once the series of attempts is
/// older than <see cref="DeliveryOptions.GiveUpAfter"/> (3 days).
/// </summary>
public sealed class RetrySchedule(DeliveryOptions options, Func<double>? random = null)
{
    const double Jitter = 0.2;
    readonly Func<double> random = random ?? Random.Shared.NextDouble;

    /// <returns>The next attempt's time, or null when the delivery has failed for good.</returns>
    public DateTimeOffset? Next(int failures, DateTimeOffset seriesStartedAt, DateTimeOffset now)
    {
        if (now - seriesStartedAt >= options.GiveUpAfter) return null;
        var exponent = Math.Min(Math.Max(failures - 1, 0), 30);
        var delay = Math.Min(options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent), options.MaxDelay.TotalMilliseconds);
        delay *= 1 + Jitter * (2 * random() - 1);
        var next = now + TimeSpan.FromMilliseconds(delay);
        // The last attempt falls at the end of the 3 days, not after it.
        var deadline = seriesStartedAt + options.GiveUpAfter;
        return next > deadline ? deadline : next;
    }
}
