using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Edits;
using static RevenueCycle.Coding.Tests.Edits.CodingBuilder;

namespace RevenueCycle.Coding.Tests.Edits;

/// <summary>
/// The AMA CPT code set has five-digit Category I codes and four digits followed by a letter for its other
/// sections: F Category II (performance measurement), T Category III (emerging technology), U Proprietary
/// Laboratory Analyses, M administrative Multianalyte Assays with Algorithmic Analyses, and A vaccine
/// product and administration codes released ahead of their Category I codes (AMA, CPT code set "Category I,
/// II, III, PLA and MAAA codes"; the COVID-19 vaccine codes 0001A–0004A of December 2020 and August/September 2021).
/// </summary>
public sealed class Cpt_code_categories
{
    [Theory]
    [InlineData("0001M")]
    [InlineData("0007m")]
    [InlineData("0001A")]
    [InlineData("0003A")]
    [InlineData("3074F")]
    [InlineData("0591T")]
    [InlineData("0001U")]
    public void Every_cpt_category_is_a_procedure_code_shape(string code)
    {
        Assert.True(CodeFormat.TryNormalizeProcedure(code, out var normalized));
        Assert.Equal(code.ToUpperInvariant(), normalized);
        Assert.Equal(CodeSystem.Cpt, CodeFormat.ProcedureSystem(normalized));
    }

    [Theory]
    [InlineData("0001B")]
    [InlineData("001A")]
    [InlineData("A0001")]
    public void Four_digits_and_a_letter_outside_the_cpt_sections_is_not_a_cpt_code(string code) =>
        Assert.False(CodeFormat.TryNormalizeProcedure(code, out var normalized) && CodeFormat.ProcedureSystem(normalized) == CodeSystem.Cpt);

    [Fact]
    public void A_vaccine_administration_code_ending_in_a_is_accepted_while_it_was_in_force()
    {
        var builder = new CodingBuilder().Diagnoses("Z23").Procedures(Line("0001A"), Line("0002A"));
        EditAssert.Clean(builder.On(2021, 3, 1).Check());
        EditAssert.Clean(new CodingBuilder().On(2021, 10, 1).Diagnoses("Z23").Procedures(Line("0004A")).Check());
    }

    [Fact]
    public void An_administrative_maaa_code_ending_in_m_is_accepted() =>
        EditAssert.Clean(new CodingBuilder().Diagnoses("E11.9").Procedures(Line("0007M")).Check());

    // 99024: the post-operative follow-up visit included in the global surgical package (Medicare Claims Processing
    // Manual, Pub. 100-04, ch. 12 §40.1; the CY 2017 physician fee schedule rule asks for those visits to be reported
    // with 99024), sent for tracking at $0.00: the surgery's global fee pays it. Category II codes and the quality
    // G codes (3074F, 1036F, G8427) are MIPS claims-based quality data codes, reported on the claim with a $0.00
    // line charge, or $0.01 where a billing system cannot send $0.00 (CMS Quality Payment Program, claims
    // reporting).
    [Fact]
    public void A_post_operative_visit_and_quality_codes_are_a_clean_coding()
    {
        var edits = new CodingBuilder().Patient(Sex.Female, 70).Diagnoses("I10", "Z48.02")
            .Procedures(Line("99024", 2), Line("3074F", 1), Line("3078F", 1), Line("1036F", 1), Line("G8427", 1))
            .Check();
        EditAssert.Clean(edits);
    }
}
