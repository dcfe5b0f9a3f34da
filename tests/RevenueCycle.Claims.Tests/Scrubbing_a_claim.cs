using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Scrubbing;

namespace RevenueCycle.Claims.Tests;

public class Scrubbing_a_claim
{
    static readonly ScrubContext Clean = new(ClaimBuilder.Today, [], new HashSet<string>());

    static IReadOnlyList<ScrubEdit> Scrub(ClaimData claim, ScrubContext? context = null) => Scrubber.Scrub(claim, context ?? Clean);

    [Fact]
    public void A_complete_claim_passes_every_rule() => Assert.Empty(Scrub(ClaimBuilder.Claim()));

    [Fact]
    public void Every_rule_has_a_unique_stable_id() =>
        Assert.Equal(Scrubber.Rules.Count, Scrubber.Rules.Select(r => r.Id).Distinct().Count());

    public static TheoryData<string, Func<ClaimData, ClaimData>> BrokenClaims => new()
    {
        { "fee-schedule.missing", c => c with { Lines = [c.Lines[0] with { Charge = null }] } },
        { "required.subscriber-id", c => c with { Coverage = c.Coverage with { MemberId = "" } } },
        { "required.payer-id", c => c with { Coverage = c.Coverage with { Payer = c.Coverage.Payer with { PayerId = " " } } } },
        { "required.billing-npi", c => c with { Practice = c.Practice! with { Npi = "" } } },
        { "required.tax-id", c => c with { Practice = c.Practice! with { TaxId = "" } } },
        { "required.zip9", c => c with { Practice = c.Practice! with { Address = c.Practice.Address with { Zip = "62701" } } } },
        { "required.patient-dob", c => c with { Patient = c.Patient with { DateOfBirth = default } } },
        { "required.patient-sex", c => c with { Patient = c.Patient with { Sex = "" } } },
        { "npi.billing-check-digit", c => c with { Practice = c.Practice! with { Npi = "1234567890" } } },
        { "npi.rendering-check-digit", c => c with { RenderingProvider = c.RenderingProvider with { Npi = "1987654321" } } },
        { "diagnosis.present", c => c with { Diagnoses = [], Lines = [] } },
        { "pointers.valid", c => c with { Lines = [c.Lines[0] with { DiagnosisPointers = [3] }] } },
        { "dos.not-future", c => c with { DateOfService = ClaimBuilder.Today.AddDays(1), Coverage = c.Coverage } },
        { "dos.timely-filing", c => c with { DateOfService = ClaimBuilder.Today.AddDays(-91) } },
        { "coverage.active", c => c with { CoverageActive = false } },
        { "coverage.priority", c => c with { Coverage = c.Coverage with { Priority = "secondary" } } },
        { "charge.positive", c => c with { Lines = [c.Lines[0] with { Charge = -1m }] } },
        { "units.positive", c => c with { Lines = [c.Lines[0] with { Units = 0 }] } },
    };

    [Theory]
    [MemberData(nameof(BrokenClaims))]
    public void A_claim_missing_something_is_held_by_the_rule_that_checks_it(string rule, Func<ClaimData, ClaimData> breakIt)
    {
        var edits = Scrub(breakIt(ClaimBuilder.Claim()));
        Assert.Contains(edits, e => e.Rule == rule && e.Severity == "error" && e.Message.Length > 10);
    }

    [Fact]
    public void Coverage_that_ended_before_the_date_of_service_is_not_active()
    {
        var claim = ClaimBuilder.Claim();
        claim = claim with { Coverage = claim.Coverage with { EffectiveTo = claim.DateOfService.AddDays(-1) } };
        Assert.Equal(["coverage.active"], Scrub(claim).Select(e => e.Rule));
    }

    [Fact]
    public void A_claim_bills_the_coverage_of_its_place_in_the_order_of_benefits()
    {
        var secondary = ClaimBuilder.Claim() with { Coverage = ClaimBuilder.Claim().Coverage with { Priority = "secondary" } };
        Assert.Empty(Scrub(secondary, Clean with { Responsibility = "secondary" }));
        var edit = Assert.Single(Scrub(secondary));
        Assert.Equal("coverage.priority", edit.Rule);
        Assert.Contains("as the primary payer, but registration lists that coverage as secondary", edit.Message);
        // A replacement goes to the payer that has the original, whatever the order says now.
        Assert.Empty(Scrub(secondary, Clean with { Frequency = 7 }));
    }

    [Fact]
    public void Timely_filing_counts_the_payers_days_from_the_date_of_service()
    {
        var claim = ClaimBuilder.Claim() with { DateOfService = ClaimBuilder.Today.AddDays(-90) };
        Assert.Empty(Scrub(claim));
    }

    static HashSet<string> Billed(string code, string npi = "1987654328") => [ScrubContext.BilledKey(code, npi)];

