using RevenueCycle.Coding.Edits;

namespace RevenueCycle.Coding.Audits;

/// <summary>The kinds of coding error an audit counts, as the report names them.</summary>
public static class AuditErrorKinds
{
    public const string WrongPrincipal = "wrong-principal";
    public const string MissingDiagnosis = "missing-diagnosis";
    public const string ExtraDiagnosis = "extra-diagnosis";
    public const string WrongProcedure = "wrong-procedure";
    public const string WrongModifier = "wrong-modifier";
    public const string MissingModifier = "missing-modifier";
    public const string WrongUnits = "wrong-units";

    public static IReadOnlyList<string> All { get; } =
        [WrongPrincipal, MissingDiagnosis, ExtraDiagnosis, WrongProcedure, WrongModifier, MissingModifier, WrongUnits];
}

/// <summary>How one audited encounter scored: its codes (diagnoses and service lines) reviewed and right, and the errors found.</summary>
public sealed record EncounterScore(int CodesReviewed, int CodesRight, IReadOnlyList<string> Errors)
{
    public bool Right => Errors.Count == 0;
}

/// <summary>
/// Compares the codes as finalized with the auditor's corrected codes. A diagnosis is right when the corrected
/// coding keeps it; a service line is right when the corrected coding has the same code with the same modifiers and
/// units. The principal (first) diagnosis counts once as wrong principal, not again as missing or extra.
/// </summary>
public static class AuditScoring
{
    public static EncounterScore Agrees(IReadOnlyList<string> diagnoses, IReadOnlyList<ProcedureLine> procedures) =>
        new(diagnoses.Count + procedures.Count, diagnoses.Count + procedures.Count, []);

    public static EncounterScore Score(
        IReadOnlyList<string> diagnoses, IReadOnlyList<ProcedureLine> procedures,
        IReadOnlyList<string> correctedDiagnoses, IReadOnlyList<ProcedureLine> correctedProcedures)
    {
        var errors = new List<string>();
        var wrongPrincipal = diagnoses.Count > 0 && correctedDiagnoses.Count > 0 && diagnoses[0] != correctedDiagnoses[0];
        if (wrongPrincipal) errors.Add(AuditErrorKinds.WrongPrincipal);

        var original = diagnoses.ToHashSet(StringComparer.Ordinal);
        var corrected = correctedDiagnoses.ToHashSet(StringComparer.Ordinal);
        foreach (var code in correctedDiagnoses.Distinct().Where(c => !original.Contains(c)))
            if (!(wrongPrincipal && code == correctedDiagnoses[0])) errors.Add(AuditErrorKinds.MissingDiagnosis);
        foreach (var code in diagnoses.Distinct().Where(c => !corrected.Contains(c)))
            if (!(wrongPrincipal && code == diagnoses[0])) errors.Add(AuditErrorKinds.ExtraDiagnosis);
        var diagnosesRight = diagnoses.Count(corrected.Contains);

        var unmatched = correctedProcedures.ToList();
        var linesRight = 0;
        var codedOnlyHere = 0;
        foreach (var line in procedures)
        {
            var same = unmatched.FirstOrDefault(c => c.Code == line.Code);
            if (same is null)
            {
                codedOnlyHere++;
                continue;
            }
            unmatched.Remove(same);
            var modifiersRight = same.Modifiers.ToHashSet().SetEquals(line.Modifiers);
            if (!modifiersRight)
                errors.Add(line.Modifiers.All(same.Modifiers.Contains) ? AuditErrorKinds.MissingModifier : AuditErrorKinds.WrongModifier);
            if (same.Units != line.Units) errors.Add(AuditErrorKinds.WrongUnits);
            if (modifiersRight && same.Units == line.Units) linesRight++;
        }
        // A line coded with the wrong code and its correction are one error, not two.
        for (var i = 0; i < Math.Max(codedOnlyHere, unmatched.Count); i++) errors.Add(AuditErrorKinds.WrongProcedure);

        return new EncounterScore(diagnoses.Count + procedures.Count, diagnosesRight + linesRight, errors);
    }
}
