namespace RevenueCycle.X12.Remittance;

/// <summary>CLP02: how the payer processed the claim.</summary>
public enum ClaimStatusCode
{
    ProcessedAsPrimary = 1,
    ProcessedAsSecondary = 2,
    ProcessedAsTertiary = 3,
    Denied = 4,
    ProcessedAsPrimaryForwarded = 19,
    ProcessedAsSecondaryForwarded = 20,
    ProcessedAsTertiaryForwarded = 21,

    /// <summary>Reverses a previous payment: amounts carry the opposite sign.</summary>
    Reversal = 22,

    /// <summary>Not our claim, forwarded to another entity.</summary>
    NotOurClaimForwarded = 23,
}

internal static class ClaimStatusCodes
{
    public static bool TryParse(ReadOnlySpan<char> code, out ClaimStatusCode status)
    {
        status = default;
        if (code is ['+', _]) // as int.TryParse read it before: a sign, and at most two characters in all
            code = code[1..];
        if (code.Length is 0 or > 2 || !char.IsAsciiDigit(code[0]) || (code.Length == 2 && !char.IsAsciiDigit(code[1])))
            return false;
        var value = code.Length == 1 ? code[0] - '0' : (code[0] - '0') * 10 + code[1] - '0';
        status = (ClaimStatusCode)value;
        return value is >= 1 and <= 4 or >= 19 and <= 23;
    }
}
