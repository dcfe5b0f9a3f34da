using RevenueCycle.Contracts.Registration;
using RevenueCycle.Registration.Eligibility;
using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.Registration.Tests;

/// <summary>271s as payers send them (X279A1), read for the front desk.</summary>
public sealed class Reading_a_271
{
    static readonly DateOnly ServiceDate = new(2026, 11, 20);

    static string Isa(int control) =>
        $"ISA*00*          *00*          *ZZ*{"SIMCLEARING",-15}*ZZ*{"RCM0123456789AB",-15}*261120*1200*^*00501*{control:D9}*0*P*:~";

    // ST, BHT, the three HL levels with their NM1s, TRN, DMG and SE: 11 segments besides the body.
    static string Interchange(string body) =>
        Isa(17) + "GS*HB*SIMCLEARING*RCM0123456789AB*20261120*1200*17*X*005010X279A1~" +
        "ST*271*0001*005010X279A1~BHT*0022*11*0a1b2c*20261120*1200~" +
        "HL*1**20*1~NM1*PR*2*SIMULATED COMMERCIAL*****PI*SIMCI1~" +
        "HL*2*1*21*1~NM1*1P*2*SPRINGFIELD FAMILY MEDICINE*****XX*2123456784~" +
        "HL*3*2*22*0~TRN*2*0a1b2c*1123456789~NM1*IL*1*LOVELACE*ADA****MI*MEM123456~DMG*D8*19801210*F~" +
        body + $"SE*{11 + body.Count(c => c == '~')}*0001~GE*1*17~IEA*1*000000017~";

    static EligibilityOutcome Read(string body, string serviceType = "30") =>
        EligibilityExchange.Interpret(Eligibility271Reader.Parse(Interchange(body)).Single(), ServiceDate, serviceType);

    [Fact]
    public void An_active_plan_gives_the_in_network_office_copay_deductible_and_coinsurance()
    {
        // An office visit asks about 98; the deductible and coinsurance stated for the plan (30) apply to it.
        var outcome = Read(
            "DTP*346*D8*20260101~" +
            "EB*1*IND*30**GOLD PPO~" +
            "EB*B*IND*98****40*****N~" +   // out of network office copay
            "EB*B*IND*98****25*****Y~" +   // in network office copay
            "EB*C*IND*30***23*1500*****Y~" +
            "EB*C*IND*30***29*650*****Y~" +
            "EB*A*IND*30*****.2****Y~", "98");
        Assert.Equal("active", outcome.Status);
        Assert.Equal(25m, outcome.Copay);
        Assert.Equal(1500m, outcome.Deductible);
        Assert.Equal(650m, outcome.DeductibleRemaining);
        Assert.Equal(20m, outcome.CoinsurancePercent);
        Assert.Equal(new DateOnly(2026, 1, 1), outcome.PlanBegin);
        Assert.Null(outcome.RejectionCode);
    }

    [Fact]
    public void An_inactive_benefit_makes_the_coverage_inactive()
    {
        var outcome = Read("DTP*346*D8*20250101~DTP*347*D8*20251231~EB*6*IND*30~");
        Assert.Equal("inactive", outcome.Status);
        Assert.Contains("2025-12-31", outcome.Reason);
    }

    [Fact]
    public void A_plan_that_ended_before_the_date_of_service_is_inactive_even_with_an_active_benefit()
    {
        var outcome = Read("DTP*346*D8*20250101~DTP*347*D8*20251231~EB*1*IND*30~");
        Assert.Equal("inactive", outcome.Status);
    }

    [Fact]
    public void An_invalid_member_id_is_an_error_to_correct_not_an_inactive_coverage()
    {
        var outcome = Read("AAA*Y**72*C~");
        Assert.Equal("error", outcome.Status);
        Assert.Equal("72", outcome.RejectionCode);
        Assert.Contains("invalid/missing subscriber/insured ID", outcome.Reason);
        Assert.Contains("correct", outcome.Reason);
    }

    [Fact]
    public void The_270_for_a_coverage_names_payer_practice_and_subscriber_in_guide_order()
    {
        var payer = new PayerInfo(Guid.NewGuid(), "Simulated Commercial", "SIMCI1", "CI", 180, "simulator");
        var address = new Address("1 Main St", null, "Springfield", "IL", "627011234");
        var coverage = new Contracts.Registration.Coverage(Guid.NewGuid(), payer, "MEM123456", "GRP1", "primary", "self",
            new Subscriber("Ada", "Lovelace", new DateOnly(1980, 12, 10), "F", address), new DateOnly(2026, 1, 1), null);
        var practice = new PracticeProfile("Springfield Family Medicine", "2123456784", "123456789", "207Q00000X", address, null);
        var inquiry = EligibilityExchange.Inquiry("RCM0123456789AB", 42, Guid.NewGuid(), practice, coverage, coverage.Subscriber, ServiceDate, "30", new DateTime(2026, 11, 20, 12, 0, 0));

        var x12 = Eligibility270Writer.WriteToString(inquiry);
        var segments = x12.Split('~', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).ToList();
        var ids = segments.Select(s => s.Split('*')[0]).ToList();
        Assert.Equal(["ISA", "GS", "ST", "BHT", "HL", "NM1", "HL", "NM1", "HL", "TRN", "NM1", "DMG", "DTP", "EQ", "SE", "GE", "IEA"], ids);
        Assert.Contains("NM1*PR*2*Simulated Commercial*****PI*SIMCI1", segments);
        Assert.Contains("NM1*IL*1*Lovelace*Ada****MI*MEM123456", segments);
        Assert.Contains("DTP*291*D8*20261120", segments);
        Assert.Equal("SE*13*0001", segments[^3]); // ST through SE
        Assert.Equal(106, x12.IndexOf("GS*", StringComparison.Ordinal)); // the ISA's fixed width
        Assert.Equal(inquiry, Eligibility270Reader.Parse(x12).Single());
    }
}
