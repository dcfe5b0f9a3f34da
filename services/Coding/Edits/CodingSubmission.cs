using RevenueCycle.Coding.CodeSets;

namespace RevenueCycle.Coding.Edits;

/// <summary>One service line as the coder entered it. Diagnosis pointers are 1-based, as on the 837P (SV107).</summary>
public sealed record ProcedureLine(string Code, IReadOnlyList<string> Modifiers, int Units, IReadOnlyList<int> DiagnosisPointers);

/// <summary>The coding of one encounter: diagnoses in order (the first is principal) and the service lines.</summary>
public sealed record CodingSubmission(IReadOnlyList<string> Diagnoses, IReadOnlyList<ProcedureLine> Procedures)
{
    /// <summary>
    /// The same coding in its stored spelling: ICD-10-CM with the dot, everything upper case. A code that
    /// cannot be normalized is kept as entered (the edits report it as CODE-FORMAT).
    /// </summary>
    public CodingSubmission Normalized() => new(
        Diagnoses.Select(d => CodeFormat.TryNormalizeDiagnosis(d, out var code) ? code : d).ToList(),
        Procedures.Select(p => p with
        {
            Code = CodeFormat.TryNormalizeProcedure(p.Code, out var code) ? code : p.Code,
            Modifiers = p.Modifiers.Select(m => CodeFormat.TryNormalizeModifier(m, out var modifier) ? modifier : m).ToList(),
        }).ToList());

    /// <summary>The normalized diagnosis codes, to fetch their reference data.</summary>
    public IReadOnlyList<string> DiagnosisCodes() =>
        Diagnoses.Select(d => CodeFormat.TryNormalizeDiagnosis(d, out var code) ? code : null).OfType<string>().Distinct().ToList();

    /// <summary>The normalized procedure codes (CPT and HCPCS), to fetch their reference data.</summary>
    public IReadOnlyList<string> ProcedureCodes() =>
        Procedures.Select(p => CodeFormat.TryNormalizeProcedure(p.Code, out var code) ? code
                : CodeFormat.TrySplitCodeAndModifier(p.Code, out code, out _) ? code : null)
            .OfType<string>().Distinct().ToList();

    /// <summary>The normalized modifiers of every line, to fetch their reference data.</summary>
    public IReadOnlyList<string> ModifierCodes() =>
        Procedures.SelectMany(p => p.Modifiers)
            .Select(m => CodeFormat.TryNormalizeModifier(m, out var modifier) ? modifier : null)
            .OfType<string>().Distinct().ToList();
}
