using System.Text.RegularExpressions;

namespace RevenueCycle.Coding.CodeSets;

/// <summary>
/// The shapes of the codes the service accepts, and their one stored spelling: ICD-10-CM with the dot
/// (E11.9; the 837P HI segment drops it when the claim is written), procedure codes in upper case.
/// </summary>
public static partial class CodeFormat
{
    // ICD-10-CM: a letter, a digit, a digit or letter (C4A, O9A, Z3A), then up to four characters after the dot.
    [GeneratedRegex("^[A-Z][0-9][0-9A-Z](?:\\.?[0-9A-Z]{1,4})?$")]
    private static partial Regex Icd10CmPattern();

    // CPT: five digits (Category I), or four digits and a letter (AMA CPT code set): F Category II (performance
    // measures, 3074F), T Category III (emerging technology, 0591T), U Proprietary Laboratory Analyses (0001U),
    // M administrative Multianalyte Assays with Algorithmic Analyses (0007M) and A vaccine product and
    // administration codes reported before a vaccine's Category I code takes effect (0001A, 0003A).
    [GeneratedRegex("^(?:[0-9]{5}|[0-9]{4}[FTUMA])$")]
    private static partial Regex CptPattern();

    // HCPCS Level II: a letter A–V and four digits.
    [GeneratedRegex("^[A-V][0-9]{4}$")]
    private static partial Regex HcpcsPattern();

    [GeneratedRegex("^[0-9A-Z]{2}$")]
    private static partial Regex ModifierPattern();

    [GeneratedRegex("^([0-9A-Z]{5})\\s*[-:]\\s*([0-9A-Z]{2})$")]
    private static partial Regex CodeWithModifierPattern();

    /// <summary>"e119", "E11.9" and " E11.9 " all become "E11.9".</summary>
    public static bool TryNormalizeDiagnosis(string? raw, out string code)
    {
        code = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
            return false;
        var candidate = raw.Trim().ToUpperInvariant();
        if (!Icd10CmPattern().IsMatch(candidate))
            return false;
        var bare = candidate.Replace(".", string.Empty, StringComparison.Ordinal);
        code = bare.Length > 3 ? $"{bare[..3]}.{bare[3..]}" : bare;
        return true;
    }

    /// <summary>The code as the CMS order file spells it: no dot.</summary>
    public static string WithoutDot(string icd10CmCode) => icd10CmCode.Replace(".", string.Empty, StringComparison.Ordinal);

    public static bool TryNormalizeProcedure(string? raw, out string code)
    {
        code = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
            return false;
        var candidate = raw.Trim().ToUpperInvariant();
        if (!CptPattern().IsMatch(candidate) && !HcpcsPattern().IsMatch(candidate))
            return false;
        code = candidate;
        return true;
    }

    /// <summary>"99213-25" typed into a code field: the code and the modifier that belongs in the modifiers.</summary>
    public static bool TrySplitCodeAndModifier(string? raw, out string code, out string modifier)
    {
        code = modifier = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
            return false;
        var match = CodeWithModifierPattern().Match(raw.Trim().ToUpperInvariant());
        if (!match.Success || !TryNormalizeProcedure(match.Groups[1].Value, out code))
            return false;
        modifier = match.Groups[2].Value;
        return true;
    }

    /// <summary>The code system a normalized procedure code belongs to.</summary>
    public static string ProcedureSystem(string procedureCode) =>
        char.IsAsciiLetter(procedureCode[0]) ? CodeSystem.Hcpcs : CodeSystem.Cpt;

    public static bool TryNormalizeModifier(string? raw, out string modifier)
    {
        modifier = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
            return false;
        var candidate = raw.Trim().ToUpperInvariant();
        if (!ModifierPattern().IsMatch(candidate))
            return false;
        modifier = candidate;
        return true;
    }

    /// <summary>Place of service is always two digits ("1" is not "01": the claim carries what was entered).</summary>
    public static bool TryNormalizePlaceOfService(string? raw, out string placeOfService)
    {
        placeOfService = string.Empty;
        if (raw is null)
            return false;
        var candidate = raw.Trim();
        if (candidate.Length != 2 || !char.IsAsciiDigit(candidate[0]) || !char.IsAsciiDigit(candidate[1]))
            return false;
        placeOfService = candidate;
        return true;
    }

    /// <summary>ICD-10-CM chapter 20, external causes of morbidity (V00–Y99).</summary>
    public static bool IsExternalCause(string icd10CmCode) =>
        icd10CmCode.Length > 0 && icd10CmCode[0] is 'V' or 'W' or 'X' or 'Y';
}
