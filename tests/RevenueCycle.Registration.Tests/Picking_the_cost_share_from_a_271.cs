using RevenueCycle.Registration.Eligibility;
using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.Registration.Tests;

/// <summary>
/// Cost share from 271s shaped like real payers' (many EB segments, in no promised order), written by hand
/// from the X279A1 guide and payers' published samples — not by our writer, whose assumptions our simulator shares.
/// </summary>
public sealed class Picking_the_cost_share_from_a_271
{
    static readonly DateOnly ServiceDate = new(2026, 11, 20);

    static string Envelope(string sender, string transaction) =>
        $"ISA*00*          *00*          *ZZ*{sender,-15}*ZZ*{"RCM0123456789AB",-15}*261120*0930*^*00501*000004711*0*P*:~\n" +
        $"GS*HB*{sender}*RCM0123456789AB*20261120*0930*4711*X*005010X279A1~\n" + transaction + "\nGE*1*4711~\nIEA*1*000004711~\n";

    /// <summary>
    /// A UnitedHealthcare-like answer (as Availity relays it) about the subscriber: plan coverage for a list of
    /// service types, dental (35) inactive, a PCP in LS/LE, deductibles by family and individual, in and out of
    /// network, calendar year, year to date and remaining, out-of-pocket limits, copays for the emergency room,
    /// urgent care, the plan and office visits, coinsurance for the plan and office visits, and another payer.
    /// </summary>
    const string UnitedHealthcareLike = """
ST*271*0001*005010X279A1~
BHT*0022*11*4e1f9a2c7b8d4e0f9a1b2c3d4e5f60*20261120*093015~
HL*1**20*1~
NM1*PR*2*UNITEDHEALTHCARE*****PI*87726~
PER*IC**UR*www.uhcprovider.com~
HL*2*1*21*1~
NM1*1P*2*SPRINGFIELD FAMILY MEDICINE*****XX*1234567893~
HL*3*2*22*0~
TRN*2*4e1f9a2c7b8d4e0f9a1b2c3d4e5f60*1123456789~
TRN*1*202611200930150001*9877281234*ELIGIBILITY~
NM1*IL*1*LOVELACE*ADA*M***MI*912345678~
REF*6P*0701234*ACME CORPORATION~
REF*18*00123456789~
N3*100 MAIN ST~
N4*SPRINGFIELD*IL*627011234~
DMG*D8*19801210*F~
INS*Y*18*001*25~
DTP*346*D8*20260101~
EB*1*FAM*30^1^33^35^47^48^50^86^88^98^AL^MH^UC**PR*CHOICE PLUS~
EB*6**35~
MSG*DENTAL SERVICES ARE NOT COVERED UNDER THIS PLAN~
EB*L~
LS*2120~
NM1*P3*1*WELBY*MARCUS****XX*1679576722~
LE*2120~
EB*C*FAM*30*PR**23*6000*****N~
EB*C*IND*30*PR**23*3000*****N~
EB*C*FAM*30*PR**29*5800*****N~
EB*C*IND*30*PR**29*2900*****N~
EB*C*FAM*30*PR**23*3000*****Y~
DTP*292*RD8*20260101-20261231~
EB*C*FAM*30*PR**29*2350*****Y~
EB*C*IND*30*PR**24*850*****Y~
EB*C*IND*30*PR**23*1500*****Y~
DTP*292*RD8*20260101-20261231~
EB*C*IND*30*PR**29*650*****Y~
EB*G*IND*30*PR**23*5000*****Y~
EB*G*IND*30*PR**29*4100*****Y~
EB*B**86*PR**27*250*****Y~
MSG*COPAY WAIVED IF ADMITTED~
EB*B**UC*PR**27*75*****Y~
EB*B*IND*98*PR**27*60*****N~
EB*B*IND*30*PR**27*45*****Y~
EB*B*IND*98*PR**27*30*****Y~
MSG*PRIMARY CARE PHYSICIAN OFFICE VISIT~
EB*A*IND*30*PR****.4****N~
EB*A*IND*30*PR****.2****Y~
EB*A*IND*98*PR****0****Y~
EB*R**30*OT~
LS*2120~
NM1*PRP*2*MEDICARE PART B*****PI*00431~
LE*2120~
SE*53*0001~
""";

    /// <summary>A Blue Cross-like answer about a dependent (2000D, NM1*03) under the subscriber who holds the policy.</summary>
    const string DependentAnswer = """
ST*271*0001*005010X279A1~
BHT*0022*11*7c0d5e1f2a3b4c5d6e7f8091a2b3c4*20261120*1015~
HL*1**20*1~
NM1*PR*2*BLUE CROSS BLUE SHIELD OF ILLINOIS*****PI*00621~
HL*2*1*21*1~
NM1*1P*2*SPRINGFIELD FAMILY MEDICINE*****XX*1234567893~
HL*3*2*22*1~
NM1*IL*1*LOVELACE*ADA****MI*XOF912345678~
N3*100 MAIN ST~
N4*SPRINGFIELD*IL*627011234~
DMG*D8*19801210*F~
HL*4*3*23*0~
TRN*2*7c0d5e1f2a3b4c5d6e7f8091a2b3c4*1123456789~
NM1*03*1*LOVELACE*BYRON~
DMG*D8*20150301*M~
INS*N*19~
DTP*346*D8*20260101~
EB*1**30^98**BLUE CHOICE PPO~
EB*B**98***27*20*****Y~
EB*C*IND*30***23*750*****Y~
EB*C*IND*30***29*500*****Y~
EB*C*FAM*30***23*1500*****Y~
EB*C*FAM*30***29*900*****Y~
EB*A**30*****.1****Y~
SE*25*0001~
""";

