using RevenueCycle.Contracts.Identifiers;

namespace RevenueCycle.Registration.Tests;

public sealed class Checking_an_npi
{
    [Theory]
    [InlineData("1234567893")] // CMS's own example
    [InlineData("1245319599")]
    [InlineData("1679576722")]
    [InlineData("1003000126")]
    [InlineData("2123456784")]
    public void Accepts_ten_digits_with_the_luhn_check_digit_over_80840(string npi) => Assert.True(Npi.IsValid(npi));

    [Theory]
    [InlineData("1234567890", Npi.Problem.WrongCheckDigit)]
    [InlineData("1234567894", Npi.Problem.WrongCheckDigit)]
    [InlineData("2987654321", Npi.Problem.WrongCheckDigit)]
    [InlineData("123456789", Npi.Problem.NotTenDigits)]
    [InlineData("12345678931", Npi.Problem.NotTenDigits)]
    [InlineData("12345A7893", Npi.Problem.NotTenDigits)]
    [InlineData("", Npi.Problem.NotTenDigits)]
    [InlineData(null, Npi.Problem.NotTenDigits)]
    [InlineData("3234567891", Npi.Problem.UnknownEntityType)]
    public void Names_what_is_wrong(string? npi, Npi.Problem expected) => Assert.Equal(expected, Npi.Check(npi));

    [Fact]
    public void Tells_an_individual_from_an_organisation()
    {
        Assert.True(Npi.IsValid("1234567893", entityType: 1));
        Assert.Equal(Npi.Problem.UnknownEntityType, Npi.Check("1234567893", entityType: 2));
        Assert.True(Npi.IsValid("2123456784", entityType: 2));
        Assert.Equal(Npi.Problem.UnknownEntityType, Npi.Check("2123456784", entityType: 1));
    }

    [Fact]
    public void Every_single_digit_change_of_a_valid_npi_is_caught()
    {
        const string valid = "1679576722";
        for (var position = 1; position < valid.Length; position++)
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit == valid[position]) continue;
                var changed = valid[..position] + digit + valid[(position + 1)..];
                Assert.False(Npi.IsValid(changed), changed);
            }
    }
}
