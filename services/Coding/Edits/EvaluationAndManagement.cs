namespace RevenueCycle.Coding.Edits;

/// <summary>Which codes are evaluation and management (E/M) services, and which procedures need modifier 25 on one.</summary>
public static class EvaluationAndManagement
{
    public static bool IsEm(string code) =>
        TryNumber(code, out var n) && (n is >= 99202 and <= 99499 || n is >= 98000 and <= 98016);

    /// <summary>
    /// A procedure whose payment includes the routine pre- and post-service work (the surgery section,
    /// 10004–69990, which carries global periods; injections and infusions 96360–96379; allergen
    /// immunotherapy 95115/95117; nebulizer treatment 94640). An E/M the same day is paid only as a
    /// significant, separately identifiable service: modifier 25 on the E/M. Venipuncture (36400–36416)
    /// sits in the surgery section but has no global period, so it needs no modifier.
    /// </summary>
    public static bool NeedsModifier25OnSameDayEm(string code) =>
        TryNumber(code, out var n)
        && (n is >= 10004 and <= 69990 && n is not (>= 36400 and <= 36416)
            || n is >= 96360 and <= 96379
            || n is 95115 or 95117 or 94640);

    private static bool TryNumber(string code, out int number)
    {
        number = 0;
        return code.Length == 5 && code.All(char.IsAsciiDigit) && int.TryParse(code, out number);
    }
}