    [Fact]
    public void A_procedure_billed_on_another_live_claim_is_a_duplicate()
    {
        var edits = Scrub(ClaimBuilder.Claim(), Clean with { ProceduresBilledElsewhere = Billed("80053") });
        Assert.Equal("lines[2].procedureCode", Assert.Single(edits, e => e.Rule == "duplicate").Target);
        Assert.Empty(Scrub(ClaimBuilder.Claim(), Clean with { ProceduresBilledElsewhere = Billed("99213") }));
    }

    // NCCI policy manual ch. I / CPT: 76, 77 and 91 say the service was repeated that day; a different rendering provider's service is its own.
    [Theory]
    [InlineData("76"), InlineData("77"), InlineData("91")]
    public void A_repeat_modifier_makes_the_same_procedure_that_day_no_duplicate(string modifier)
    {
        var claim = ClaimBuilder.Claim();
        claim = claim with { Lines = [.. claim.Lines.Select(l => l.ProcedureCode == "80053" ? l with { Modifiers = [modifier] } : l)] };
        Assert.DoesNotContain(Scrub(claim, Clean with { ProceduresBilledElsewhere = Billed("80053") }), e => e.Rule == "duplicate");
    }

    [Fact]
    public void The_same_procedure_by_another_rendering_provider_is_no_duplicate() =>
        Assert.DoesNotContain(Scrub(ClaimBuilder.Claim(), Clean with { ProceduresBilledElsewhere = Billed("80053", "1234567893") }), e => e.Rule == "duplicate");

    [Fact]
    public void A_replacement_is_not_its_own_duplicate() =>
        Assert.Empty(Scrub(ClaimBuilder.Claim(), Clean with { ProceduresBilledElsewhere = Billed("80053"), Frequency = 7 }));

    // Payers' coordination-of-benefits filing limits run from the primary's remittance for a secondary claim (e.g. 42 CFR 424.44(b)).
    [Fact]
    public void A_secondary_claims_filing_limit_counts_from_the_primarys_remittance()
    {
        var old = ClaimBuilder.Claim() with { DateOfService = ClaimBuilder.Today.AddDays(-400) };
        var secondary = old with { PriorPayer = new PriorPayment(old.Coverage, 50m, ClaimBuilder.Today.AddDays(-10), [], []) };
        Assert.DoesNotContain(Scrub(secondary, Clean with { Responsibility = "secondary" }), e => e.Rule == "dos.timely-filing");
        var late = old with { PriorPayer = new PriorPayment(old.Coverage, 50m, ClaimBuilder.Today.AddDays(-400), [], []) };
        Assert.Contains(Scrub(late, Clean with { Responsibility = "secondary" }), e => e.Rule == "dos.timely-filing");
    }

    // A corrected claim (frequency 7) is a claim: past the payer's limit it is held like an original.
    [Fact]
    public void A_corrected_claim_is_subject_to_timely_filing_too() =>
        Assert.Contains(Scrub(ClaimBuilder.Claim() with { DateOfService = ClaimBuilder.Today.AddDays(-400) }, Clean with { Frequency = 7 }),
            e => e.Rule == "dos.timely-filing");

    [Fact]
    public void A_payer_requiring_prior_authorization_holds_the_claim_until_it_has_a_number()
    {
        var rules = Clean with { PayerRules = [new PayerRule { Kind = PayerRule.PriorAuthorization, ProcedureCode = "80053" }] };
        Assert.Contains(Scrub(ClaimBuilder.Claim(), rules), e => e.Rule == "payer.prior-authorization");
        Assert.Empty(Scrub(ClaimBuilder.Claim() with { PriorAuthorizationNumber = "AUTH-9" }, rules));
    }

    [Fact]
    public void A_payer_requiring_a_modifier_holds_a_line_without_it()
    {
        var rules = Clean with { PayerRules = [new PayerRule { Kind = PayerRule.RequiredModifier, ProcedureCode = "99214", Modifier = "25" }] };
        Assert.Empty(Scrub(ClaimBuilder.Claim(), rules));
        var claim = ClaimBuilder.Claim();
        Assert.Contains(Scrub(claim with { Lines = [claim.Lines[0] with { Modifiers = [] }] }, rules), e => e.Rule == "payer.required-modifier");
    }

    [Fact]
    public void A_payer_unit_limit_holds_a_line_over_it()
    {
        var rules = Clean with { PayerRules = [new PayerRule { Kind = PayerRule.UnitLimit, ProcedureCode = "80053", MaxUnits = 2 }] };
        Assert.Empty(Scrub(ClaimBuilder.Claim(), rules));
        var claim = ClaimBuilder.Claim();
        Assert.Contains(Scrub(claim with { Lines = [claim.Lines[1] with { Units = 3 }] }, rules), e => e.Rule == "payer.unit-limit");
    }
}
