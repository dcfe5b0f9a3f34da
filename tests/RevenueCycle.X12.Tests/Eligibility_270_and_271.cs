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

    private static EligibilityInquiry270 Inquiry() => new()
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
