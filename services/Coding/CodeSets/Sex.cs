namespace RevenueCycle.Coding.CodeSets;

/// <summary>A patient's administrative sex, and the sex a code is restricted to.</summary>
public enum Sex
{
    Unknown = 0,
    Female,
    Male,
}

public static class SexCodes
{
    /// <summary>Reads "F", "M" or "U" (registration's and the code-set files' spelling).</summary>
    public static Sex Parse(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "F" => Sex.Female,
        "M" => Sex.Male,
        _ => Sex.Unknown,
    };

    public static string? ToCode(this Sex sex) => sex switch
    {
        Sex.Female => "F",
        Sex.Male => "M",
        _ => null,
    };
}
