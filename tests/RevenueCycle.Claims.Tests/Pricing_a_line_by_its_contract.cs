using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.PayerContracts;
using RevenueCycle.Contracts.Payments;

namespace RevenueCycle.Claims.Tests;

public class Pricing_a_line_by_its_contract
{
    static readonly DateOnly Jan2025 = new(2025, 1, 1), Jan2026 = new(2026, 1, 1);

    static ContractLine Line(string code, decimal allowed, DateOnly from, DateOnly? to = null, params string[] modifiers) =>
        new(Guid.CreateVersion7(), code, modifiers, allowed, null, null, from, to);

    static ContractLine PercentOf(string schedule, decimal percent, DateOnly? from = null) => new(Guid.CreateVersion7(), null, [], null, schedule, percent, from, null);

    static decimal? Expected(IEnumerable<ContractLine> contract, string code, decimal units, DateOnly dos, string[]? modifiers = null, IEnumerable<ReferenceItem>? reference = null) =>
        ExpectedPayment.For(contract, reference ?? [], code, modifiers ?? [], units, dos)?.Expected;

    // The contract rate is per unit, as the CMS physician fee schedule's is per unit of service.
    [Fact]
    public void The_expected_amount_is_the_rate_per_unit_times_the_units() =>
        Assert.Equal(301.50m, Expected([Line("97110", 100.50m, Jan2025)], "97110", 3, new(2025, 3, 1)));

    [Fact]
    public void A_line_for_the_modifier_wins_over_the_line_for_the_code_alone() =>
        Assert.Equal(20m, Expected([Line("93000", 60m, Jan2025), Line("93000", 20m, Jan2025, null, "26")], "93000", 1, new(2025, 3, 1), ["26"]));

    [Fact]
    public void A_line_for_a_modifier_the_claim_line_lacks_does_not_apply() =>
        Assert.Equal(60m, Expected([Line("93000", 60m, Jan2025), Line("93000", 20m, Jan2025, null, "26")], "93000", 1, new(2025, 3, 1), ["59"]));

    [Fact]
    public void The_line_effective_on_the_date_of_service_applies()
    {
        ContractLine[] contract = [Line("99213", 90m, Jan2025, new(2025, 12, 31)), Line("99213", 95m, Jan2026)];
        Assert.Equal((90m, 95m, (decimal?)null),
            (Expected(contract, "99213", 1, new(2025, 12, 31)), Expected(contract, "99213", 1, new(2026, 1, 1)), Expected(contract, "99213", 1, new(2024, 12, 31))));
    }

    [Fact]
    public void Where_versions_overlap_the_latest_one_wins() =>
        Assert.Equal(95m, Expected([Line("99213", 90m, Jan2025), Line("99213", 95m, Jan2026)], "99213", 1, new(2026, 6, 1)));

    // 110% of a Medicare amount of $72.47 is $79.717: rounded to the cent per unit ($79.72), then times the units.
    [Fact]
    public void A_percent_of_a_reference_schedule_is_rounded_to_the_cent_per_unit()
    {
        ReferenceItem[] medicare = [new("medicare-2026", "99213", "", 72.47m, Jan2026, null)];
        var expectation = ExpectedPayment.For([PercentOf("medicare-2026", 110m)], medicare, "99213", [], 2, new(2026, 2, 1));
        Assert.Equal((79.72m, 159.44m), (expectation!.PerUnit, expectation.Expected));
    }

    [Fact]
    public void A_reference_row_for_the_modifier_wins_over_the_global_row()
    {
        ReferenceItem[] medicare = [new("mpfs", "71046", "", 40m, Jan2026, null), new("mpfs", "71046", "26", 10m, Jan2026, null)];
        Assert.Equal(12m, Expected([PercentOf("mpfs", 120m)], "71046", 1, new(2026, 2, 1), ["26"], medicare));
    }

    [Fact]
    public void The_payers_own_line_for_a_code_wins_over_the_percent_of_a_reference_schedule()
    {
        ReferenceItem[] medicare = [new("medicare-2026", "99213", "", 72.47m, Jan2026, null)];
        Assert.Equal(100m, Expected([PercentOf("medicare-2026", 110m), Line("99213", 100m, Jan2026)], "99213", 1, new(2026, 2, 1), null, medicare));
    }