    static EligibilityOutcome Read(string transaction, string serviceType, string? trace = null) =>
        EligibilityExchange.Interpret(
            Eligibility271Reader.Parse(Envelope("AVAILITY", transaction)).Single(), ServiceDate, serviceType, trace);

    // X279A1 2110C EB03: cost share is stated per service type. An office visit asks about 98 (professional
    // (physician) visit - office); its copay is the EB*B for 98, not the first EB*B (86 emergency, $250).
    // EB12: Y in plan network before N. EB02: IND is the patient's own.
    [Fact]
    public void An_office_visit_gets_the_in_network_office_copay_and_coinsurance_not_the_first_ones_listed()
    {
        var outcome = Read(UnitedHealthcareLike, "98");
        Assert.Equal("active", outcome.Status);
        Assert.Equal(30m, outcome.Copay);
        Assert.Equal(0m, outcome.CoinsurancePercent);
    }

    // X279A1 1.4.7.1: a payer must answer the generic 30 (health benefit plan coverage); a visit not at the
    // office asks about 30 and gets the plan's figures.
    [Fact]
    public void A_visit_asking_about_plan_coverage_gets_the_plans_copay_and_coinsurance()
    {
        var outcome = Read(UnitedHealthcareLike, "30");
        Assert.Equal(45m, outcome.Copay);
        Assert.Equal(20m, outcome.CoinsurancePercent);
    }

    // X279A1 2110C: EB02 IND vs FAM is whose deductible it is; EB06 23 calendar year, 29 remaining, 24 year to
    // date (met so far, neither of the two); EB12 Y in network. An office visit with no deductible stated for 98
    // falls back to the plan's (30). EB*G (out of pocket) is not a deductible.
    [Fact]
    public void The_deductible_is_the_individuals_in_network_calendar_year_and_remaining_with_the_familys_beside_it()
    {
        var outcome = Read(UnitedHealthcareLike, "98");
        Assert.Equal(1500m, outcome.Deductible);
        Assert.Equal(650m, outcome.DeductibleRemaining);
        Assert.Equal(3000m, outcome.CostShare.FamilyDeductible);
        Assert.Equal(2350m, outcome.CostShare.FamilyDeductibleRemaining);
    }

    // X279A1 2110C EB01 6 for service type 35 (dental) beside EB*1 for 30: that service is not covered, the plan
    // is active. Only an inactive EB for the plan (30) — or no active EB at all — makes the coverage inactive.
    [Fact]
    public void An_inactive_benefit_for_one_service_type_leaves_the_plan_active()
    {
        Assert.Equal("active", Read(UnitedHealthcareLike, "98").Status);
        var dental = Read(UnitedHealthcareLike, "35");
        Assert.Equal("active", dental.Status);
        Assert.Contains("35", dental.Reason);
    }

    // X279A1 2000D: a dependent without a member id of their own is answered at the dependent level (HL 23,
    // NM1*03) under the subscriber; the 270's trace comes back in the dependent's TRN*2.
    [Fact]
    public void A_dependents_answer_is_read_from_the_dependent_level_not_the_subscribers()
    {
        var outcome = Read(DependentAnswer, "98", trace: "7c0d5e1f2a3b4c5d6e7f8091a2b3c4");
        Assert.Equal("active", outcome.Status);
        Assert.Equal(20m, outcome.Copay);
        Assert.Equal(750m, outcome.Deductible);
        Assert.Equal(500m, outcome.DeductibleRemaining);
        Assert.Equal(900m, outcome.CostShare.FamilyDeductibleRemaining);
        Assert.Equal(10m, outcome.CoinsurancePercent);
        Assert.Equal(new DateOnly(2026, 1, 1), outcome.PlanBegin);
    }

    // X12 element 1390 (EB01): 2 active - full risk capitation, 3 active - services capitated, 4 active - services
    // capitated to primary care physician, 5 active - pending investigation are active coverage as much as 1.
    [Theory]
    [InlineData("2")]
    [InlineData("3")]
    [InlineData("4")]
    [InlineData("5")]
    public void Capitated_and_pending_investigation_coverage_is_active(string eb01)
    {
        var transaction = DependentAnswer.Replace("EB*1**30^98**BLUE CHOICE PPO~", $"EB*{eb01}**30^98*HM*BLUE ADVANTAGE HMO~");
        Assert.Equal("active", Read(transaction, "98").Status);
    }

    // X279A1 2110C: EB*6 for the plan (30) is inactive coverage, whatever other EBs say about services.
    [Fact]
    public void An_inactive_benefit_for_the_plan_makes_the_coverage_inactive()
    {
        var transaction = DependentAnswer.Replace("EB*1**30^98**BLUE CHOICE PPO~", "EB*1**98**BLUE CHOICE PPO~\nEB*6**30~").Replace("SE*25*", "SE*26*");
        Assert.Equal("inactive", Read(transaction, "98").Status);
    }
}
