using RevenueCycle.Coding.Edits;
using static RevenueCycle.Coding.Tests.Edits.CodingBuilder;

namespace RevenueCycle.Coding.Tests.Edits;

public sealed class Procedure_edits
{
    [Fact]
    public void An_unknown_procedure_code_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Procedures(Line("99213", 1), Line("99999", 1)).Check(), EditRules.ProcedureUnknown, "procedures[1].code");

    [Fact]
    public void Known_cpt_and_hcpcs_codes_are_accepted() =>
        EditAssert.DoesNotReport(new CodingBuilder().Procedures(Line("99213", 1), Line("G2211", 1)).Check(), EditRules.ProcedureUnknown);

    [Fact]
    public void A_deleted_procedure_code_is_refused_after_its_last_day()
    {
        var builder = new CodingBuilder().Procedures(Line("99442", 1));
        EditAssert.DoesNotReport(builder.On(2024, 12, 31).Check(), EditRules.ProcedureNotEffective);
        EditAssert.Reports(builder.On(2025, 1, 1).Check(), EditRules.ProcedureNotEffective, "procedures[0].code");
    }

    [Fact]
    public void A_coding_without_procedures_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Procedures().Check(), EditRules.ProcedureMissing, "procedures");

    [Fact]
    public void A_pointer_beyond_the_coded_diagnoses_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Procedures(Line("99213", 1, 3)).Check(), EditRules.PointerRange, "procedures[0].diagnosisPointers[1]");

    [Fact]
    public void A_pointer_of_zero_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Procedures(Line("99213", 0)).Check(), EditRules.PointerRange, "procedures[0].diagnosisPointers[0]");

    [Fact]
    public void Pointers_within_the_coded_diagnoses_are_accepted() =>
        EditAssert.DoesNotReport(new CodingBuilder().Procedures(Line("99213", 2, 1)).Check(), EditRules.PointerRange);

    [Fact]
    public void A_line_without_pointers_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Procedures(new ProcedureLine("99213", [], 1, [])).Check(), EditRules.PointerMissing, "procedures[0].diagnosisPointers");

    [Fact]
    public void Four_pointers_are_accepted() =>
        EditAssert.DoesNotReport(new CodingBuilder().Diagnoses("E11.9", "I10", "E78.5", "E03.9").Procedures(Line("99214", 1, 2, 3, 4)).Check(), EditRules.Max4Pointers);

    [Fact]
    public void A_fifth_pointer_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Diagnoses("E11.9", "I10", "E78.5", "E03.9", "E55.9").Procedures(Line("99214", 1, 2, 3, 4, 5)).Check(),
            EditRules.Max4Pointers, "procedures[0].diagnosisPointers[4]");

    [Fact]
    public void The_same_pointer_twice_is_a_warning() =>
        EditAssert.Reports(new CodingBuilder().Procedures(Line("99213", 1, 1)).Check(), EditRules.PointerDuplicate, "procedures[0].diagnosisPointers[1]", EditSeverity.Warning);

    [Theory]
    [InlineData("ZZ")]
    [InlineData("2")]
    [InlineData("-25")]
    [InlineData("XX")]
    public void An_unrecognised_modifier_is_refused(string modifier) =>
        EditAssert.Reports(new CodingBuilder().Procedures(Line("99213", ["25", modifier], 1, 1)).Check(), EditRules.ModifierInvalid, "procedures[0].modifiers[1]");

    [Theory]
    [InlineData("25")]
    [InlineData("59")]
    [InlineData("XS")]
    [InlineData("RT")]
    [InlineData("F5")]
    [InlineData("T9")]
    [InlineData("GT")]
    [InlineData("95")]
    [InlineData("qw")]
    [InlineData("KX")]
    public void A_recognised_modifier_is_accepted(string modifier) =>
        EditAssert.DoesNotReport(new CodingBuilder().Procedures(Line("99213", [modifier], 1, 1)).Check(), EditRules.ModifierInvalid);

    // Valid modifiers come from the code sets, not a list in code: the CPT modifiers of AMA CPT Appendix A (73/74
    // discontinued outpatient procedures, 95 and 93 telemedicine, 23 unusual anesthesia, 1P-8P Category II) and the
    // HCPCS Level II modifier records of the CMS HCPCS annual file (HA-HZ and U1-UD state Medicaid programs, GX/GU
    // liability notices, CQ/CO therapy assistants, AA/AD/QK/QX/QY/QZ/QS/G8/G9 anesthesia, P1-P6 physical status).
    [Theory]
    [InlineData("HA")] [InlineData("HF")] [InlineData("HZ")]
    [InlineData("U1")] [InlineData("U9")] [InlineData("UD")]
    [InlineData("GX")] [InlineData("GU")] [InlineData("95")] [InlineData("93")] [InlineData("CQ")] [InlineData("CO")]
    [InlineData("73")] [InlineData("74")]
    [InlineData("AA")] [InlineData("AD")] [InlineData("QK")] [InlineData("QX")] [InlineData("QY")] [InlineData("QZ")] [InlineData("QS")]
    [InlineData("P1")] [InlineData("P6")] [InlineData("G8")] [InlineData("G9")] [InlineData("23")] [InlineData("1P")] [InlineData("8P")]
    public void A_modifier_from_the_cpt_or_hcpcs_modifier_code_sets_is_accepted(string modifier) =>
        EditAssert.DoesNotReport(new CodingBuilder().Procedures(Line("99213", [modifier], 1, 1)).Check(), EditRules.ModifierInvalid);

    [Fact]
    public void A_modifier_is_refused_before_it_took_effect() =>
        EditAssert.Reports(new CodingBuilder().On(2021, 6, 1).Procedures(Line("99213", ["FS"], 1, 1)).Check(), EditRules.ModifierInvalid, "procedures[0].modifiers[0]");

    [Fact]
    public void A_modifier_not_in_the_reference_data_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Procedures(Line("99213", ["GT"], 1, 1)).Check(CodingReferenceData.Empty),
            EditRules.ModifierInvalid, "procedures[0].modifiers[0]");

    [Fact]
    public void The_same_modifier_twice_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Procedures(Line("20610", ["RT", "rt"], 1, 1)).Check(), EditRules.ModifierDuplicate, "procedures[0].modifiers[1]");

    [Fact]
    public void Different_modifiers_are_not_duplicates() =>
        EditAssert.DoesNotReport(new CodingBuilder().Procedures(Line("20610", ["RT", "59"], 1, 1)).Check(), EditRules.ModifierDuplicate);

    [Fact]
    public void A_fifth_modifier_is_refused() =>
        EditAssert.Reports(new CodingBuilder().Procedures(Line("20610", ["RT", "59", "GA", "KX", "XS"], 1, 1)).Check(), EditRules.Max4Modifiers, "procedures[0].modifiers[4]");

    [Fact]
    public void Four_modifiers_are_accepted() =>
        EditAssert.DoesNotReport(new CodingBuilder().Procedures(Line("20610", ["RT", "59", "GA", "KX"], 1, 1)).Check(), EditRules.Max4Modifiers);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Units_that_are_not_positive_are_refused(int units) =>
        EditAssert.Reports(new CodingBuilder().Procedures(Line("99213", [], units, 1)).Check(), EditRules.Units, "procedures[0].units");

    [Fact]
    public void One_unit_is_accepted() =>
        EditAssert.DoesNotReport(new CodingBuilder().Procedures(Line("99213", [], 1, 1)).Check(), EditRules.Units);
}
