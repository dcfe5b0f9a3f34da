using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Edits;
using static RevenueCycle.Coding.Tests.Edits.CodingBuilder;

namespace RevenueCycle.Coding.Tests.Edits;

public sealed class Code_format_edits
{
    [Theory]
    [InlineData("e119", "E11.9")]
    [InlineData("E11.9", "E11.9")]
    [InlineData(" E1165 ", "E11.65")]
    [InlineData("s93401a", "S93.401A")]
    [InlineData("I10", "I10")]
    [InlineData("F32.A", "F32.A")]
    [InlineData("u071", "U07.1")]
    public void Diagnoses_are_normalized_to_the_dotted_upper_case_spelling(string entered, string stored)
    {
        Assert.True(CodeFormat.TryNormalizeDiagnosis(entered, out var code));
        Assert.Equal(stored, code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("E1")]
    [InlineData("E11.")]
    [InlineData("E11.91234")]
    [InlineData("11.9")]
    [InlineData("E11-9")]
    public void Malformed_diagnoses_are_not_normalized(string entered) => Assert.False(CodeFormat.TryNormalizeDiagnosis(entered, out _));

    [Fact]
    public void A_lower_case_dotless_diagnosis_is_accepted_as_its_code() =>
        EditAssert.Clean(new CodingBuilder().Diagnoses("e119", "i10").Check());

    [Fact]
    public void A_malformed_diagnosis_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Diagnoses("E11.9", "E1-19").Check(), EditRules.CodeFormat, "diagnoses[1]");

    [Fact]
    public void A_code_and_modifier_typed_in_the_code_field_are_refused_with_the_fix()
    {
        var edit = EditAssert.Reports(new CodingBuilder().Procedures(Line("99213-25", 1, 2)).Check(), EditRules.CodeFormat, "procedures[0].code");
        Assert.Contains("25", edit.Message);
        Assert.Contains("modifier", edit.Message);
    }

    [Theory]
    [InlineData("9921")]
    [InlineData("992134")]
    [InlineData("Z1234")]
    public void A_malformed_procedure_code_is_refused(string code) =>
        EditAssert.Reports(new CodingBuilder().Procedures(Line(code, 1)).Check(), EditRules.CodeFormat, "procedures[0].code");

    [Fact]
    public void Lower_case_hcpcs_codes_are_accepted() =>
        EditAssert.Clean(new CodingBuilder().Patient(Sex.Female, 70).Diagnoses("Z00.00").Procedures(Line("g0439", 1)).Check());

    [Fact]
    public void The_normalized_coding_stores_codes_with_the_dot_and_upper_case()
    {
        var normalized = new CodingSubmission(["e1165", "I10"], [new ProcedureLine("g0439", ["xs"], 1, [1])]).Normalized();
        Assert.Equal(["E11.65", "I10"], normalized.Diagnoses);
        Assert.Equal("G0439", normalized.Procedures[0].Code);
        Assert.Equal(["XS"], normalized.Procedures[0].Modifiers);
    }

    [Fact]
    public void A_place_of_service_not_in_the_cms_list_is_refused()
    {
        EditAssert.Reports(new CodingBuilder().At("30").Check(), EditRules.PlaceOfServiceUnknown, "placeOfService");
        EditAssert.Reports(new CodingBuilder().At("1").Check(), EditRules.CodeFormat, "placeOfService");
    }

    [Theory]
    [InlineData("11")]
    [InlineData("02")]
    [InlineData("10")]
    [InlineData("22")]
    public void A_cms_place_of_service_is_accepted(string pos) =>
        EditAssert.DoesNotReport(new CodingBuilder().At(pos).Check(), EditRules.PlaceOfServiceUnknown);

    [Fact]
    public void Telehealth_in_the_patients_home_is_refused_before_2022() =>
        EditAssert.Reports(new CodingBuilder().On(2021, 6, 1).At("10").Check(), EditRules.PlaceOfServiceUnknown, "placeOfService");
}
