using RevenueCycle.X12.Eligibility;
using RevenueCycle.X12.Tests.Samples;

namespace RevenueCycle.X12.Tests;

public class Eligibility_270_and_271
{
    private static readonly X12Envelope Envelope270 = new(
        new InterchangeHeader { SenderId = "RIVERSIDEFM", ReceiverId = "ACMEHEALTH", Created = new DateTime(2024, 3, 15, 10, 0, 0), ControlNumber = 300 },
        new FunctionalGroupHeader
        {
            FunctionalIdentifierCode = X12Versions.EligibilityInquiryGroup, ApplicationSenderCode = "RIVERSIDEFM", ApplicationReceiverCode = "ACMEHEALTH",
            Created = new DateTime(2024, 3, 15, 10, 0, 0), ControlNumber = 300, Version = X12Versions.EligibilityInquiry270,
        },
        "0001");

    internal static EligibilityInquiry270 Inquiry() => new()
    {
        Envelope = Envelope270,
        ReferenceId = "REQ-0001",
        Created = new DateTime(2024, 3, 15, 10, 0, 0),
        Payer = EntityName.Organization("ACME HEALTH PLAN", "PI", "ACME01"),
        Provider = EntityName.Organization("RIVERSIDE FAMILY MEDICINE", "XX", "1234567893"),
        Subscribers =
        [
            new SubscriberInquiry
            {
                TraceNumber = "TRACE-0001", TraceOriginatorId = "9RIVERSIDE", Name = new PersonName("DOE", "JANE"), MemberId = "MEM123",
                BirthDate = new DateOnly(1980, 5, 12), Gender = Gender.Female, ServiceDate = new DateOnly(2024, 3, 20),
            },
            new SubscriberInquiry
            {
                TraceNumber = "TRACE-0002", TraceOriginatorId = "9RIVERSIDE", Name = new PersonName("ROE", "RICHARD"), MemberId = "MEM456",
                ServiceTypeCodes = ["30", "98", "88"],
            },
        ],
    };

    [Fact]
    public void Writes_a_270_in_the_order_of_the_guide()
    {
        var x12 = Eligibility270Writer.WriteToString(Inquiry() with { Subscribers = [Inquiry().Subscribers[0]] });
        var body = x12[x12.IndexOf("ST*", StringComparison.Ordinal)..x12.IndexOf("GE*", StringComparison.Ordinal)];
        Assert.Equal(
            "ST*270*0001*005010X279A1~BHT*0022*13*REQ-0001*20240315*1000~HL*1**20*1~NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~"
            + "HL*2*1*21*1~NM1*1P*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893~HL*3*2*22*0~TRN*1*TRACE-0001*9RIVERSIDE~"
            + "NM1*IL*1*DOE*JANE****MI*MEM123~DMG*D8*19800512*F~DTP*291*D8*20240320~EQ*30~SE*13*0001~",
            body);
    }

    [Fact]
    public void Reads_back_the_270_it_writes()
    {
        var inquiry = Inquiry();
        Assert.Equal(inquiry, Assert.Single(Eligibility270Reader.Parse(Eligibility270Writer.WriteToString(inquiry))));
    }

    [Fact]
    public void Writes_repeated_service_types_with_the_repetition_separator() =>
        Assert.Contains("EQ*30^98^88~", Eligibility270Writer.WriteToString(Inquiry()));

    [Fact]
    public void Reads_active_coverage_with_copay_deductible_and_coinsurance()
    {
        var response = Assert.Single(Eligibility271Reader.Parse(Sample271.ActiveCoverage));
        Assert.Equal("REQ-0001", response.ReferenceId);
        Assert.Equal("ACME01", response.Payer.Identifier);
        var jane = Assert.Single(response.Subscribers);
        Assert.True(jane.IsActive);
        Assert.Equal("TRACE-0001", jane.TraceNumber);
        Assert.Equal("MEM123", jane.MemberId);
        Assert.Equal(new PersonName("DOE", "JANE"), jane.Name);
        Assert.Equal(new DateOnly(2024, 1, 1), jane.PlanBeginDate);
        Assert.Equal(new DateOnly(2024, 12, 31), jane.PlanEndDate);
        Assert.Equal(6, jane.Benefits.Count);
        Assert.Equal(["30", "1", "98"], jane.Benefits[0].ServiceTypeCodes);
        Assert.Equal("ACME PPO GOLD", jane.Benefits[0].PlanCoverageDescription);

        var copay = jane.Benefits.Single(b => b.Code == BenefitCode.CoPayment);
        Assert.Equal(25m, copay.Amount);
        Assert.True(copay.IsInNetwork);
        Assert.Equal(["COPAY WAIVED FOR PREVENTIVE VISITS"], copay.Messages);

        var deductibles = jane.Benefits.Where(b => b.Code == BenefitCode.Deductible).ToList();
        Assert.Equal((EligibilityBenefit.CalendarYear, 1500m), (deductibles[0].TimePeriod, deductibles[0].Amount!.Value));
        Assert.Equal((EligibilityBenefit.Remaining, 1125.5m), (deductibles[1].TimePeriod, deductibles[1].Amount!.Value));

        var coinsurance = jane.Benefits.Where(b => b.Code == BenefitCode.CoInsurance).ToList();
        Assert.Equal([(0.2m, true), (0.4m, false)], coinsurance.Select(c => (c.Percent!.Value, c.IsInNetwork!.Value)));
    }

