namespace RevenueCycle.Coding.CodeSets;

/// <summary>The code systems the Coding service knows, as stored in <c>code_set.system</c>.</summary>
public static class CodeSystem
{
    public const string Icd10Cm = "icd10cm";
    public const string Hcpcs = "hcpcs";
    public const string Cpt = "cpt";
    public const string PlaceOfService = "pos";

    public static IReadOnlyList<string> All { get; } = [Icd10Cm, Hcpcs, Cpt, PlaceOfService];

    public static bool IsKnown(string? system) => system is not null && All.Contains(system);
}
