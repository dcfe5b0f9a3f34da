using RevenueCycle.Coding.Edits;
using static RevenueCycle.Coding.Tests.Edits.CodingBuilder;

namespace RevenueCycle.Coding.Tests.Edits;

public sealed class Em_modifier_25_edits
{
    [Fact]
    public void An_em_with_a_minor_procedure_and_no_modifier_25_is_a_warning() =>
        EditAssert.Reports(new CodingBuilder().Diagnoses("H61.21", "I10").Procedures(Line("99213", 1, 2), Line("69209", ["RT"], 1, 1)).Check(),
            EditRules.EmModifier25, "procedures[0].modifiers", EditSeverity.Warning);

    [Fact]
    public void An_em_with_a_minor_procedure_and_modifier_25_is_accepted() =>
        EditAssert.Clean(new CodingBuilder().Diagnoses("H61.21", "I10").Procedures(Line("99213", ["25"], 1, 1, 2), Line("69209", ["RT"], 1, 1)).Check());

    [Fact]
    public void An_em_with_labs_and_vaccines_needs_no_modifier_25() =>
        EditAssert.DoesNotReport(new CodingBuilder().Diagnoses("E11.9", "Z23").Procedures(Line("99213", 1), Line("83036", 1), Line("90686", 2), Line("90471", 2)).Check(),
            EditRules.EmModifier25);
}
