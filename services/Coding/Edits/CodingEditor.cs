using RevenueCycle.Coding.CodeSets;

namespace RevenueCycle.Coding.Edits;

/// <summary>
/// The coding edits: a pure function of the encounter, the coding and the reference data for its codes,
/// answering with every reason a payer would refuse the codes (errors) or a coder should look again
/// (warnings). Runs on every save; finalizing is refused while any error remains.
/// </summary>
public static class CodingEditor
{
    /// <summary>837P loop 2300 HI: at most 12 diagnosis codes on a professional claim.</summary>
    public const int MaxDiagnoses = 12;

    /// <summary>837P loop 2400 SV107: up to four diagnosis code pointers per service line.</summary>
    public const int MaxDiagnosisPointers = 4;

    /// <summary>837P loop 2400 SV101-3 to SV101-6: up to four procedure modifiers per service line.</summary>
    public const int MaxModifiers = 4;

    public static IReadOnlyList<CodingEdit> Check(EncounterFacts encounter, CodingSubmission coding, CodingReferenceData reference)
    {
        var edits = new List<CodingEdit>();
        CheckPlaceOfService(encounter, reference, edits);
        var diagnoses = CheckDiagnoses(encounter, coding, reference, edits);
        var lines = CheckProcedures(encounter, coding, diagnoses.Count, reference, edits);
        CheckMue(lines, reference, edits);
        var emPairsEdited = CheckNcciPtp(encounter, lines, reference, edits);
        CheckEmModifier25(lines, emPairsEdited, edits);
        return edits;
    }

    private sealed record Line(int Index, string Code, IReadOnlyList<string> Modifiers, int Units)
    {
        public bool Has(Func<string, bool> modifier) => Modifiers.Any(modifier);
    }

    private static void CheckPlaceOfService(EncounterFacts encounter, CodingReferenceData reference, List<CodingEdit> edits)
    {
        const string target = "placeOfService";
        if (!CodeFormat.TryNormalizePlaceOfService(encounter.PlaceOfService, out var pos))
        {
            edits.Add(new(EditRules.CodeFormat, EditSeverity.Error,
                $"Place of service '{encounter.PlaceOfService}' is not a two-digit CMS place-of-service code.", target));
            return;
        }
        var entry = reference.Find(CodeSystem.PlaceOfService, pos);
        if (entry is null || !entry.IsEffectiveOn(encounter.DateOfService))
        {
            edits.Add(new(EditRules.PlaceOfServiceUnknown, EditSeverity.Error,
                $"Place of service {pos} is not in the CMS place-of-service code set on {encounter.DateOfService:yyyy-MM-dd}.", target));
        }
    }

    private static List<string?> CheckDiagnoses(EncounterFacts encounter, CodingSubmission coding, CodingReferenceData reference, List<CodingEdit> edits)
    {
        var raw = coding.Diagnoses;
        var normalized = new List<string?>(raw.Count);
        if (raw.Count == 0)
            edits.Add(new(EditRules.DiagnosisMissing, EditSeverity.Error, "A claim needs at least one diagnosis.", "diagnoses"));

        var seen = new Dictionary<string, int>();
        for (var i = 0; i < raw.Count; i++)
        {
            var target = $"diagnoses[{i}]";
            if (i == MaxDiagnoses)
            {
                edits.Add(new(EditRules.DiagnosisMax12, EditSeverity.Error,
                    $"A professional claim carries at most {MaxDiagnoses} diagnoses; {raw.Count} were coded.", target));
            }

            if (!CodeFormat.TryNormalizeDiagnosis(raw[i], out var code))
            {
                normalized.Add(null);
                edits.Add(new(EditRules.CodeFormat, EditSeverity.Error,
                    $"'{raw[i]}' is not an ICD-10-CM code (a letter, two characters, then up to four after the dot, e.g. E11.9).", target));
                continue;
            }
            normalized.Add(code);

            if (seen.TryGetValue(code, out var first))
            {
                edits.Add(new(EditRules.DiagnosisDuplicate, EditSeverity.Warning,
                    $"{code} is already coded as diagnosis {first + 1}.", target));
                continue;
            }
            seen[code] = i;

            if (i == 0 && CodeFormat.IsExternalCause(code))
            {
                edits.Add(new(EditRules.ExternalCausePrincipal, EditSeverity.Error,
                    $"{code} is an external-cause code (V00–Y99); it may never be the first-listed diagnosis. List the injury first.", target));
            }

            var entry = reference.FindDiagnosis(code);
            if (entry is null)
            {
                edits.Add(new(EditRules.DiagnosisUnknown, EditSeverity.Error, $"{code} is not an ICD-10-CM code.", target));
                continue;
            }
            if (!entry.IsEffectiveOn(encounter.DateOfService))
            {
                edits.Add(new(EditRules.DiagnosisNotEffective, EditSeverity.Error,
                    $"{code} is not valid on the date of service {encounter.DateOfService:yyyy-MM-dd} ({Validity(entry)}).", target));
            }
            if (!entry.Billable)
            {
                edits.Add(new(EditRules.DiagnosisNotBillable, EditSeverity.Error,
                    $"{code} ({entry.ShortDescription}) is a category header; code to the highest specificity.", target));
            }
            CheckPatient(encounter, entry, target, edits, requirementsMet: PointedToByKxLine(coding, i));
        }
        return normalized;
    }