    [Fact]
    public void Reads_rejections_of_each_subscriber()
    {
        var response = Assert.Single(Eligibility271Reader.Parse(Sample271.SubscribersRejected));
        Assert.Equal(EntityType.Person, response.Provider.Type);
        Assert.Equal(2, response.Subscribers.Count);
        Assert.Equal(new RequestRejection(false, RequestRejection.InvalidMemberId, RequestRejection.CorrectAndResubmit), Assert.Single(response.Subscribers[0].Rejections));
        Assert.Equal(RequestRejection.SubscriberNotFound, Assert.Single(response.Subscribers[1].Rejections).ReasonCode);
        Assert.All(response.Subscribers, s => Assert.False(s.IsActive));
        Assert.Equal(new DateOnly(1999, 1, 1), response.Subscribers[1].BirthDate);
    }

    [Fact]
    public void Reads_a_payer_that_cannot_respond()
    {
        var response = Assert.Single(Eligibility271Reader.Parse(Sample271.PayerUnableToRespond));
        Assert.Equal(RequestRejection.UnableToRespondNow, Assert.Single(response.PayerRejections).ReasonCode);
        Assert.Empty(response.Subscribers);
    }

    [Fact]
    public void Reads_back_the_271_it_writes()
    {
        foreach (var sample in new[] { Sample271.ActiveCoverage, Sample271.SubscribersRejected })
        {
            var response = Assert.Single(Eligibility271Reader.Parse(sample));
            Assert.Equal(response, Assert.Single(Eligibility271Reader.Parse(Eligibility271Writer.WriteToString(response))));
        }
    }

    [Fact]
    public void Writes_a_dependent_under_its_subscriber()
    {
        var response = Assert.Single(Eligibility271Reader.Parse(Sample271.ActiveCoverage));
        var child = new SubscriberEligibility { IsDependent = true, Name = new PersonName("DOE", "EMMA"), Benefits = [new EligibilityBenefit { Code = BenefitCode.ActiveCoverage }] };
        var withChild = response with { Subscribers = [response.Subscribers[0], child] };
        var x12 = Eligibility271Writer.WriteToString(withChild);
        Assert.Contains("HL*3*2*22*1~", x12);
        Assert.Contains("HL*4*3*23*0~", x12);
        Assert.Equal(withChild, Assert.Single(Eligibility271Reader.Parse(x12)));
    }

    // X279A1 2000D: a 270 about a dependent without a member id of their own names the subscriber and the policy's
    // member id in 2100C and asks about the dependent (NM1*03) in 2000D, with the trace and the EQ there. Written by
    // hand as a practice-management system sends it, with a second dependent of the same subscriber.
    [Fact]
    public void Reads_a_270_about_dependents_as_questions_about_them_under_the_subscribers_policy()
    {
        const string x12 = """
ISA*00*          *00*          *ZZ*RIVERSIDEFM    *ZZ*ACMEHEALTH     *240315*1000*^*00501*000000300*0*P*:~
GS*HS*RIVERSIDEFM*ACMEHEALTH*20240315*1000*300*X*005010X279A1~
ST*270*0001*005010X279A1~
BHT*0022*13*REQ-0002*20240315*1000~
HL*1**20*1~
NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~
HL*2*1*21*1~
NM1*1P*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893~
HL*3*2*22*1~
NM1*IL*1*DOE*JANE****MI*MEM123~
DMG*D8*19800512*F~
HL*4*3*23*0~
TRN*1*TRACE-0003*9RIVERSIDE~
NM1*03*1*DOE*EMMA~
DMG*D8*20150301*F~
DTP*291*D8*20240320~
EQ*98~
HL*5*3*23*0~
TRN*1*TRACE-0004*9RIVERSIDE~
NM1*03*1*DOE*LIAM~
EQ*30~
SE*20*0001~
GE*1*300~
IEA*1*000000300~
""";
        var inquiry = Assert.Single(Eligibility270Reader.Parse(x12));
        Assert.Equal(2, inquiry.Subscribers.Count);
        var emma = inquiry.Subscribers[0];
        Assert.Equal(("MEM123", new PersonName("DOE", "JANE"), new DateOnly(1980, 5, 12)), (emma.MemberId, emma.Name, emma.BirthDate!.Value));
        Assert.Equal(new DependentInquiry { Name = new PersonName("DOE", "EMMA"), BirthDate = new DateOnly(2015, 3, 1), Gender = Gender.Female }, emma.Dependent);
        Assert.Equal(("TRACE-0003", new DateOnly(2024, 3, 20)), (emma.TraceNumber, emma.ServiceDate!.Value));
        Assert.Equal(["98"], emma.ServiceTypeCodes);
        var liam = inquiry.Subscribers[1];
        Assert.Equal(("MEM123", "TRACE-0004", "LIAM"), (liam.MemberId, liam.TraceNumber, liam.Dependent!.Name.FirstName));
        Assert.Null(liam.ServiceDate);
        Assert.Equal(["30"], liam.ServiceTypeCodes);
    }

