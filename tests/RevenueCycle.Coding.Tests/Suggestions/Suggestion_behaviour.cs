using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Suggestions;

namespace RevenueCycle.Coding.Tests.Suggestions;

public sealed class Suggestion_behaviour
{
    private static IReadOnlyList<string> Codes(string note) => SuggestionEngine.Default.Suggest(note).Select(s => s.Code).ToList();

    [Theory]
    [InlineData("HTN, stable.", "I10")]
    [InlineData("History of high blood pressure, on lisinopril.", "I10")]
    [InlineData("T2DM on diet alone.", "E11.9")]
    [InlineData("DM2, stable.", "E11.9")]
    [InlineData("Sugar diabetes for years, diet controlled.", "E11.9")]
    [InlineData("COPD, stable on tiotropium.", "J44.9")]
    [InlineData("CHF, compensated.", "I50.9")]
    [InlineData("GERD controlled on PPI.", "K21.9")]
    [InlineData("URI symptoms for 3 days. Assessment: URI.", "J06.9")]
    [InlineData("UTI. Start Macrobid.", "N39.0")]
    [InlineData("HLD on statin.", "E78.5")]
    [InlineData("High cholesterol, continue statin.", "E78.5")]
    public void Abbreviations_and_lay_terms_find_their_code(string note, string code) => Assert.Contains(code, Codes(note));

    [Theory]
    [InlineData("Denies chest pain.", "R07.9")]
    [InlineData("No fever. Cough for two days.", "R50.9")]
    [InlineData("ROS negative for fever, chills, chest pain or shortness of breath.", "R06.02")]
    [InlineData("Pneumonia ruled out by chest x-ray.", "J18.9")]
    [InlineData("Cough without wheezing.", "R06.2")]
    [InlineData("Possible pneumonia, awaiting x-ray.", "J18.9")]
    [InlineData("Rule out UTI, urine culture sent.", "N39.0")]
    [InlineData("Flu test negative.", "J11.1")]
    [InlineData("Family history of colon cancer and hypertension.", "I10")]
    public void Denied_uncertain_and_family_findings_are_not_suggested(string note, string code) => Assert.DoesNotContain(code, Codes(note));

    [Fact]
    public void A_finding_after_a_negation_clause_ends_is_still_suggested()
    {
        var codes = Codes("Denies fever but reports a productive cough.");
        Assert.DoesNotContain("R50.9", codes);
        Assert.Contains("R05.9", codes);
    }

    [Fact]
    public void Diabetes_with_hyperglycemia_is_the_combination_code()
    {
        var codes = Codes("Type 2 diabetes with hyperglycemia, A1c 10.2.");
        Assert.Contains("E11.65", codes);
        Assert.DoesNotContain("E11.9", codes);
    }

    [Fact]
    public void Diabetes_with_ckd_is_the_combination_code_and_the_stage()
    {
        var codes = Codes("T2DM and chronic kidney disease stage 4.");
        Assert.Contains("E11.22", codes);
        Assert.Contains("N18.4", codes);
        Assert.DoesNotContain("E11.9", codes);
    }

    [Fact]
    public void Hypertension_with_heart_failure_is_hypertensive_heart_disease()
    {
        var codes = Codes("HTN and chronic diastolic heart failure.");
        Assert.Contains("I11.0", codes);
        Assert.Contains("I50.32", codes);
        Assert.DoesNotContain("I10", codes);
    }

    [Fact]
    public void History_of_an_acute_condition_is_the_personal_history_code()
    {
        var codes = Codes("History of pneumonia last winter. Here for cough.");
        Assert.Contains("Z87.01", codes);
        Assert.DoesNotContain("J18.9", codes);
    }

    [Fact]
    public void A_chronic_condition_written_as_history_is_still_current() =>
        Assert.Contains("E03.9", Codes("PMH: hypothyroidism on levothyroxine."));

    [Fact]
    public void A_flu_shot_is_the_vaccine_code_and_the_immunization_encounter()
    {
        var suggestions = SuggestionEngine.Default.Suggest("Flu shot given today.");
        Assert.Contains(suggestions, s => s.Code == "90686" && s.System == CodeSystem.Cpt);
        Assert.Contains(suggestions, s => s.Code == "Z23" && s.System == CodeSystem.Icd10Cm);
        Assert.DoesNotContain(suggestions, s => s.Code == "J11.1");
    }

    [Fact]
    public void A_medicare_flu_shot_adds_the_hcpcs_administration_code() =>
        Assert.Contains(SuggestionEngine.Default.Suggest("Medicare patient, influenza vaccine administered."), s => s is { Code: "G0008", System: CodeSystem.Hcpcs });

    [Fact]
    public void A_symptom_explained_by_the_diagnosis_is_not_suggested()
    {
        var codes = Codes("Dysuria and frequency. Assessment: UTI.");
        Assert.Contains("N39.0", codes);
        Assert.DoesNotContain("R30.0", codes);
    }

    [Fact]
    public void Laterality_picks_the_side()
    {
        Assert.Contains("H66.91", Codes("Otitis media of the right ear."));
        Assert.Contains("M25.562", Codes("Left knee pain after running."));
    }

    [Fact]
    public void Evidence_quotes_the_words_of_the_note()
    {
        var suggestion = SuggestionEngine.Default.Suggest("Pt with T2DM, poorly controlled.").Single(s => s.Code == "E11.65");
        Assert.Contains("T2DM", suggestion.Evidence);
        Assert.Contains("poorly controlled", suggestion.Evidence);
        Assert.InRange(suggestion.Score, 0.01, 0.99);
        Assert.Equal("Type 2 diabetes mellitus with hyperglycemia", suggestion.Description);
    }

    [Fact]
    public void The_same_note_gives_the_same_suggestions()
    {
        const string note = "HTN, T2DM, HLD. Flu shot given. Denies chest pain.";
        Assert.Equal(SuggestionEngine.Default.Suggest(note), SuggestionEngine.Default.Suggest(note), new SuggestionComparer());
    }

    [Fact]
    public void An_empty_note_has_no_suggestions() => Assert.Empty(SuggestionEngine.Default.Suggest("  "));

    [Fact]
    public void Every_code_the_lexicon_can_suggest_is_in_the_starter_code_set()
    {
        var set = StarterCodeSet.Load();
        var missing = SuggestionEngine.SuggestableCodes().Where(c => set.Find(c.System, c.Code) is null).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_code_the_lexicon_can_suggest_is_billable()
    {
        var set = StarterCodeSet.Load();
        var headers = SuggestionEngine.SuggestableCodes().Where(c => set.Find(c.System, c.Code) is { Billable: false }).ToList();
        Assert.True(headers.Count == 0, "not billable: " + string.Join(", ", headers));
    }

    private sealed class SuggestionComparer : IEqualityComparer<CodeSuggestion>
    {
        public bool Equals(CodeSuggestion? x, CodeSuggestion? y) =>
            x is not null && y is not null && x.Code == y.Code && x.Score.Equals(y.Score) && x.Evidence.SequenceEqual(y.Evidence);

        public int GetHashCode(CodeSuggestion obj) => obj.Code.GetHashCode(StringComparison.Ordinal);
    }
}
