namespace RevenueCycle.Coding.Edits;

/// <summary>
/// The modifiers with a meaning in the edits themselves. Which modifiers exist is data (the CPT and HCPCS
/// modifier code sets, <see cref="CodingReferenceData.FindModifier"/>); these are the ones NCCI lets bypass a PTP edit.
/// </summary>
public static class Modifiers
{
    /// <summary>Significant, separately identifiable E/M service on the day of a procedure.</summary>
    public const string SeparateEm = "25";

    /// <summary>Decision for surgery (E/M the day before or the day of a major procedure).</summary>
    public const string DecisionForSurgery = "57";

    /// <summary>HCPCS KX, "requirements specified in the medical policy have been met"; bypasses the sex edits.</summary>
    public const string RequirementsMet = "KX";

    private static readonly HashSet<string> Anatomic =
    [
        "E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9",
        "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "LT", "RT", "LC", "LD", "LM", "RC", "RI",
    ];

    // NCCI Policy Manual, chapter I, "Modifiers and modifier indicators": anatomic, global surgery and other.
    private static readonly HashSet<string> NcciAssociated =
    [
        .. Anatomic, "24", "25", "57", "58", "78", "79", "27", "59", "91", "XE", "XS", "XP", "XU",
    ];

    /// <summary>
    /// Modifiers that bypass an indicator-1 PTP edit when on the column-2 line of a procedure pair.
    /// 25 and 57 only bypass a pair that has an E/M code in it, and only on the E/M line.
    /// </summary>
    public static bool BypassesProcedurePair(string modifier) =>
        NcciAssociated.Contains(modifier) && modifier is not SeparateEm and not DecisionForSurgery;

    public static bool BypassesEmPair(string modifier) => modifier is SeparateEm or DecisionForSurgery;
}
