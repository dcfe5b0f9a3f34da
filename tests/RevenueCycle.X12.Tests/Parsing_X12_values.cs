namespace RevenueCycle.X12.Tests;

public class Parsing_X12_values
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("150", "150")]
    [InlineData("1065.5", "1065.5")]
    [InlineData("-80", "-80")]
    [InlineData(".25", "0.25")]
    [InlineData("12.", "12")]
    [InlineData("123456789012345678", "123456789012345678")]
    [InlineData("1234567890123456789", "1234567890123456789")]
    [InlineData("12345678901234567.89", "12345678901234567.89")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    [InlineData("-1234567890123456789012", "-1234567890123456789012")]
    [InlineData("1234567890123456789012", "1234567890123456789012")]
    public void Reads_decimal_amounts(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), X12Text.TryParseDecimal(text, out var value) ? value : throw new Xunit.Sdk.XunitException("not parsed"));

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1,000")]
    [InlineData("1e5")]
    [InlineData("1.2.3")]
    [InlineData("ABC")]
    [InlineData("+5")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData("+1234567890123456789012")]
    [InlineData("12345678901234567890123.4.5")]
    public void Refuses_what_is_not_an_X12_decimal(string text) => Assert.False(X12Text.TryParseDecimal(text, out _));

    [Theory]
    [InlineData("20240229", true)]
    [InlineData("20230229", false)]
    [InlineData("20241301", false)]
    [InlineData("2024011", false)]
    [InlineData("2024O101", false)]
    public void Reads_CCYYMMDD_dates(string text, bool valid) => Assert.Equal(valid, X12Text.TryParseDate(text, out _));

    [Fact]
    public void Reads_every_CCYYMMDD_date_as_the_framework_does()
    {
        // Every day of a few centuries (leap years of every kind: 1900, 2000, 2100), the days just past each month's
        // end, and the edges of the calendar: the day number computed by TryParseDate must be the framework's.
        var checkedDates = 0;
        foreach (var (first, last) in new[] { (1, 2), (1890, 2110), (9998, 9999) })
        {
            for (var year = first; year <= last; year++)
            {
                for (var month = 0; month <= 13; month++)
                {
                    for (var day = 0; day <= 32; day++)
                    {
                        var text = $"{year:0000}{month:00}{day:00}";
                        var expected = DateOnly.TryParseExact(text, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date);
                        Assert.Equal(expected, X12Text.TryParseDate(text, out var parsed));
                        Assert.Equal(date, parsed);
                        checkedDates++;
                    }
                }
            }
        }
        Assert.True(checkedDates > 100_000);
        Assert.False(X12Text.TryParseDate("00000101", out _));
        Assert.False(X12Text.TryParseDate("2024-1-1", out _));
        Assert.False(X12Text.TryParseDate("2024 101", out _));
        Assert.False(X12Text.TryParseDate("20240:01", out _));
    }

    [Fact]
    public void Formats_amounts_without_trailing_zeros()
    {
        Span<char> buffer = stackalloc char[40];
        X12Text.TryFormatDecimal(100.50m, buffer, out var written);
        Assert.Equal("100.5", buffer[..written].ToString());
    }
}