    [Fact]
    public void A_code_neither_the_contract_nor_its_reference_schedule_lists_has_no_expected_amount() =>
        Assert.Null(Expected([PercentOf("medicare-2026", 110m), Line("99213", 100m, Jan2026)], "99214", 1, new(2026, 2, 1), null,
            [new("medicare-2026", "99213", "", 72.47m, Jan2026, null)]));

    // CARC 45 "charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement" brings the charge down to the
    // allowed amount; CARC 253 (sequestration) reduces the payment of what was allowed, so it leaves the allowed amount alone.
    [Fact]
    public void The_allowed_amount_is_the_charge_less_the_adjustments_to_the_contract_not_sequestration_or_the_patients_share()
    {
        var posting = Posting(new PostedLine(1, "99213", [], null, 150m, 78.40m, 20m, []),
            new PostedAdjustment("CO", "45", 50m, 1), new PostedAdjustment("CO", "253", 1.60m, 1), new PostedAdjustment("PR", "2", 20m, 1));
        Assert.Equal(100m, ExpectedPayment.AllowedOf(posting, posting.Lines[0]));
    }

    [Fact]
    public void A_line_allowed_below_the_contract_by_more_than_the_tolerance_is_a_shortfall_to_the_cent()
    {
        var posting = Posting(new PostedLine(1, "99213", [], null, 150m, 77.19m, 19.30m, []), new PostedAdjustment("CO", "45", 53.51m, 1), new PostedAdjustment("PR", "2", 19.30m, 1));
        var found = Find(posting, 1.00m, Line("99213", 100m, Jan2025));
        Assert.Equal((100m, 96.49m, 77.19m, 3.51m), (found.Single().Expected, found.Single().Allowed, found.Single().Paid, found.Single().Variance));
    }

    [Fact]
    public void A_shortfall_of_exactly_the_tolerance_or_less_is_not_an_underpayment()
    {
        var posting = Posting(new PostedLine(1, "99213", [], null, 150m, 79m, 20m, []), new PostedAdjustment("CO", "45", 51m, 1), new PostedAdjustment("PR", "2", 20m, 1));
        Assert.Equal((0, 1), (Find(posting, 1.00m, Line("99213", 100m, Jan2025)).Count, Find(posting, 0.99m, Line("99213", 100m, Jan2025)).Count));
    }

    [Fact]
    public void A_denied_line_and_a_line_paid_nothing_are_not_underpayments()
    {
        var posting = Posting(new PostedLine(1, "99213", [], null, 150m, 0m, 0m, []), new PostedAdjustment("CO", "50", 150m, 1));
        var capitated = Posting(new PostedLine(1, "99213", [], null, 150m, 0m, 0m, []), new PostedAdjustment("CO", "24", 150m, 1));
        Assert.Equal((0, 0), (Find(posting, 1m, Line("99213", 100m, Jan2025)).Count, Find(capitated, 1m, Line("99213", 100m, Jan2025)).Count));
    }

    [Fact]
    public void The_claim_lines_units_multiply_the_contract_rate()
    {
        var posting = Posting(new PostedLine(1, "97110", [], null, 200m, 96m, 24m, []), new PostedAdjustment("CO", "45", 80m, 1), new PostedAdjustment("PR", "2", 24m, 1));
        var found = UnderpaymentReview.Find(posting, [new ClaimLine(1, "97110", [], 4, [1], 200m)], new(2025, 6, 2), [Line("97110", 35m, Jan2025)], [], 1m);
        Assert.Equal((140m, 120m, 20m), (found.Single().Expected, found.Single().Allowed, found.Single().Variance));
    }

    static List<Shortfall> Find(ClaimPaymentPosted posting, decimal tolerance, params ContractLine[] contract) =>
        UnderpaymentReview.Find(posting, [new ClaimLine(1, "99213", [], 1, [1], 150m)], new(2025, 6, 2), contract, [], tolerance);

    static ClaimPaymentPosted Posting(PostedLine line, params PostedAdjustment[] adjustments) =>
        new(Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, "RC1", null, "1", "ACME01", "Acme", new DateOnly(2025, 6, 20), new DateOnly(2025, 6, 2),
            line.Charge, line.Paid, adjustments, new PatientResponsibility(0, 0, 0, 0, 0), 0, false, [line], [], DateTimeOffset.UtcNow);
}
