using System.Globalization;
using System.Text.RegularExpressions;
using RevenueCycle.Coding.CodeSets;

namespace RevenueCycle.Coding.Suggestions;

/// <summary>
/// Turns the mentions of a note into codes, following the ICD-10-CM conventions a coder applies: the
/// "with" convention links diabetes to CKD and hypertension to CKD and heart failure; combination codes
/// replace their parts; the more specific code displaces the unspecified one; symptoms routinely part of
/// a confirmed diagnosis are not coded; uncertain diagnoses are not coded in the outpatient setting.
/// </summary>
internal static partial class CodingRules
{
    private const double EncounterScore = 0.9;
    private const double ConditionScore = 0.85;
    private const double CombinationScore = 0.87;
    private const double ImmunizationScore = 0.8;
    private const double ServiceScore = 0.72;
    private const double SymptomScore = 0.6;
    private const double HistoryScore = 0.55;
    private const double StatusScore = 0.5;
    private const double FamilyScore = 0.45;

    internal static readonly (string System, string Code)[] RuleCodes =
    [
        .. new[]
        {
            "E10.9", "E10.65", "E10.22", "E10.21", "E10.40", "E10.42", "E10.43", "E10.319", "E10.621", "E10.51", "E10.649",
            "E11.9", "E11.65", "E11.22", "E11.21", "E11.40", "E11.42", "E11.43", "E11.319", "E11.621", "E11.51", "E11.649",
            "Z79.4", "Z79.84", "Z79.85", "Z83.3", "R73.9", "E16.2", "G62.9", "I73.9", "K31.84",
            "I10", "I11.0", "I12.0", "I12.9", "I13.0", "I13.2", "N18.1", "N18.2", "N18.30", "N18.31", "N18.32", "N18.4", "N18.5",
            "N18.6", "N18.9", "I50.9", "I50.20", "I50.21", "I50.22", "I50.30", "I50.31", "I50.32", "I50.42", "Z82.49",
            "J45.20", "J45.21", "J45.22", "J45.30", "J45.31", "J45.32", "J45.40", "J45.41", "J45.42", "J45.50", "J45.51", "J45.52",
            "J45.901", "J45.902", "J45.909", "J44.0", "J44.1", "J44.9",
            "F32.0", "F32.1", "F32.2", "F32.4", "F32.5", "F32.9", "F32.A", "F33.0", "F33.1", "F33.2", "F33.40", "F33.41", "F33.42", "F33.9",
            "S39.012A", "S39.012D", "M54.40", "M54.41", "M54.42", "M54.50", "M54.30", "M54.31", "M54.32", "M54.9",
            "E66.01", "E66.811", "E66.812", "E66.813", "E66.9", "E66.3", "Z68.1", "Z68.41", "Z68.42", "Z68.43", "Z68.44", "Z68.45",
            "Z00.00", "Z00.01", "Z00.121", "Z00.129", "Z00.110", "Z00.111", "Z34.00", "Z34.01", "Z34.02", "Z34.03", "Z34.80", "Z34.81",
            "Z34.82", "Z34.83", "Z34.90", "Z34.91", "Z34.92", "Z34.93", "Z3A.01", "Z3A.49", "F17.210", "U07.1", "J12.82", "Z23", "Z28.21",
            "W19.XXXA", "W19.XXXD", "W01.0XXA", "W01.0XXD", "S93.401D", "S93.402D", "S93.409D",
        }.Select(c => (CodeSystem.Icd10Cm, c)),
        .. Enumerable.Range(20, 20).Select(n => (CodeSystem.Icd10Cm, $"Z68.{n}")),
        .. Enumerable.Range(8, 35).Select(n => (CodeSystem.Icd10Cm, $"Z3A.{n:00}")),
        .. new[] { "G0438", "G0439", "G0402", "G0444", "G0472", "G0008", "G0009", "G0010" }.Select(c => (CodeSystem.Hcpcs, c)),
    ];

