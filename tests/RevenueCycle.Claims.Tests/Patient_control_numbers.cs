using RevenueCycle.Claims.Building;

namespace RevenueCycle.Claims.Tests;

public class Patient_control_numbers
{
    [Fact]
    public void Are_unique_short_and_safe_in_X12()
    {
        var numbers = Enumerable.Range(1, 100_000).Select(i => PatientControlNumbers.Format(i)).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.True(n.Length <= PatientControlNumbers.MaxLength && n.All(char.IsAsciiLetterOrDigit), n));
        Assert.True(PatientControlNumbers.Format(long.MaxValue / 10).Length <= PatientControlNumbers.MaxLength);
    }
}
