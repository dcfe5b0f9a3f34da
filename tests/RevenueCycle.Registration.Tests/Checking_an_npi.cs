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
    [InlineData("3234567891", Npi.Problem.WrongCheckDigit)]
    public void Names_what_is_wrong(string? npi, Npi.Problem expected) => Assert.Equal(expected, Npi.Check(npi));

    // CMS NPPES: "The NPI is a 10-position, intelligence-free numeric identifier (10-digit number)" —
    // an individual's and an organisation's NPI may each begin with 1 or 2, so the only checks are the
    // ten digits and the Luhn check digit over 80840 + the first nine (CMS, Requirements for NPI Check Digit).
    [Theory]
    [InlineData("1234567893")] // CMS's own example, here an organisation's number as much as an individual's
    [InlineData("2123456784")]
    [InlineData("3234567899")] // a first digit CMS has not issued yet still carries no meaning we may check
    public void The_first_digit_says_nothing_about_the_entity_type(string npi)
    {
        Assert.Equal(Npi.Problem.None, Npi.Check(npi));
        Assert.Equal(npi[9] - '0', Npi.CheckDigit(npi.AsSpan(0, 9)));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(0, false)]
    [InlineData(3, false)]
    public void The_entity_type_is_stated_as_1_individual_or_2_organisation(int type, bool valid) =>
        Assert.Equal(valid, NpiEntityType.IsValid(type)); // NPPES entity type code, NM102 in X12

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
