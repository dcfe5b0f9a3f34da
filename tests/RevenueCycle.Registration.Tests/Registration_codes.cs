using RevenueCycle.Registration.Encounters;
using RevenueCycle.Registration.Payers;
using RevenueCycle.Registration.Practice;

namespace RevenueCycle.Registration.Tests;

public sealed class Registration_codes
{
    [Theory]
    [InlineData("11", true)] [InlineData("02", true)] [InlineData("10", true)] [InlineData("23", true)] [InlineData("99", true)]
    [InlineData("1", false)] [InlineData("00", false)] [InlineData("30", false)] [InlineData("office", false)] [InlineData(null, false)]
    public void Place_of_service_is_a_cms_two_digit_code(string? code, bool valid) => Assert.Equal(valid, PlaceOfService.IsValid(code));

    [Theory]
    [InlineData("207Q00000X", true)] [InlineData("208D00000X", true)] [InlineData("363LF0000X", true)]
    [InlineData("207Q00000", false)] [InlineData("207q00000x", false)] [InlineData("207Q00000Y", false)] [InlineData("207Q-0000X", false)]
    public void Taxonomy_is_ten_characters_ending_in_x(string code, bool valid) => Assert.Equal(valid, Taxonomy.IsValid(code));

    [Fact]
    public void Medicare_defaults_to_twelve_months_of_timely_filing_and_others_to_180_days()
    {
        Assert.Equal(365, ClaimFilingCodes.DefaultTimelyFilingDays("MB"));
        Assert.Equal(180, ClaimFilingCodes.DefaultTimelyFilingDays("CI"));
        Assert.True(ClaimFilingCodes.All.ContainsKey("BL"));
        Assert.False(ClaimFilingCodes.All.ContainsKey("XX"));
    }
}