    private static List<Line> CheckProcedures(EncounterFacts encounter, CodingSubmission coding, int diagnosisCount, CodingReferenceData reference, List<CodingEdit> edits)
    {
        var lines = new List<Line>();
        if (coding.Procedures.Count == 0)
            edits.Add(new(EditRules.ProcedureMissing, EditSeverity.Error, "A claim needs at least one procedure line.", "procedures"));

        for (var i = 0; i < coding.Procedures.Count; i++)
        {
            var procedure = coding.Procedures[i];
            var target = $"procedures[{i}]";
            var modifiers = CheckModifiers(encounter, procedure.Modifiers, target, reference, edits);
            CheckPointers(procedure.DiagnosisPointers, diagnosisCount, target, edits);

            if (procedure.Units <= 0)
            {
                edits.Add(new(EditRules.Units, EditSeverity.Error,
                    $"Units must be a positive whole number; {procedure.Units} was entered.", $"{target}.units"));
            }

            if (!CodeFormat.TryNormalizeProcedure(procedure.Code, out var code))
            {
                var message = CodeFormat.TrySplitCodeAndModifier(procedure.Code, out var bare, out var modifier)
                    ? $"'{procedure.Code}' mixes a code and a modifier: enter {bare} as the code and {modifier} as a modifier."
                    : $"'{procedure.Code}' is not a CPT (five digits) or HCPCS (a letter and four digits) code.";
                edits.Add(new(EditRules.CodeFormat, EditSeverity.Error, message, $"{target}.code"));
                continue;
            }

            var entry = reference.FindProcedure(code);
            if (entry is null)
            {
                edits.Add(new(EditRules.ProcedureUnknown, EditSeverity.Error,
                    $"{code} is not a known {CodeFormat.ProcedureSystem(code).ToUpperInvariant()} code.", $"{target}.code"));
            }
            else
            {
                if (!entry.IsEffectiveOn(encounter.DateOfService))
                {
                    edits.Add(new(EditRules.ProcedureNotEffective, EditSeverity.Error,
                        $"{code} is not valid on the date of service {encounter.DateOfService:yyyy-MM-dd} ({Validity(entry)}).", $"{target}.code"));
                }
                CheckPatient(encounter, entry, $"{target}.code", edits, requirementsMet: modifiers.Contains(Modifiers.RequirementsMet));
            }
            lines.Add(new Line(i, code, modifiers, procedure.Units));
        }
        return lines;
    }

    private static List<string> CheckModifiers(EncounterFacts encounter, IReadOnlyList<string> raw, string target, CodingReferenceData reference, List<CodingEdit> edits)
    {
        var modifiers = new List<string>();
        for (var m = 0; m < raw.Count; m++)
        {
            var modifierTarget = $"{target}.modifiers[{m}]";
            if (m == MaxModifiers)
            {
                edits.Add(new(EditRules.Max4Modifiers, EditSeverity.Error,
                    $"A service line carries at most {MaxModifiers} modifiers; {raw.Count} were entered.", modifierTarget));
            }
            if (!CodeFormat.TryNormalizeModifier(raw[m], out var modifier) || reference.FindModifier(modifier) is not { } entry)
            {
                edits.Add(new(EditRules.ModifierInvalid, EditSeverity.Error,
                    $"'{raw[m]}' is not a recognised CPT or HCPCS modifier.", modifierTarget));
                continue;
            }
            if (!entry.IsEffectiveOn(encounter.DateOfService))
            {
                edits.Add(new(EditRules.ModifierInvalid, EditSeverity.Error,
                    $"Modifier {modifier} ({entry.ShortDescription}) is not valid on the date of service {encounter.DateOfService:yyyy-MM-dd} ({Validity(entry)}).", modifierTarget));
                continue;
            }
            if (modifiers.Contains(modifier))
            {
                edits.Add(new(EditRules.ModifierDuplicate, EditSeverity.Error,
                    $"Modifier {modifier} is entered twice on this line.", modifierTarget));
                continue;
            }
            modifiers.Add(modifier);
        }
        return modifiers;
    }

