using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Edits;
using static RevenueCycle.Coding.Tests.Edits.CodingBuilder;

namespace RevenueCycle.Coding.Tests.Edits;

public sealed class Patient_edits
{
    [Fact]
    public void An_obstetric_code_on_a_male_patient_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Patient(Sex.Male, 30).Diagnoses("Z34.01").Procedures(Line("99213")).Check(), EditRules.SexConflict, "diagnoses[0]");

    [Fact]
    public void An_obstetric_code_on_a_female_patient_is_accepted() =>
        EditAssert.Clean(new CodingBuilder().Patient(Sex.Female, 30).Diagnoses("Z34.01", "Z3A.10").Procedures(Line("99213", 1, 2)).Check());

    [Fact]
    public void A_prostate_code_on_a_female_patient_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Patient(Sex.Female, 60).Diagnoses("N40.1").Procedures(Line("99213")).Check(), EditRules.SexConflict, "diagnoses[0]");

    [Fact]
    public void A_female_only_procedure_on_a_male_patient_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Patient(Sex.Male, 30).Diagnoses("R10.2").Procedures(Line("76830")).Check(), EditRules.SexConflict, "procedures[0].code");

    [Fact]
    public void A_patient_of_unknown_sex_raises_no_sex_edit() =>
        EditAssert.DoesNotReport(new CodingBuilder().Patient(Sex.Unknown, 30).Diagnoses("Z34.01").Procedures(Line("99213")).Check(), EditRules.SexConflict);

    [Fact]
    public void A_liveborn_infant_code_on_an_adult_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Patient(Sex.Female, 40).Diagnoses("Z38.00").Procedures(Line("99213")).Check(), EditRules.AgeConflict, "diagnoses[0]");

    // ICD-10-CM Official Guidelines for Coding and Reporting, I.C.16.a.4: should a condition originate in the perinatal
    // period and continue throughout the life of the patient, the perinatal code (chapter 16, P00–P96) continues to be
    // used regardless of the patient's age.
    [Theory]
    [InlineData("P27.1", 34)]
    [InlineData("P07.39", 6)]
    [InlineData("P59.9", 40)]
    public void A_perinatal_code_is_accepted_at_any_age(string code, int age) =>
        EditAssert.Clean(new CodingBuilder().Patient(Sex.Male, age).Diagnoses(code).Procedures(Line("99213")).Check());

    [Fact]
    public void A_perinatal_code_from_the_order_file_gets_no_age_limit()
    {
        Assert.Equal((Sex.Unknown, null, null), Icd10CmRestrictions.For("P27.1"));
        Assert.Equal((Sex.Unknown, 0, 0), Icd10CmRestrictions.For("Z38.00"));
    }

    // Medicare Claims Processing Manual (Pub. 100-04) ch. 32 §240 (CR 6638, MLN Matters MM6638; reminded in MLN
    // Connects 2023-06-08): on a professional claim, KX ("requirements specified in the medical policy have been met")
    // on a gender-specific service tells the contractor that a gender/procedure or gender/diagnosis conflict is not an
    // error (institutional claims use condition code 45 instead). Still worth a coder's look: a warning.
    [Fact]
    public void A_sex_specific_procedure_with_kx_is_a_warning_not_an_error()
    {
        var edits = new CodingBuilder().Patient(Sex.Male, 30).Diagnoses("R10.2").Procedures(Line("76830", ["KX"], 1, 1)).Check();
        EditAssert.Reports(edits, EditRules.SexConflict, "procedures[0].code", EditSeverity.Warning);
        Assert.DoesNotContain(edits, e => e.Severity == EditSeverity.Error);
    }

    [Fact]
    public void A_sex_specific_diagnosis_on_a_line_with_kx_is_a_warning_not_an_error()
    {
        var edits = new CodingBuilder().Patient(Sex.Female, 60).Diagnoses("N40.1").Procedures(Line("99213", ["kx"], 1, 1)).Check();
        EditAssert.Reports(edits, EditRules.SexConflict, "diagnoses[0]", EditSeverity.Warning);
        Assert.DoesNotContain(edits, e => e.Severity == EditSeverity.Error);
    }

    [Fact]
    public void Kx_on_a_line_that_does_not_point_to_the_diagnosis_leaves_its_sex_conflict_an_error() =>
        EditAssert.Reports(
            new CodingBuilder().Patient(Sex.Female, 60).Diagnoses("N40.1", "I10").Procedures(Line("99213", 1, 2), Line("93000", ["KX"], 1, 2)).Check(),
            EditRules.SexConflict, "diagnoses[0]");

    [Fact]
    public void Kx_does_not_bypass_an_age_edit() =>
        EditAssert.Reports(new CodingBuilder().Patient(Sex.Female, 45).Diagnoses("Z00.00").Procedures(Line("99395", ["KX"], 1, 1)).Check(),
            EditRules.AgeConflict, "procedures[0].code");

    [Fact]
    public void A_newborn_code_on_a_newborn_is_accepted() =>
        EditAssert.DoesNotReport(new CodingBuilder().On(2025, 3, 3).BornOn(2025, 2, 27).Diagnoses("P59.9", "Z38.00").Procedures(Line("99460", 1, 2)).Check(), EditRules.AgeConflict);

    [Fact]
    public void A_child_health_exam_code_on_an_adult_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Patient(Sex.Male, 30).Diagnoses("Z00.129").Procedures(Line("99395")).Check(), EditRules.AgeConflict, "diagnoses[0]");

    [Fact]
    public void A_preventive_visit_outside_its_age_band_is_refused()
    {
        var edits = new CodingBuilder().Patient(Sex.Female, 45).Diagnoses("Z00.00").Procedures(Line("99395")).Check();
        EditAssert.Reports(edits, EditRules.AgeConflict, "procedures[0].code");
    }

    [Theory]
    [InlineData("99395", 18)]
    [InlineData("99395", 39)]
    [InlineData("99396", 40)]
    [InlineData("99396", 64)]
    [InlineData("99397", 65)]
    [InlineData("99387", 90)]
    public void A_preventive_visit_within_its_age_band_is_accepted(string code, int age) =>
        EditAssert.Clean(new CodingBuilder().Patient(Sex.Female, age).Diagnoses("Z00.00").Procedures(Line(code)).Check());

    [Fact]
    public void Age_is_counted_in_completed_years_on_the_date_of_service()
    {
        // Born 1985-03-04: still 39 on 2025-03-03, 40 the next day.
        var builder = new CodingBuilder().BornOn(1985, 3, 4).Diagnoses("Z00.00").Procedures(Line("99396"));
        EditAssert.Reports(builder.On(2025, 3, 3).Check(), EditRules.AgeConflict, "procedures[0].code");
        EditAssert.DoesNotReport(builder.On(2025, 3, 4).Check(), EditRules.AgeConflict);
    }
}
