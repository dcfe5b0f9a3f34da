using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Edits;
using static RevenueCycle.Coding.Tests.Edits.CodingBuilder;

namespace RevenueCycle.Coding.Tests.Edits;

public sealed class Ncci_and_mue_edits
{
    [Fact]
    public void Units_above_the_mue_are_refused() =>
        EditAssert.Reports(new CodingBuilder().Procedures(Line("99213", 1), Line("36415", [], 2, 1)).Check(), EditRules.MueExceeded, "procedures[1].units");

    [Fact]
    public void Units_at_the_mue_are_accepted() =>
        EditAssert.DoesNotReport(new CodingBuilder().Procedures(Line("99213", 1), Line("96372", ["59"], 4, 1)).Check(), EditRules.MueExceeded);

    [Fact]
    public void A_date_of_service_mue_counts_the_units_of_every_line()
    {
        // 96372 has MAI 3 (date of service): 3 + 2 units on two lines is 5, above 4.
        var edits = new CodingBuilder().Procedures(Line("96372", [], 3, 1), Line("96372", ["59"], 2, 1)).Check();
        EditAssert.Reports(edits, EditRules.MueExceeded, "procedures[1].units");
    }

    [Fact]
    public void A_line_mue_counts_each_line_apart()
    {
        // 20610 has MAI 1 (claim line): one unit on each knee is two lines within the MUE of 2.
        var apart = new CodingBuilder().Diagnoses("M17.0").Procedures(Line("20610", ["RT"], 1, 1), Line("20610", ["LT"], 2, 1)).Check();
        EditAssert.DoesNotReport(apart, EditRules.MueExceeded);
        var over = new CodingBuilder().Diagnoses("M17.0").Procedures(Line("20610", ["RT"], 3, 1)).Check();
        EditAssert.Reports(over, EditRules.MueExceeded, "procedures[0].units");
    }

    [Fact]
    public void An_indicator_0_pair_is_refused_even_with_a_modifier()
    {
        var edits = new CodingBuilder().Procedures(Line("99213", 1), Line("93000", 1), Line("93010", ["59"], 1, 1)).Check();
        EditAssert.Reports(edits, EditRules.NcciPtpNeverTogether, "procedures[2]");
    }

    [Fact]
    public void Panels_and_their_component_tests_are_refused_together()
    {
        var edits = new CodingBuilder().Procedures(Line("80053", 1), Line("80048", 1), Line("82947", 1)).Check();
        EditAssert.Reports(edits, EditRules.NcciPtpNeverTogether, "procedures[1]");
        EditAssert.Reports(edits, EditRules.NcciPtpNeverTogether, "procedures[2]");
    }

    [Fact]
    public void Codes_without_a_pair_edit_are_accepted_together() =>
        EditAssert.Clean(new CodingBuilder().Procedures(Line("99213", 1, 2), Line("83036", 1), Line("80061", 2), Line("36415", 1)).Check());

    [Fact]
    public void An_indicator_1_procedure_pair_is_refused_without_a_distinct_service_modifier() =>
        EditAssert.Reports(new CodingBuilder().Diagnoses("L82.1", "D22.9").Procedures(Line("11104", 1), Line("11102", 2)).Check(),
            EditRules.NcciPtpModifierRequired, "procedures[1]");

    [Theory]
    [InlineData("59")]
    [InlineData("XS")]
    [InlineData("XE")]
    [InlineData("XP")]
    [InlineData("XU")]
    public void An_indicator_1_procedure_pair_is_accepted_with_a_distinct_service_modifier_on_column_2(string modifier) =>
        EditAssert.DoesNotReport(new CodingBuilder().Diagnoses("L82.1", "D22.9").Procedures(Line("11104", 1), Line("11102", [modifier], 1, 2)).Check(),
            EditRules.NcciPtpModifierRequired);

    [Fact]
    public void A_distinct_service_modifier_on_the_column_1_code_does_not_bypass_the_edit() =>
        EditAssert.Reports(new CodingBuilder().Diagnoses("L82.1", "D22.9").Procedures(Line("11104", ["59"], 1, 1), Line("11102", 2)).Check(),
            EditRules.NcciPtpModifierRequired, "procedures[1]");

    [Fact]
    public void An_em_with_an_indicator_1_procedure_is_refused_without_modifier_25()
    {
        var edits = new CodingBuilder().Diagnoses("M17.11", "I10").Procedures(Line("99213", 1, 2), Line("20610", ["RT"], 1, 1)).Check();
        EditAssert.Reports(edits, EditRules.NcciPtpModifierRequired, "procedures[0]");
        EditAssert.DoesNotReport(edits, EditRules.EmModifier25);
    }

    [Fact]
    public void An_em_with_an_indicator_1_procedure_is_accepted_with_modifier_25() =>
        EditAssert.Clean(new CodingBuilder().Diagnoses("M17.11", "I10").Procedures(Line("99213", ["25"], 1, 1, 2), Line("20610", ["RT"], 1, 1)).Check());

    [Fact]
    public void Modifier_59_on_the_em_does_not_bypass_an_em_pair() =>
        EditAssert.Reports(new CodingBuilder().Procedures(Line("99213", ["59"], 1, 1), Line("96372", 1)).Check(), EditRules.NcciPtpModifierRequired, "procedures[0]");

    [Fact]
    public void An_indicator_9_pair_raises_no_edit()
    {
        var edits = new CodingBuilder().Patient(Sex.Female, 70).Diagnoses("Z00.00").Procedures(Line("G0439", 1), Line("99497", 1)).Check();
        EditAssert.DoesNotReport(edits, EditRules.NcciPtpNeverTogether);
        EditAssert.DoesNotReport(edits, EditRules.NcciPtpModifierRequired);
    }

    [Fact]
    public void A_pair_is_only_checked_while_it_is_in_force()
    {
        // 99214/99211 was in force through 2017-12-31.
        var builder = new CodingBuilder().Procedures(Line("99214", 1), Line("99211", 1));
        EditAssert.Reports(builder.On(2017, 12, 31).Check(), EditRules.NcciPtpNeverTogether, "procedures[1]");
        EditAssert.DoesNotReport(builder.On(2018, 1, 1).Check(), EditRules.NcciPtpNeverTogether);
    }

    [Fact]
    public void A_pair_is_not_checked_before_its_effective_date()
    {
        var pair = new PtpEdit("93000", "93010", new DateOnly(2025, 7, 1), null, PtpModifierIndicator.NotAllowed, "test");
        var reference = new CodingReferenceData(StarterCodeSet.Load().Codes, [pair], []);
        var builder = new CodingBuilder().Procedures(Line("99213", 1), Line("93000", 1), Line("93010", 1));
        EditAssert.DoesNotReport(builder.On(2025, 6, 30).Check(reference), EditRules.NcciPtpNeverTogether);
        EditAssert.Reports(builder.On(2025, 7, 1).Check(reference), EditRules.NcciPtpNeverTogether, "procedures[2]");
    }
}