    [GeneratedRegex(@"\bbmi\b[^0-9\n]{0,15}(\d{2}(?:\.\d+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex BmiPattern();

    [GeneratedRegex(@"\b(\d{1,2})(?:\s*(?:\+\s*\d)?\s*(?:weeks?|wks?|wk)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex WeeksPattern();

    [GeneratedRegex(@"\b(\d{1,2})[\s-]*(?:days?|d)[\s-]*old\b", RegexOptions.IgnoreCase)]
    private static partial Regex DaysOldPattern();

    public static void Apply(NoteText note, List<Mention> mentions, Candidates candidates)
    {
        var facts = new Facts(note, mentions);
        Simple(facts, candidates);
        Lateral(facts, candidates);
        Diabetes(facts, candidates);
        HypertensionHeartKidney(facts, candidates);
        Asthma(facts, candidates);
        Copd(facts, candidates);
        Depression(facts, candidates);
        BackPain(facts, candidates);
        Weight(facts, candidates);
        Encounters(facts, candidates);
        Smoking(facts, candidates);
        Covid(facts, candidates);
        Vaccines(facts, candidates);
        ExternalCause(facts, candidates);
        DropFallbacks(candidates);
        DropExplainedSymptoms(candidates);
    }

    private static void Simple(Facts facts, Candidates candidates)
    {
        foreach (var mention in facts.Mentions.Where(m => m.Concept.Code is not null && !m.Concept.IsVaccine))
        {
            var concept = mention.Concept;
            switch (mention.Assertion)
            {
                case Assertion.Present:
                case Assertion.History when concept.Kind is ConceptKind.Chronic:
                    if (concept.RequiresContext.Count > 0 && !facts.SentenceHasAny(mention.Sentence, concept.RequiresContext))
                        break;
                    candidates.Add(concept.Code!, concept.System, BaseScore(concept.Kind), [mention], concept);
                    break;
                case Assertion.History when concept.HistoryCode is { } history:
                    candidates.Add(history, CodeSystem.Icd10Cm, HistoryScore, [mention]);
                    break;
                case Assertion.Family when concept.FamilyCode is { } family:
                    candidates.Add(family, CodeSystem.Icd10Cm, FamilyScore, [mention]);
                    break;
            }
        }
    }

    private static void Lateral(Facts facts, Candidates candidates)
    {
        foreach (var mention in facts.Mentions.Where(m => m.Concept.Sides is not null && m.IsCurrent))
        {
            var sides = mention.Concept.Sides!;
            var code = facts.SideOf(mention) switch
            {
                Side.Right => sides.Right,
                Side.Left => sides.Left,
                Side.Both => sides.Both ?? sides.Unspecified,
                _ => sides.Unspecified,
            };
            if (code.StartsWith('S') && code.EndsWith('A') && facts.AnyCurrent("subsequent"))
                code = code[..^1] + "D";
            candidates.Add(code, CodeSystem.Icd10Cm, BaseScore(mention.Concept.Kind), [mention], mention.Concept);
        }
    }

    private static void Diabetes(Facts facts, Candidates candidates)
    {
        var type1 = facts.Current("dm1").ToList();
        var any = type1.Concat(facts.Current("dm")).ToList();
        foreach (var family in facts.Of("dm").Concat(facts.Of("dm1")).Where(m => m.Assertion == Assertion.Family))
            candidates.Add("Z83.3", CodeSystem.Icd10Cm, FamilyScore, [family]);

        var hyperglycemia = facts.Current("hyperglycemia").ToList();
        var hypoglycemia = facts.Current("hypoglycemia").ToList();
        if (any.Count == 0)
        {
            foreach (var m in hyperglycemia.Where(m => m.Evidence.Contains("glyc", StringComparison.OrdinalIgnoreCase)))
                candidates.Add("R73.9", CodeSystem.Icd10Cm, ConditionScore, [m]);
            Add(candidates, "E16.2", ConditionScore, hypoglycemia);
            Add(candidates, "G62.9", ConditionScore, facts.Current("neuropathy").Concat(facts.Current("polyneuropathy")));
            Add(candidates, "I73.9", ConditionScore, facts.Current("pad"));
            Add(candidates, "K31.84", ConditionScore, facts.Current("gastroparesis"));
            return;
        }

        var type = type1.Count > 0 ? "E10" : "E11";
        var dmSentences = any.Select(m => m.Sentence).ToHashSet();
        var complications = new List<(string Suffix, IEnumerable<Mention> Evidence)>();
        var linkedHyperglycemia = hyperglycemia.Where(m => dmSentences.Contains(m.Sentence)).ToList();
        if (linkedHyperglycemia.Count > 0)
            complications.Add((".65", linkedHyperglycemia));
        if (hypoglycemia.Count > 0)
            complications.Add((".649", hypoglycemia));
        var ckd = facts.Current("ckd").Concat(facts.Current("esrd")).ToList();
        if (ckd.Count > 0)
            complications.Add((".22", ckd));
        else if (facts.Current("nephropathy").ToList() is { Count: > 0 } nephropathy)
            complications.Add((".21", nephropathy));
        if (facts.Current("polyneuropathy").ToList() is { Count: > 0 } poly)
            complications.Add((".42", poly));
        else if (facts.Current("neuropathy").ToList() is { Count: > 0 } neuropathy)
            complications.Add((".40", neuropathy));
        if (facts.Current("retinopathy").ToList() is { Count: > 0 } retinopathy)
            complications.Add((".319", retinopathy));
        if (facts.Current("foot-ulcer").ToList() is { Count: > 0 } ulcer)
            complications.Add((".621", ulcer));
        if (facts.Current("pad").ToList() is { Count: > 0 } pad)
            complications.Add((".51", pad));
        if (facts.Current("gastroparesis").ToList() is { Count: > 0 } gastroparesis)
        {
            complications.Add((".43", gastroparesis));
            candidates.Add("K31.84", CodeSystem.Icd10Cm, ConditionScore - 0.05, gastroparesis);
        }

        if (complications.Count == 0)
            candidates.Add(type + ".9", CodeSystem.Icd10Cm, ConditionScore + 0.01, any);
        foreach (var (suffix, evidence) in complications)
            candidates.Add(type + suffix, CodeSystem.Icd10Cm, CombinationScore, [.. any, .. evidence]);

        if (type == "E11")
        {
            // Z79.4 is not assigned with type 1 diabetes, which is insulin-treated by definition.
            Add(candidates, "Z79.4", StatusScore, facts.Current("insulin"));
            Add(candidates, "Z79.84", StatusScore - 0.02, facts.Current("oral-dm-drug"));
            Add(candidates, "Z79.85", StatusScore - 0.02, facts.Current("glp1"));
        }
    }

    private static void HypertensionHeartKidney(Facts facts, Candidates candidates)
    {
        var htn = facts.Current("htn").ToList();
        var ckd = facts.Current("ckd").ToList();
        var esrd = facts.Current("esrd").ToList();
        string? stage = esrd.Count > 0 ? "N18.6" : ckd.Count > 0 ? CkdStage(facts, ckd) : null;
        var kidney = ckd.Concat(esrd).ToList();
        if (stage is not null)
            candidates.Add(stage, CodeSystem.Icd10Cm, ConditionScore, kidney);

        var (heartFailure, hfEvidence) = HeartFailure(facts);
        if (heartFailure is not null)
            candidates.Add(heartFailure, CodeSystem.Icd10Cm, ConditionScore, hfEvidence);

        foreach (var family in facts.Of("htn").Where(m => m.Assertion == Assertion.Family))
            candidates.Add("Z82.49", CodeSystem.Icd10Cm, FamilyScore, [family]);
        if (htn.Count == 0)
            return;
        candidates.Remove("R03.0");

        var late = stage is "N18.5" or "N18.6";
        if (stage is not null && heartFailure is not null)
            candidates.Add(late ? "I13.2" : "I13.0", CodeSystem.Icd10Cm, CombinationScore, [.. htn, .. kidney, .. hfEvidence]);
        else if (stage is not null)
            candidates.Add(late ? "I12.0" : "I12.9", CodeSystem.Icd10Cm, CombinationScore, [.. htn, .. kidney]);
        else if (heartFailure is not null)
        {
            candidates.Remove("I11.9");
            candidates.Add("I11.0", CodeSystem.Icd10Cm, CombinationScore, [.. htn, .. hfEvidence]);
        }
        else if (!candidates.Has("I11.9") && !candidates.Has("I15.9"))
            candidates.Add("I10", CodeSystem.Icd10Cm, ConditionScore + 0.01, htn);
    }

    private static string CkdStage(Facts facts, List<Mention> ckd)
    {
        foreach (var mention in ckd)
        {
            var tokens = facts.Window(mention, before: 3, after: 5);
            for (var i = 0; i < tokens.Count; i++)
            {
                var word = tokens[i].Norm;
                var next = i + 1 < tokens.Count ? tokens[i + 1].Norm : string.Empty;
                var candidate = word is "stage" ? next : word.StartsWith("ckd", StringComparison.Ordinal) && word.Length > 3 ? word[3..] : null;
                var code = candidate switch
                {
                    "1" or "i" => "N18.1",
                    "2" => "N18.2",
                    "3" => next is "a" or "b" ? null : "N18.30",
                    "3a" or "iiia" => "N18.31",
                    "3b" or "iiib" => "N18.32",
                    "4" => "N18.4",
                    "5" or "v" => "N18.5",
                    _ => null,
                };
                if (word is "3a" or "iiia")
                    code = "N18.31";
                if (word is "3b" or "iiib")
                    code = "N18.32";
                if (code is not null)
                    return code;
            }
        }
        return "N18.9";
    }

    private static (string? Code, List<Mention> Evidence) HeartFailure(Facts facts)
    {
        var systolic = facts.Current("hf-systolic").ToList();
        var diastolic = facts.Current("hf-diastolic").ToList();
        var generic = facts.Current("hf").ToList();
        if (systolic.Count == 0 && diastolic.Count == 0 && generic.Count == 0)
            return (null, []);
        var all = systolic.Concat(diastolic).Concat(generic).ToList();
        var chronic = all.Any(m => facts.Window(m, 3, 0).Any(t => t.Norm == "chronic"));
        var acute = all.Any(m => facts.Window(m, 3, 0).Any(t => t.Norm is "acute" or "decompensated"));
        if (systolic.Count > 0 && diastolic.Count > 0)
            return ("I50.42", all);
        if (systolic.Count > 0)
            return (acute ? "I50.21" : chronic ? "I50.22" : "I50.20", all);
        if (diastolic.Count > 0)
            return (acute ? "I50.31" : chronic ? "I50.32" : "I50.30", all);
        return ("I50.9", all);
    }

    private static void Asthma(Facts facts, Candidates candidates)
    {
        var bySeverity = new[] { ("asthma-20", "J45.2"), ("asthma-30", "J45.3"), ("asthma-40", "J45.4"), ("asthma-50", "J45.5") };
        var severity = bySeverity.Select(s => (Mentions: facts.Current(s.Item1).ToList(), Base: s.Item2)).FirstOrDefault(s => s.Mentions.Count > 0);
        var generic = facts.Current("asthma").ToList();
        var mentions = severity.Mentions ?? generic;
        if (mentions.Count == 0 || severity.Mentions is null && (candidates.Has("J45.990") || candidates.Has("J45.991")))
            return;
        var sentences = mentions.Concat(generic).Select(m => m.Sentence).ToHashSet();
        var exacerbation = facts.Current("exacerbation").Where(m => sentences.Contains(m.Sentence)).ToList();
        var status = facts.Current("status-asthmaticus").ToList();
        var prefix = severity.Base ?? "J45.90";
        var suffix = status.Count > 0 ? (prefix == "J45.90" ? "2" : "2") : exacerbation.Count > 0 ? "1" : (prefix == "J45.90" ? "9" : "0");
        candidates.Add(prefix + suffix, CodeSystem.Icd10Cm, ConditionScore + 0.01, [.. mentions, .. generic, .. exacerbation, .. status]);
    }

    private static void Copd(Facts facts, Candidates candidates)
    {
        var copd = facts.Current("copd").ToList();
        if (copd.Count == 0 || candidates.Has("J43.9"))
            return;
        var sentences = copd.Select(m => m.Sentence).ToHashSet();
        var exacerbation = facts.Current("exacerbation").Where(m => sentences.Contains(m.Sentence)).ToList();
        var exacerbated = exacerbation.Count > 0 || copd.Any(m => m.Evidence.Contains("exacerbation", StringComparison.OrdinalIgnoreCase) || m.Evidence.Contains("aecopd", StringComparison.OrdinalIgnoreCase));
        var infected = candidates.HasPrefix("J18") || candidates.HasPrefix("J12") || candidates.HasPrefix("J13") || candidates.HasPrefix("J15") || candidates.Has("J20.9");
        if (infected)
            candidates.Add("J44.0", CodeSystem.Icd10Cm, CombinationScore, copd);
        if (exacerbated)
            candidates.Add("J44.1", CodeSystem.Icd10Cm, CombinationScore, [.. copd, .. exacerbation]);
        if (!infected && !exacerbated)
            candidates.Add("J44.9", CodeSystem.Icd10Cm, ConditionScore + 0.01, copd);
    }

    private static void Depression(Facts facts, Candidates candidates)
    {
        var mdd = facts.Current("mdd").ToList();
        if (mdd.Count > 0)
        {
            var words = mdd.SelectMany(m => facts.Window(m, 3, 5)).Select(t => t.Norm).ToHashSet();
            var recurrent = words.Contains("recurrent") || words.Contains("recurring") || facts.Current("recurrent").Any(m => mdd.Any(d => d.Sentence == m.Sentence));
            var partial = words.Contains("partial");
            var full = words.Contains("full");
            var remission = words.Contains("remission");
            var degree = words.Contains("severe") ? 2 : words.Contains("moderate") ? 1 : words.Contains("mild") ? 0 : -1;
            var code = (recurrent, remission) switch
            {
                (false, true) => partial ? "F32.4" : full ? "F32.5" : "F32.4",
                (true, true) => partial ? "F33.41" : full ? "F33.42" : "F33.40",
                (false, false) => degree >= 0 ? $"F32.{degree}" : "F32.9",
                (true, false) => degree >= 0 ? $"F33.{degree}" : "F33.9",
            };
            candidates.Add(code, CodeSystem.Icd10Cm, ConditionScore + 0.01, mdd);
            return;
        }
        var depression = facts.Current("depression").ToList();
        if (depression.Count > 0 && !candidates.Has("F34.1") && !candidates.Has("F43.21") && !candidates.Has("F43.23") && !candidates.Has("F31.9"))
            candidates.Add("F32.A", CodeSystem.Icd10Cm, ConditionScore, depression);
    }

    private static void BackPain(Facts facts, Candidates candidates)
    {
        var strain = facts.Current("lumbar-strain").ToList();
        var lbp = facts.Current("lbp").ToList();
        var sciatica = facts.Current("sciatica").ToList();
        var back = facts.Current("back-pain").ToList();
        if (strain.Count > 0)
        {
            candidates.Add(facts.AnyCurrent("subsequent") ? "S39.012D" : "S39.012A", CodeSystem.Icd10Cm, ConditionScore, strain);
            return;
        }
        string SideCode(string prefix, List<Mention> mentions) => facts.SideOf(mentions, wholeSentence: true) switch
        {
            Side.Right => prefix + "1",
            Side.Left => prefix + "2",
            _ => prefix + "0",
        };
        if (lbp.Count > 0 && sciatica.Count > 0)
            candidates.Add(SideCode("M54.4", [.. lbp, .. sciatica]), CodeSystem.Icd10Cm, CombinationScore, [.. lbp, .. sciatica]);
        else if (lbp.Count > 0)
            candidates.Add("M54.50", CodeSystem.Icd10Cm, ConditionScore, lbp);
        else if (sciatica.Count > 0)
            candidates.Add(SideCode("M54.3", sciatica), CodeSystem.Icd10Cm, ConditionScore, sciatica);
        else if (back.Count > 0 && !candidates.Has("M54.2") && !candidates.Has("M54.6") && !candidates.Has("M62.830"))
            candidates.Add("M54.9", CodeSystem.Icd10Cm, ConditionScore - 0.05, back);
    }

    private static void Weight(Facts facts, Candidates candidates)
    {
        var weightDx = new List<Mention>();
        void Take(string concept, string code)
        {
            var found = facts.Current(concept).ToList();
            if (found.Count == 0 || weightDx.Count > 0)
                return;
            weightDx.AddRange(found);
            candidates.Add(code, CodeSystem.Icd10Cm, ConditionScore, found);
        }
        Take("obesity-3", "E66.813");
        Take("obesity-2", "E66.812");
        Take("obesity-1", "E66.811");
        Take("morbid-obesity", "E66.01");
        Take("obesity", "E66.9");
        Take("overweight", "E66.3");
        if (weightDx.Count == 0)
            return;

        // A BMI code is reported only with the weight diagnosis it supports (ICD-10-CM guideline I.B.14).
        var match = BmiPattern().Match(facts.Note.Text);
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var bmi))
            return;
        var code = bmi switch
        {
            < 20 => "Z68.1",
            < 40 => $"Z68.{(int)Math.Floor(bmi)}",
            < 45 => "Z68.41",
            < 50 => "Z68.42",
            < 60 => "Z68.43",
            < 70 => "Z68.44",
            _ => "Z68.45",
        };
        var evidence = new Mention(weightDx[0].Concept, weightDx[0].Sentence, weightDx[0].First, weightDx[0].Last, Assertion.Present, match.Value, weightDx[0].InAssessment);
        candidates.Add(code, CodeSystem.Icd10Cm, StatusScore + 0.05, [evidence]);
    }

    private static void Encounters(Facts facts, Candidates candidates)
    {
        var abnormal = facts.AnyCurrent("abnormal-findings");
        var child = facts.Current("child-exam").ToList();
        var adult = facts.Current("adult-exam").ToList();
        var awv = facts.Current("awv").ToList();
        if (child.Count > 0)
            candidates.Add(abnormal ? "Z00.121" : "Z00.129", CodeSystem.Icd10Cm, EncounterScore, child);
        else if (adult.Count > 0 || awv.Count > 0)
            candidates.Add(abnormal ? "Z00.01" : "Z00.00", CodeSystem.Icd10Cm, EncounterScore, [.. adult, .. awv]);
        if (awv.Count > 0)
        {
            var initial = awv.Any(m => facts.Window(m, 3, 3).Any(t => t.Norm is "initial" or "first"));
            candidates.Add(initial ? "G0438" : "G0439", CodeSystem.Hcpcs, EncounterScore - 0.02, awv);
        }
        Add(candidates, "G0402", EncounterScore - 0.02, facts.Current("ippe"), CodeSystem.Hcpcs);

        if (facts.AnyCurrent("medicare"))
        {
            if (candidates.Has("Z13.31"))
                candidates.Add("G0444", CodeSystem.Hcpcs, ServiceScore - 0.02, facts.Mentions.Where(m => m.Concept.Id == "Z13.31"));
            if (candidates.Has("Z11.59"))
                candidates.Add("G0472", CodeSystem.Hcpcs, ServiceScore - 0.02, facts.Mentions.Where(m => m.Concept.Id == "Z11.59"));
        }

        var prenatal = facts.Current("prenatal").ToList();
        var pregnant = facts.Current("pregnancy").ToList();
        var weeks = WeeksPattern().Match(facts.Note.Text);
        var obstetric = candidates.All.Where(c => c.Code.StartsWith('O')).ToList();
        var gestation = weeks.Success && (prenatal.Count > 0 || pregnant.Count > 0 || obstetric.Count > 0) ? int.Parse(weeks.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
        if (prenatal.Count > 0)
        {
            var words = facts.NoteWords;
            var trimester = words.Contains("third") && words.Contains("trimester") || gestation >= 28 ? 3
                : words.Contains("second") && words.Contains("trimester") || gestation >= 14 ? 2
                : words.Contains("first") && words.Contains("trimester") || gestation is not null ? 1
                : 0;
            var pregnancy = facts.AnyCurrent("first-pregnancy") ? "Z34.0"
                : words.Overlaps(["g2", "g3", "g4", "g5", "multigravida", "multip"]) ? "Z34.8"
                : "Z34.9";
            candidates.Add(pregnancy + trimester, CodeSystem.Icd10Cm, EncounterScore, prenatal);
        }
        if (gestation is { } w)
        {
            var code = w < 8 ? "Z3A.01" : w > 42 ? "Z3A.49" : $"Z3A.{w:00}";
            var anchor = prenatal.Concat(pregnant).FirstOrDefault();
            var evidence = anchor is null ? [] : new[] { anchor with { Evidence = weeks.Value } };
            candidates.Add(code, CodeSystem.Icd10Cm, StatusScore + 0.05, evidence);
            if (anchor is null)
                candidates.All.First(c => c.Code == code).Evidence.Add(weeks.Value);
        }

        var newborn = facts.Current("newborn-exam").ToList();
        var newbornContext = facts.NoteWords.Overlaps(["newborn", "neonate", "infant", "baby"]) || DaysOldPattern().IsMatch(facts.Note.Text);
        if (newborn.Count > 0 && newbornContext)
        {
            var days = DaysOldPattern().Match(facts.Note.Text);
            var older = days.Success && int.Parse(days.Groups[1].Value, CultureInfo.InvariantCulture) >= 8;
            candidates.Add(older ? "Z00.111" : "Z00.110", CodeSystem.Icd10Cm, EncounterScore, newborn);
        }
    }

    private static void Smoking(Facts facts, Candidates candidates)
    {
        var current = facts.Current("smoker").Where(m => m.Assertion == Assertion.Present).ToList();
        var past = facts.Of("smoker").Where(m => m.Assertion == Assertion.History).ToList();
        if (current.Count > 0)
        {
            candidates.Remove("Z72.0");
            candidates.Add("F17.210", CodeSystem.Icd10Cm, ConditionScore - 0.05, current);
        }
        else if (past.Count > 0)
        {
            candidates.Add("Z87.891", CodeSystem.Icd10Cm, HistoryScore, past);
        }
        if (candidates.Has("F17.210"))
            candidates.Remove("Z87.891");
    }

    private static void Covid(Facts facts, Candidates candidates)
    {
        var positive = facts.Current("covid-positive").ToList();
        var pneumonia = facts.Current("covid-pneumonia").ToList();
        var confirmed = facts.Current("covid").Where(m => m.InAssessment || facts.SentenceHasAny(m.Sentence, ["positive", "diagnosed", "confirmed", "infection"])).ToList();
        if (positive.Count + pneumonia.Count + confirmed.Count == 0)
            return;
        candidates.Add("U07.1", CodeSystem.Icd10Cm, CombinationScore, [.. positive, .. pneumonia, .. confirmed]);
        candidates.Remove("Z20.822");
        if (pneumonia.Count > 0 || candidates.HasPrefix("J18"))
        {
            candidates.RemoveWhere(c => c.Code.StartsWith("J18", StringComparison.Ordinal));
            candidates.Add("J12.82", CodeSystem.Icd10Cm, CombinationScore, pneumonia);
        }
    }

    private static void Vaccines(Facts facts, Candidates candidates)
    {
        var medicare = facts.AnyCurrent("medicare");
        foreach (var mention in facts.Mentions.Where(m => m.Concept.IsVaccine))
        {
            if (mention.Assertion == Assertion.Refused)
            {
                candidates.Add("Z28.21", CodeSystem.Icd10Cm, StatusScore, [mention]);
                continue;
            }
            if (mention.Assertion != Assertion.Present)
                continue;
            var code = mention.Concept.Code!;
            candidates.Add(code, CodeSystem.Cpt, ServiceScore, [mention], mention.Concept);
            candidates.Add("Z23", CodeSystem.Icd10Cm, ImmunizationScore, [mention]);
            if (!medicare)
                continue;
            var administration = code switch
            {
                "90686" or "90662" => "G0008",
                "90677" or "90732" or "90670" or "90671" => "G0009",
                "90746" => "G0010",
                _ => null,
            };
            if (administration is not null)
                candidates.Add(administration, CodeSystem.Hcpcs, ServiceScore - 0.02, [mention]);
        }
    }

    private static void ExternalCause(Facts facts, Candidates candidates)
    {
        var injury = candidates.All.Any(c => c.Code.StartsWith('S'));
        var falls = facts.Current("fall").ToList();
        var slipped = facts.Current("slip-trip").ToList();
        if (!injury || falls.Count + slipped.Count == 0)
            return;
        var seventh = facts.AnyCurrent("subsequent") ? "D" : "A";
        candidates.Add(slipped.Count > 0 ? "W01.0XX" + seventh : "W19.XXX" + seventh, CodeSystem.Icd10Cm, StatusScore, [.. falls, .. slipped]);
    }

    private static void DropFallbacks(Candidates candidates)
    {
        var groups = candidates.All.Where(c => c.Source?.Group is not null).Select(c => c.Source!.Group!).ToHashSet();
        candidates.RemoveWhere(c => c.Source?.FallbackGroup is { } g && groups.Contains(g));
    }

    private static void DropExplainedSymptoms(Candidates candidates)
    {
        var diagnoses = candidates.All.Where(c => c.Source?.Kind is not ConceptKind.Symptom && c.System == CodeSystem.Icd10Cm).Select(c => c.Code).ToList();
        candidates.RemoveWhere(c => c.Source is { Kind: ConceptKind.Symptom } symptom
            && symptom.ExplainedBy.Any(prefix => diagnoses.Any(d => d != c.Code && d.StartsWith(prefix, StringComparison.Ordinal))));
    }

    private static void Add(Candidates candidates, string code, double score, IEnumerable<Mention> evidence, string system = CodeSystem.Icd10Cm)
    {
        var list = evidence.ToList();
        if (list.Count > 0)
            candidates.Add(code, system, score, list);
    }

    private static double BaseScore(ConceptKind kind) => kind switch
    {
        ConceptKind.Encounter => EncounterScore,
        ConceptKind.Condition or ConceptKind.Chronic => ConditionScore,
        ConceptKind.Symptom => SymptomScore,
        ConceptKind.Service => ServiceScore,
        _ => StatusScore,
    };
}