    private static void CheckPointers(IReadOnlyList<int> pointers, int diagnosisCount, string target, List<CodingEdit> edits)
    {
        if (pointers.Count == 0)
        {
            edits.Add(new(EditRules.PointerMissing, EditSeverity.Error,
                "Each service line must point to at least one diagnosis that supports it.", $"{target}.diagnosisPointers"));
            return;
        }
        var seen = new HashSet<int>();
        for (var p = 0; p < pointers.Count; p++)
        {
            var pointerTarget = $"{target}.diagnosisPointers[{p}]";
            if (p == MaxDiagnosisPointers)
            {
                edits.Add(new(EditRules.Max4Pointers, EditSeverity.Error,
                    $"A service line points to at most {MaxDiagnosisPointers} diagnoses; {pointers.Count} were entered.", pointerTarget));
            }
            var pointer = pointers[p];
            var upper = Math.Min(diagnosisCount, MaxDiagnoses);
            if (pointer < 1 || pointer > upper)
            {
                edits.Add(new(EditRules.PointerRange, EditSeverity.Error,
                    upper == 0
                        ? $"Pointer {pointer} points to no diagnosis: none is coded."
                        : $"Pointer {pointer} is outside the coded diagnoses (1–{upper}).", pointerTarget));
            }
            else if (!seen.Add(pointer))
            {
                edits.Add(new(EditRules.PointerDuplicate, EditSeverity.Warning,
                    $"Pointer {pointer} is entered twice on this line.", pointerTarget));
            }
        }
    }

    /// <summary>
    /// Whether a service line that points to the diagnosis at <paramref name="index"/> (zero-based) carries KX.
    /// The professional claim has no claim-level condition code 45, so KX on the line is how a practitioner says
    /// a gender/diagnosis conflict is not an error (Medicare Claims Processing Manual, Pub. 100-04, ch. 32 §240).
    /// </summary>
    private static bool PointedToByKxLine(CodingSubmission coding, int index) =>
        coding.Procedures.Any(p => p.DiagnosisPointers.Contains(index + 1)
            && p.Modifiers.Any(m => CodeFormat.TryNormalizeModifier(m, out var modifier) && modifier == Modifiers.RequirementsMet));

    /// <param name="requirementsMet">
    /// KX reported for the code: a sex conflict is then a warning, not an error. Medicare Claims Processing Manual
    /// (Pub. 100-04) ch. 32 §240 (CR 6638, MLN Matters MM6638; reminded in MLN Connects 2023-06-08): KX on a
    /// gender-specific procedure tells the contractor a gender/procedure or gender/diagnosis conflict is not an
    /// error, for transgender, intersex and gender-expansive patients (institutional claims use condition code 45).
    /// Age edits are not bypassed.
    /// </param>
    private static void CheckPatient(EncounterFacts encounter, CodeEntry entry, string target, List<CodingEdit> edits, bool requirementsMet)
    {
        if (entry.RequiredSex != Sex.Unknown && encounter.PatientSex != Sex.Unknown && entry.RequiredSex != encounter.PatientSex)
        {
            var required = entry.RequiredSex == Sex.Female ? "female" : "male";
            var actual = encounter.PatientSex == Sex.Female ? "female" : "male";
            edits.Add(requirementsMet
                ? new(EditRules.SexConflict, EditSeverity.Warning,
                    $"{entry.Code} ({entry.ShortDescription}) applies to {required} patients and this patient is registered {actual}; modifier KX on the line says the service is appropriate (gender-specific service for a transgender, intersex or gender-expansive patient): make sure the note supports it.", target)
                : new(EditRules.SexConflict, EditSeverity.Error,
                    $"{entry.Code} ({entry.ShortDescription}) applies to {required} patients; this patient is {actual}. If the service is appropriate for this patient (transgender, intersex or gender-expansive), add modifier KX to the line.", target));
        }
        var age = encounter.PatientAge;
        if (entry.HasAgeRestriction && !entry.AllowsAge(age))
        {
            edits.Add(new(EditRules.AgeConflict, EditSeverity.Error,
                $"{entry.Code} ({entry.ShortDescription}) applies to ages {AgeBand(entry)}; the patient is {age} on the date of service.", target));
        }
    }

