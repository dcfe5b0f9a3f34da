namespace RevenueCycle.Coding.CodeSets;

/// <summary>The code systems the Coding service knows, as stored in <c>code_set.system</c>.</summary>
public static class CodeSystem
{
    public const string Icd10Cm = "icd10cm";
    public const string Hcpcs = "hcpcs";
    public const string Cpt = "cpt";
    public const string PlaceOfService = "pos";

    /// <summary>CPT (Level I) modifiers: the two-digit modifiers and Category II's 1P–8P, from AMA CPT Appendix A.</summary>
    public const string CptModifier = "cpt-modifier";

    /// <summary>HCPCS Level II modifiers: the modifier records (7 and 8) of the CMS HCPCS annual file.</summary>
    public const string HcpcsModifier = "hcpcs-modifier";

    public static IReadOnlyList<string> All { get; } = [Icd10Cm, Hcpcs, Cpt, PlaceOfService, CptModifier, HcpcsModifier];

    public static bool IsKnown(string? system) => system is not null && All.Contains(system);

    public static bool IsModifier(string system) => system is CptModifier or HcpcsModifier;
}
