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
    public void A_newborn_code_on_an_adult_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Patient(Sex.Female, 40).Diagnoses("P59.9").Procedures(Line("99213")).Check(), EditRules.AgeConflict, "diagnoses[0]");

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
