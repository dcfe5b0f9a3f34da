using RevenueCycle.Payments.Posting;

namespace RevenueCycle.Payments.Tests;

public class Matching_service_lines
{
    static RemittanceLine Paid(string code, decimal charge, string[]? modifiers = null, string? submitted = null) =>
        new(code, modifiers ?? [], submitted, submitted is null ? null : [], charge, 0m, null, [], []);

    static readonly BilledLine[] Billed =
    [
        new(1, "99214", ["25"], 180m),
        new(2, "80053", [], 70m),
        new(3, "36415", [], 15m),
    ];

    [Fact]
    public void Matches_each_line_by_procedure_modifiers_and_charge_in_any_order()
    {
        var result = LineMatcher.Match(Billed, [Paid("36415", 15m), Paid("99214", 180m, ["25"]), Paid("80053", 70m)]);
        Assert.Equal([3, 1, 2], result);
    }

    [Fact]
    public void Matches_a_recoded_line_by_its_original_procedure_in_SVC06()
    {
        var result = LineMatcher.Match(Billed, [Paid("80050", 70m, submitted: "80053")]);
        Assert.Equal([2], result);
    }

    [Fact]
    public void Two_lines_of_one_procedure_take_one_billed_line_each()
    {
        BilledLine[] billed = [new(1, "97110", [], 40m), new(2, "97110", ["59"], 40m)];
        var result = LineMatcher.Match(billed, [Paid("97110", 40m, ["59"]), Paid("97110", 40m)]);
        Assert.Equal([2, 1], result);
    }

    [Fact]
    public void Falls_back_to_procedure_when_the_payer_changed_the_charge_and_leaves_strangers_unmatched()
    {
        var result = LineMatcher.Match(Billed, [Paid("99214", 175m, ["25"]), Paid("99999", 1m), Paid("80053", 70m)]);
        Assert.Equal(1, result[0]);
        Assert.Null(result[1]);
        Assert.Equal(2, result[2]);
    }
}
