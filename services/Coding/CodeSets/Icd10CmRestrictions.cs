namespace RevenueCycle.Coding.CodeSets;

/// <summary>
/// The sex and age edits a code's place in ICD-10-CM implies, for codes imported from the order file
/// (which carries none): the Medicare Code Editor's maternity (12–55), newborn (0), pediatric (0–17)
/// and adult (15–124) ages, and the chapters on female and male organs.
/// Chapter 16 (P00–P96, conditions originating in the perinatal period) has no age limit: ICD-10-CM Official
/// Guidelines I.C.16.a.4 — a condition that originates in the perinatal period and continues throughout the
/// patient's life keeps its perinatal code regardless of the patient's age. The newborn-only codes are the
/// liveborn-infant codes (Z38, the newborn's birth record) and the newborn health examination (Z00.11-).
/// </summary>
public static class Icd10CmRestrictions
{
    public static (Sex Sex, int? AgeMin, int? AgeMax) For(string code)
    {
        if (code.StartsWith('O') || code.StartsWith("Z3A", StringComparison.Ordinal) || code.StartsWith("Z34", StringComparison.Ordinal)
            || code.StartsWith("Z33.1", StringComparison.Ordinal) || code.StartsWith("Z39", StringComparison.Ordinal))
            return (Sex.Female, 12, 55);
        if (code.StartsWith("Z38", StringComparison.Ordinal) || code.StartsWith("Z00.11", StringComparison.Ordinal))
            return (Sex.Unknown, 0, 0);
        if (code.StartsWith("Z00.12", StringComparison.Ordinal))
            return (Sex.Unknown, 0, 17);
        if (code.StartsWith("Z00.0", StringComparison.Ordinal))
            return (Sex.Unknown, 15, 124);
        var category = code.Length >= 3 ? code[..3] : code;
        if (InRange(category, "C51", "C58") || InRange(category, "D25", "D28") || InRange(category, "N70", "N98"))
            return (Sex.Female, null, null);
        if (InRange(category, "C60", "C63") || category == "D29" || InRange(category, "N40", "N53"))
            return (Sex.Male, null, null);
        return (Sex.Unknown, null, null);
    }

    private static bool InRange(string category, string from, string to) =>
        string.CompareOrdinal(category, from) >= 0 && string.CompareOrdinal(category, to) <= 0;
}
