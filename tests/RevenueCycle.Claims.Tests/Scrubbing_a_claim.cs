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

    [Fact]
    public void A_procedure_billed_on_another_live_claim_is_a_duplicate()
    {
        var edits = Scrub(ClaimBuilder.Claim(), Clean with { ProceduresBilledElsewhere = new HashSet<string> { "80053" } });
        Assert.Equal("lines[2].procedureCode", Assert.Single(edits, e => e.Rule == "duplicate").Target);
        Assert.Empty(Scrub(ClaimBuilder.Claim(), Clean with { ProceduresBilledElsewhere = new HashSet<string> { "99213" } }));
    }

    [Fact]
    public void A_replacement_is_not_its_own_duplicate() =>
        Assert.Empty(Scrub(ClaimBuilder.Claim(), Clean with { ProceduresBilledElsewhere = new HashSet<string> { "80053" }, Frequency = 7 }));

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
