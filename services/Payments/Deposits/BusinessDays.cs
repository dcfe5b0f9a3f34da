namespace RevenueCycle.Payments.Deposits;

/// <summary>Business days as banks count them for ACH settlement: Monday to Friday (Federal Reserve holidays are not counted out).</summary>
public static class BusinessDays
{
    public static DateOnly Add(DateOnly date, int days)
    {
        var d = date;
        for (var left = days; left > 0;)
        {
            d = d.AddDays(1);
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) left--;
        }
        return d;
    }

    /// <summary>The latest payment date whose waiting time of <paramref name="days"/> business days ended before <paramref name="today"/>.</summary>
    public static DateOnly LatestOverdue(DateOnly today, int days)
    {
        var d = today.AddDays(-1);
        while (Add(d, days) >= today) d = d.AddDays(-1);
        return d;
    }
}
