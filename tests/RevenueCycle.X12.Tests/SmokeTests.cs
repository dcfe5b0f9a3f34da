namespace RevenueCycle.X12.Tests;

public class Smoke
{
    [Fact]
    public void Builds() => Assert.True(typeof(Smoke).Assembly.GetName().Name == "RevenueCycle.X12.Tests");
}
