using RevenueCycle.PatientBilling.Plans;

namespace RevenueCycle.PatientBilling.Tests.Plans;

public sealed class Scheduling_installments
{
    [Theory]
    [InlineData("100.00", 3, "33.33", "33.34")]
    [InlineData("80.00", 3, "26.66", "26.68")]
    [InlineData("0.05", 2, "0.02", "0.03")]
    [InlineData("1234.56", 12, "102.88", "102.88")]
    public void Sums_exactly_to_the_amount_with_the_odd_cents_on_the_last(string amount, int count, string each, string last)
    {
        var total = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        var schedule = PaymentPlans.Schedule(total, count, new DateOnly(2026, 1, 31));

        Assert.Equal(total, schedule.Sum(i => i.Amount));
        Assert.All(schedule.SkipLast(1), i => Assert.Equal(decimal.Parse(each, System.Globalization.CultureInfo.InvariantCulture), i.Amount));
        Assert.Equal(decimal.Parse(last, System.Globalization.CultureInfo.InvariantCulture), schedule[^1].Amount);
        Assert.Equal(new DateOnly(2026, 2, 28), schedule[1].DueDate); // month ends clamp, as a calendar would
    }
}
