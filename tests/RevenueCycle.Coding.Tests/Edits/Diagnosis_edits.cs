using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Edits;
using static RevenueCycle.Coding.Tests.Edits.CodingBuilder;

namespace RevenueCycle.Coding.Tests.Edits;

public sealed class Diagnosis_edits
{
    [Fact]
    public void A_clean_office_visit_has_no_edits() => EditAssert.Clean(new CodingBuilder().Check());

    [Fact]
    public void An_unknown_diagnosis_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Diagnoses("E11.9", "Q99.8").Check(), EditRules.DiagnosisUnknown, "diagnoses[1]");

    [Fact]
    public void A_known_diagnosis_is_not_reported_unknown() =>
        EditAssert.DoesNotReport(new CodingBuilder().Diagnoses("E11.9", "J45.909").Check(), EditRules.DiagnosisUnknown);

    [Fact]
    public void A_category_header_is_refused_as_not_billable()
    {
        var edits = new CodingBuilder().Diagnoses("E11", "I50", "J45").Procedures(Line("99213", 1, 2, 3)).Check();
        EditAssert.Reports(edits, EditRules.DiagnosisNotBillable, "diagnoses[0]");
        EditAssert.Reports(edits, EditRules.DiagnosisNotBillable, "diagnoses[1]");
        EditAssert.Reports(edits, EditRules.DiagnosisNotBillable, "diagnoses[2]");
    }

    [Fact]
    public void An_injury_code_without_its_seventh_character_is_not_billable() =>
        EditAssert.Reports(new CodingBuilder().Diagnoses("S93.401").Procedures(Line("99213")).Check(), EditRules.DiagnosisNotBillable, "diagnoses[0]");

    [Fact]
    public void The_most_specific_code_is_billable() =>
        EditAssert.DoesNotReport(new CodingBuilder().Diagnoses("E11.65", "I50.9", "S93.401A").Procedures(Line("99213", 1, 2, 3)).Check(), EditRules.DiagnosisNotBillable);

    [Fact]
    public void A_code_before_its_effective_date_is_refused() =>
        EditAssert.Reports(new CodingBuilder().On(2021, 9, 30).Diagnoses("R05.9").Procedures(Line("99213")).Check(),
            EditRules.DiagnosisNotEffective, "diagnoses[0]");

    [Fact]
    public void A_code_from_its_effective_date_is_accepted() =>
        EditAssert.DoesNotReport(new CodingBuilder().On(2021, 10, 1).Diagnoses("R05.9").Procedures(Line("99213")).Check(), EditRules.DiagnosisNotEffective);

    [Fact]
    public void A_retired_code_is_refused_after_its_last_day()
    {
        var retired = new CodeEntry(CodeSystem.Icd10Cm, "R51", "Headache", "Headache", true, new(2015, 10, 1), new(2020, 9, 30));
        var reference = new CodingReferenceData([retired, .. StarterCodeSet.Load().Codes.Where(c => c.Code != "R51")], [], []);
        var builder = new CodingBuilder().Diagnoses("R51").Procedures(Line("99213"));

        EditAssert.DoesNotReport(builder.On(2020, 9, 30).Check(reference), EditRules.DiagnosisNotEffective);
        EditAssert.Reports(builder.On(2020, 10, 1).Check(reference), EditRules.DiagnosisNotEffective, "diagnoses[0]");
    }

    [Fact]
    public void Twelve_diagnoses_are_accepted() =>
        EditAssert.DoesNotReport(new CodingBuilder().Diagnoses(TwelveCodes).Check(), EditRules.DiagnosisMax12);

    [Fact]
    public void A_thirteenth_diagnosis_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Diagnoses([.. TwelveCodes, "K21.9"]).Check(), EditRules.DiagnosisMax12, "diagnoses[12]");

    [Fact]
    public void An_external_cause_code_first_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Diagnoses("W19.XXXA", "S93.401A").Procedures(Line("99213", 1, 2)).Check(),
            EditRules.ExternalCausePrincipal, "diagnoses[0]");

    [Fact]
    public void An_external_cause_code_after_the_injury_is_accepted() =>
        EditAssert.Clean(new CodingBuilder().Diagnoses("S93.401A", "W19.XXXA", "Y92.009").Procedures(Line("99213", 1)).Check());

    [Fact]
    public void A_coding_without_diagnoses_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Diagnoses().Procedures(new ProcedureLine("99213", [], 1, [1])).Check(), EditRules.DiagnosisMissing, "diagnoses");

    [Fact]
    public void The_same_diagnosis_twice_is_a_warning()
    {
        var edits = new CodingBuilder().Diagnoses("E11.9", "e119").Check();
        EditAssert.Reports(edits, EditRules.DiagnosisDuplicate, "diagnoses[1]", EditSeverity.Warning);
        EditAssert.DoesNotReport(new CodingBuilder().Check(), EditRules.DiagnosisDuplicate);
    }

    private static readonly string[] TwelveCodes =
        ["E11.9", "I10", "E78.5", "J45.909", "F41.1", "F32.A", "E03.9", "E55.9", "J30.9", "M54.50", "E66.9", "Z68.30"];
}
