using RevenueCycle.Coding.Audits;
using RevenueCycle.Coding.Edits;

namespace RevenueCycle.Coding.Tests.Audits;

public sealed class Audit_scoring
{
    static ProcedureLine Line(string code, int units = 1, params string[] modifiers) => new(code, modifiers, units, [1]);

    static readonly string[] Diagnoses = ["E11.9", "I10"];
    static readonly ProcedureLine[] Procedures = [Line("99214"), Line("36415")];

    [Fact]
    public void An_agreeing_verdict_counts_every_code_right()
    {
        var score = AuditScoring.Agrees(Diagnoses, Procedures);
        Assert.True(score.Right);
        Assert.Equal(4, score.CodesReviewed);
        Assert.Equal(4, score.CodesRight);
    }

    [Fact]
    public void A_correction_identical_to_the_coding_finds_no_error()
    {
        var score = AuditScoring.Score(Diagnoses, Procedures, ["E11.9", "I10"], [Line("99214"), Line("36415")]);
        Assert.True(score.Right);
        Assert.Equal(4, score.CodesRight);
    }

    [Fact]
    public void Swapped_diagnoses_are_one_wrong_principal_and_no_missing_or_extra()
    {
        var score = AuditScoring.Score(Diagnoses, Procedures, ["I10", "E11.9"], Procedures);
        Assert.Equal([AuditErrorKinds.WrongPrincipal], score.Errors);
        Assert.Equal(4, score.CodesRight);
    }

    [Fact]
    public void A_replaced_principal_is_counted_once_not_again_as_missing_and_extra()
    {
        var score = AuditScoring.Score(Diagnoses, Procedures, ["E11.65", "I10"], Procedures);
        Assert.Equal([AuditErrorKinds.WrongPrincipal], score.Errors);
        Assert.Equal(3, score.CodesRight);
    }

    [Fact]
    public void Added_and_removed_secondary_diagnoses_are_missing_and_extra()
    {
        var score = AuditScoring.Score(["E11.9", "I10", "R51.9"], Procedures, ["E11.9", "I10", "E78.5"], Procedures);
        Assert.Equal([AuditErrorKinds.MissingDiagnosis, AuditErrorKinds.ExtraDiagnosis], score.Errors);
        Assert.Equal(4, score.CodesRight);
    }

    [Fact]
    public void A_changed_procedure_code_is_one_wrong_procedure()
    {
        var score = AuditScoring.Score(Diagnoses, Procedures, Diagnoses, [Line("99213"), Line("36415")]);
        Assert.Equal([AuditErrorKinds.WrongProcedure], score.Errors);
        Assert.Equal(3, score.CodesRight);
    }

    [Fact]
    public void A_modifier_the_auditor_adds_is_missing_and_one_replaced_is_wrong()
    {
        var missing = AuditScoring.Score(Diagnoses, Procedures, Diagnoses, [Line("99214", 1, "25"), Line("36415")]);
        Assert.Equal([AuditErrorKinds.MissingModifier], missing.Errors);
        var wrong = AuditScoring.Score(Diagnoses, [Line("99214", 1, "59"), Line("36415")], Diagnoses, [Line("99214", 1, "25"), Line("36415")]);
        Assert.Equal([AuditErrorKinds.WrongModifier], wrong.Errors);
        Assert.Equal(3, wrong.CodesRight);
    }

    [Fact]
    public void Different_units_are_wrong_units()
    {
        var score = AuditScoring.Score(Diagnoses, Procedures, Diagnoses, [Line("99214"), Line("36415", 2)]);
        Assert.Equal([AuditErrorKinds.WrongUnits], score.Errors);
        Assert.Equal(3, score.CodesRight);
    }
}
