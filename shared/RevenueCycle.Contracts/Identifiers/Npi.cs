namespace RevenueCycle.Contracts.Identifiers;

/// <summary>
/// National Provider Identifier: 10 digits, the last a Luhn check digit computed over "80840" followed by
/// the first nine (the 80840 prefix is the NPI's issuer identifier in the ISO 7812 card-number scheme).
/// CMS (NPPES, and the NPI final rule, 69 FR 3434): "The NPI is a 10-position, intelligence-free numeric
/// identifier" — its digits say nothing about the provider, so whether it names an individual (entity
/// type 1) or an organisation (type 2) is data the practice states (<see cref="NpiEntityType"/>), never
/// read from the first digit.
/// </summary>
public static class Npi
{
    const string IssuerPrefix = "80840";
    public const int Length = 10;

    public enum Problem { None, NotTenDigits, WrongCheckDigit }

    public static Problem Check(string? npi)
    {
        if (npi is not { Length: Length } || !npi.All(char.IsAsciiDigit)) return Problem.NotTenDigits;
        return CheckDigit(npi.AsSpan(0, 9)) == npi[9] - '0' ? Problem.None : Problem.WrongCheckDigit;
    }

    public static bool IsValid(string? npi) => Check(npi) == Problem.None;

    /// <summary>The Luhn check digit of "80840" + <paramref name="firstNine"/>.</summary>
    public static int CheckDigit(ReadOnlySpan<char> firstNine)
    {
        var sum = 0;
        var doubleIt = true; // the check digit will be appended, so the rightmost payload digit is doubled
        Span<char> payload = stackalloc char[IssuerPrefix.Length + 9];
        IssuerPrefix.CopyTo(payload);
        firstNine.CopyTo(payload[IssuerPrefix.Length..]);
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var d = payload[i] - '0';
            if (doubleIt) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (10 - sum % 10) % 10;
    }

    public static string Describe(Problem problem) => problem switch
    {
        Problem.NotTenDigits => "must be 10 digits.",
        Problem.WrongCheckDigit => "has a wrong check digit (Luhn over 80840 + the first nine digits).",
        _ => "is valid.",
    };
}

/// <summary>
/// NPPES entity type code, as stated by whoever holds the NPI (it cannot be derived from the number):
/// 1 an individual, 2 an organisation. It is also the NM102 entity type qualifier of the NM1 that
/// carries the NPI in X12 (1 person, 2 non-person entity).
/// </summary>
public static class NpiEntityType
{
    public const int Individual = 1;
    public const int Organization = 2;

    public static bool IsValid(int type) => type is Individual or Organization;

    public const string Rule = "must be 1 (an individual) or 2 (an organisation), as registered in NPPES.";
}
