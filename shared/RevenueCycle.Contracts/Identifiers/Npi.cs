namespace RevenueCycle.Contracts.Identifiers;

/// <summary>
/// National Provider Identifier: 10 digits, the first 1 (individual, type 1) or 2 (organisation,
/// type 2), the last a Luhn check digit computed over "80840" followed by the first nine digits
/// (the 80840 prefix is the NPI's issuer identifier in the ISO 7812 card-number scheme).
/// </summary>
public static class Npi
{
    const string IssuerPrefix = "80840";
    public const int Length = 10;

    public enum Problem { None, NotTenDigits, UnknownEntityType, WrongCheckDigit }

    public static Problem Check(string? npi, int? entityType = null)
    {
        if (npi is not { Length: Length } || !npi.All(char.IsAsciiDigit)) return Problem.NotTenDigits;
        if (npi[0] is not ('1' or '2') || (entityType is { } t && npi[0] - '0' != t)) return Problem.UnknownEntityType;
        return CheckDigit(npi.AsSpan(0, 9)) == npi[9] - '0' ? Problem.None : Problem.WrongCheckDigit;
    }

    public static bool IsValid(string? npi, int? entityType = null) => Check(npi, entityType) == Problem.None;

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

    public static string Describe(Problem problem, int? entityType = null) => problem switch
    {
        Problem.NotTenDigits => "must be 10 digits.",
        Problem.UnknownEntityType => entityType switch
        {
            1 => "must be an individual's NPI (type 1, starting with 1).",
            2 => "must be an organisation's NPI (type 2, starting with 2).",
            _ => "must start with 1 (individual) or 2 (organisation).",
        },
        Problem.WrongCheckDigit => "has a wrong check digit (Luhn over 80840 + the first nine digits).",
        _ => "is valid.",
    };
}