    [Fact]
    public void Writes_a_dependents_270_in_the_order_of_the_guide_and_reads_it_back()
    {
        var inquiry = Inquiry() with
        {
            Subscribers = [Inquiry().Subscribers[0] with { Dependent = new DependentInquiry { Name = new PersonName("DOE", "EMMA"), BirthDate = new DateOnly(2015, 3, 1) } }],
        };
        var x12 = Eligibility270Writer.WriteToString(inquiry);
        var body = x12[x12.IndexOf("HL*3", StringComparison.Ordinal)..x12.IndexOf("SE*", StringComparison.Ordinal)];
        Assert.Equal(
            "HL*3*2*22*1~NM1*IL*1*DOE*JANE****MI*MEM123~DMG*D8*19800512*F~"
            + "HL*4*3*23*0~TRN*1*TRACE-0001*9RIVERSIDE~NM1*03*1*DOE*EMMA~DMG*D8*20150301~DTP*291*D8*20240320~EQ*30~",
            body);
        Assert.Equal(inquiry, Assert.Single(Eligibility270Reader.Parse(x12)));
    }

    // X12 element 1390 (EB01) and X279A1 2110C: 1-5 are active coverage, 6-8 inactive; an inactive EB for one
    // service type leaves the plan active, one for the plan (30, or no EB03) does not.
    [Theory]
    [InlineData("EB*1*IND*30~", true)]
    [InlineData("EB*2*IND*30~", true)]
    [InlineData("EB*3*IND*30~", true)]
    [InlineData("EB*4*IND*30~", true)]
    [InlineData("EB*5*IND*30~", true)]
    [InlineData("EB*1*IND*30~EB*6*IND*33~", true)]
    [InlineData("EB*1*IND*98~EB*6*IND*30~", false)]
    [InlineData("EB*1*IND*98~EB*7~", false)]
    [InlineData("EB*B*IND*98***27*25~", false)]
    public void Active_coverage_is_any_active_benefit_and_no_inactive_one_for_the_plan(string benefits, bool active)
    {
        var x12 = Sample271.ActiveCoverage;
        var start = x12.IndexOf("EB*1*IND*30^1^98", StringComparison.Ordinal);
        var end = x12.IndexOf("SE*", StringComparison.Ordinal);
        var count = 26 - x12[start..end].Count(c => c == '~') + benefits.Count(c => c == '~');
        x12 = x12[..start] + benefits + "\n" + $"SE*{count}*0001~" + x12[(x12.IndexOf("SE*26*0001~", StringComparison.Ordinal) + "SE*26*0001~".Length)..];
        Assert.Equal(active, Assert.Single(Assert.Single(Eligibility271Reader.Parse(x12)).Subscribers).IsActive);
    }

    [Fact]
    public void Rejects_an_unknown_benefit_code()
    {
        var error = Assert.Throws<X12ParseException>(() => Eligibility271Reader.Parse(Sample271.ActiveCoverage.Replace("EB*B*IND*98", "EB*ZZ*IND*98")));
        Assert.Equal("EB", error.SegmentId);
        Assert.Equal(1, error.ElementPosition);
    }

    [Fact]
    public void Rejects_a_271_handed_to_the_270_reader() =>
        Assert.Equal("GS", Assert.Throws<X12ParseException>(() => Eligibility270Reader.Parse(Sample271.ActiveCoverage)).SegmentId);
}