    private static void CheckMue(List<Line> lines, CodingReferenceData reference, List<CodingEdit> edits)
    {
        foreach (var group in lines.Where(l => l.Units > 0).GroupBy(l => l.Code))
        {
            var mue = reference.Mue(group.Key);
            if (mue is null)
                continue;
            if (!mue.CountsPerDateOfService)
            {
                foreach (var line in group.Where(l => l.Units > mue.MaxUnits))
                {
                    edits.Add(new(EditRules.MueExceeded, EditSeverity.Error,
                        $"{line.Code} allows at most {mue.MaxUnits} unit(s) per line (MUE); {line.Units} were entered. Report further units on another line with the modifier that distinguishes them (76, 77, RT, LT…).",
                        $"procedures[{line.Index}].units"));
                }
                continue;
            }
            var total = 0;
            foreach (var line in group)
            {
                total += line.Units;
                if (total > mue.MaxUnits)
                {
                    edits.Add(new(EditRules.MueExceeded, EditSeverity.Error,
                        $"{line.Code} allows at most {mue.MaxUnits} unit(s) per date of service (MUE, counted over all lines); {group.Sum(l => l.Units)} were entered.",
                        $"procedures[{line.Index}].units"));
                    break;
                }
            }
        }
    }

    /// <summary>Returns the E/M lines whose pairing with a procedure an NCCI edit already reported.</summary>
    private static HashSet<int> CheckNcciPtp(EncounterFacts encounter, List<Line> lines, CodingReferenceData reference, List<CodingEdit> edits)
    {
        var emLinesEdited = new HashSet<int>();
        foreach (var column1 in lines)
        {
            foreach (var column2 in lines)
            {
                if (column1.Index == column2.Index || column1.Code == column2.Code)
                    continue;
                var edit = reference.PtpEdits(column1.Code, column2.Code).FirstOrDefault(e => e.IsInForceOn(encounter.DateOfService));
                if (edit is null || edit.ModifierIndicator == PtpModifierIndicator.NotApplicable)
                    continue;

                var target = $"procedures[{column2.Index}]";
                if (edit.ModifierIndicator == PtpModifierIndicator.NotAllowed)
                {
                    edits.Add(new(EditRules.NcciPtpNeverTogether, EditSeverity.Error,
                        $"NCCI: {column2.Code} is not paid with {column1.Code} on the same day, with or without a modifier ({edit.Rationale}). Remove {column2.Code}.",
                        target));
                    continue;
                }

                var emLine = EvaluationAndManagement.IsEm(column1.Code) ? column1
                    : EvaluationAndManagement.IsEm(column2.Code) ? column2
                    : null;
                if (emLine is not null)
                {
                    emLinesEdited.Add(emLine.Index);
                    if (!emLine.Has(Modifiers.BypassesEmPair))
                    {
                        edits.Add(new(EditRules.NcciPtpModifierRequired, EditSeverity.Error,
                            $"NCCI: {emLine.Code} is bundled into {(emLine == column1 ? column2 : column1).Code} unless it is a significant, separately identifiable service: add modifier 25 to {emLine.Code} if the documentation supports it.",
                            $"procedures[{emLine.Index}]"));
                    }
                }
                else if (!column2.Has(Modifiers.BypassesProcedurePair))
                {
                    edits.Add(new(EditRules.NcciPtpModifierRequired, EditSeverity.Error,
                        $"NCCI: {column2.Code} is bundled into {column1.Code} ({edit.Rationale}) unless it was distinct (another site, session or encounter): add 59, XE, XS, XP, XU or an anatomic modifier to {column2.Code} if the documentation supports it.",
                        target));
                }
            }
        }
        return emLinesEdited;
    }

    private static void CheckEmModifier25(List<Line> lines, HashSet<int> emLinesEdited, List<CodingEdit> edits)
    {
        var procedure = lines.FirstOrDefault(l => EvaluationAndManagement.NeedsModifier25OnSameDayEm(l.Code));
        if (procedure is null)
            return;
        foreach (var em in lines.Where(l => EvaluationAndManagement.IsEm(l.Code)))
        {
            if (emLinesEdited.Contains(em.Index) || em.Has(Modifiers.BypassesEmPair))
                continue;
            edits.Add(new(EditRules.EmModifier25, EditSeverity.Warning,
                $"{em.Code} is billed with the procedure {procedure.Code} on the same day without modifier 25: payers pay the visit only when it is significant and separately identifiable. Add 25 if the note supports it, or remove the visit.",
                $"procedures[{em.Index}].modifiers"));
        }
    }

    private static string Validity(CodeEntry entry) => entry.EffectiveTo is { } to
        ? $"valid {entry.EffectiveFrom:yyyy-MM-dd} through {to:yyyy-MM-dd}"
        : $"valid from {entry.EffectiveFrom:yyyy-MM-dd}";

    private static string AgeBand(CodeEntry entry) => (entry.AgeMin, entry.AgeMax) switch
    {
        (0, 0) => "0 (newborn)",
        ({ } min, null) => $"{min} and over",
        (null, { } max) => $"up to {max}",
        ({ } min, { } max) when max >= 124 => $"{min} and over",
        ({ } min, { } max) => $"{min}–{max}",
        _ => "any",
    };
}
