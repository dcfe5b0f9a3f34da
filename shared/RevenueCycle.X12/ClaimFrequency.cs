namespace RevenueCycle.X12;

/// <summary>
/// The claim frequency type code (837 CLM05-3, 835 CLP09), from the NUBC type-of-bill third digit.
/// Professional claims use Original, Replacement and Void.
/// </summary>
public enum ClaimFrequency
{
    NonPayment = 0,
    Original = 1,
    InterimFirst = 2,
    InterimContinuing = 3,
    InterimLast = 4,
    LateCharge = 5,

    /// <summary>Replaces a claim the payer already has: carries REF*F8 with the payer's claim control number.</summary>
    Replacement = 7,

    /// <summary>Voids a claim the payer already has: carries REF*F8.</summary>
    Void = 8,
}

internal static class ClaimFrequencyCodes
{
    public static bool TryParse(ReadOnlySpan<char> code, out ClaimFrequency frequency)
    {
        frequency = default;
        if (code.Length != 1 || code[0] is < '0' or > '8' or '6')
            return false;
        frequency = (ClaimFrequency)(code[0] - '0');
        return true;
    }

    public static string ToCode(this ClaimFrequency frequency) => ((int)frequency).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
