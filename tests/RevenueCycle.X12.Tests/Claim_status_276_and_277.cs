using RevenueCycle.X12.ClaimStatus;
using RevenueCycle.X12.Eligibility;
using RevenueCycle.X12.Tests.Samples;

namespace RevenueCycle.X12.Tests;

/// <summary>276 requests and 277 responses (005010X212): the writers' order, round trips, and 277s typed in payers' shapes (<see cref="Sample277"/>).</summary>
public class Claim_status_276_and_277
{
    private static readonly DateTime At = new(2024, 4, 15, 9, 0, 0);

    internal static X12Envelope Envelope(string group, string control) => new(
        new InterchangeHeader { SenderId = "RIVERSIDEFM", ReceiverId = "ACMEHEALTH", Created = At, ControlNumber = 400 },
        new FunctionalGroupHeader
        {
            FunctionalIdentifierCode = group, ApplicationSenderCode = "RIVERSIDEFM", ApplicationReceiverCode = "ACMEHEALTH",
            Created = At, ControlNumber = 400, Version = X12Versions.ClaimStatusInquiry276,
        },
        control);

    private static readonly EntityName Practice = EntityName.Organization("RIVERSIDE FAMILY MEDICINE", "XX", "1234567893");
    private static readonly EntityName Doctor = EntityName.Person("WELBY", "MARCUS", "XX", "1003000126");

    private static ClaimStatusQuestion Jane() => new()
    {
        ServiceProvider = Practice, Subscriber = new PersonName("DOE", "JANE"), MemberId = "MEM123",
        SubscriberBirthDate = new DateOnly(1980, 5, 12), SubscriberGender = Gender.Female,
        TraceNumber = "CS-TRACE-17", PayerClaimControlNumber = "ACME2024041000017", PatientControlNumber = "PCN-17", TotalCharge = 150m,
        ServiceDateFrom = new DateOnly(2024, 4, 2), ServiceDateTo = new DateOnly(2024, 4, 2),
    };

    internal static ClaimStatusInquiry276 Inquiry() => new()
    {
        Envelope = Envelope(X12Versions.ClaimStatusInquiryGroup, "0001"),
        ReferenceId = "CS-0001",
        Created = At,
        Payer = EntityName.Organization("ACME HEALTH PLAN", "PI", "ACME01"),
        InformationReceiver = EntityName.Organization("RIVERSIDE FAMILY MEDICINE", "46", "RIVERSIDEFM"),
        Claims =
        [
            Jane(),
            new ClaimStatusQuestion
            {
                ServiceProvider = Doctor, Subscriber = new PersonName("SMITH", "ANN"), MemberId = "MEM789",
                Dependent = new DependentInquiry { Name = new PersonName("SMITH", "TOMMY"), BirthDate = new DateOnly(2015, 2, 1), Gender = Gender.Male },
                TraceNumber = "CS-TRACE-32", PatientControlNumber = "PCN-32", TotalCharge = 85.5m,
                ServiceDateFrom = new DateOnly(2024, 3, 5), ServiceDateTo = new DateOnly(2024, 3, 6),
            },
        ],
    };

    [Fact]
    public void Writes_a_276_in_the_order_of_the_guide()
    {
        var x12 = ClaimStatus276Writer.WriteToString(Inquiry() with { Claims = [Jane()] });
        var body = x12[x12.IndexOf("ST*", StringComparison.Ordinal)..x12.IndexOf("GE*", StringComparison.Ordinal)];
        Assert.Equal(
            "ST*276*0001*005010X212~BHT*0010*13*CS-0001*20240415*0900~HL*1**20*1~NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~"
            + "HL*2*1*21*1~NM1*41*2*RIVERSIDE FAMILY MEDICINE*****46*RIVERSIDEFM~HL*3*2*19*1~NM1*1P*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893~"
            + "HL*4*3*22*0~DMG*D8*19800512*F~NM1*IL*1*DOE*JANE****MI*MEM123~TRN*1*CS-TRACE-17~REF*1K*ACME2024041000017~REF*EJ*PCN-17~"
            + "AMT*T3*150~DTP*472*RD8*20240402-20240402~SE*17*0001~",
            body);
        Assert.StartsWith("GS*HR*", x12[x12.IndexOf("GS*", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Writes_a_dependent_as_an_HL_23_under_its_subscriber_and_each_provider_as_an_HL_19()
    {
        var x12 = ClaimStatus276Writer.WriteToString(Inquiry());
        Assert.Contains("HL*5*2*19*1~NM1*1P*1*WELBY*MARCUS****XX*1003000126~HL*6*5*22*1~NM1*IL*1*SMITH*ANN****MI*MEM789~"
            + "HL*7*6*23*0~DMG*D8*20150201*M~NM1*QC*1*SMITH*TOMMY~TRN*1*CS-TRACE-32~", x12);
    }

    [Fact]
    public void Reads_back_the_276_it_writes() =>
        Assert.Equal(Inquiry(), Assert.Single(ClaimStatus276Reader.Parse(ClaimStatus276Writer.WriteToString(Inquiry()))));

    [Fact]
    public void Refuses_a_276_without_claims() =>
        Assert.Throws<ArgumentException>(() => ClaimStatus276Writer.WriteToString(Inquiry() with { Claims = [] }));

    internal static ClaimStatusResponse277 Response() => new()
    {
        Envelope = Envelope(X12Versions.ClaimStatusGroup, "0002"),
        ReferenceId = "CS-0001",
        Created = At,
        Payer = EntityName.Organization("ACME HEALTH PLAN", "PI", "ACME01"),
        InformationReceiver = EntityName.Organization("RIVERSIDE FAMILY MEDICINE", "46", "RIVERSIDEFM"),
        Claims =
        [
            new ClaimStatusAnswer
            {
                ServiceProvider = Practice, Subscriber = new PersonName("DOE", "JANE"), MemberId = "MEM123", TraceNumber = "CS-TRACE-18",
                Statuses =
                [
                    new StatusInformation
                    {
                        Status = new StatusCode("F1", "65"), EffectiveDate = new DateOnly(2024, 4, 10), TotalCharge = 150m, PaymentAmount = 112.5m,
                        AdjudicationDate = new DateOnly(2024, 4, 8), PaymentMethod = "CHK", CheckIssueDate = new DateOnly(2024, 4, 10), CheckNumber = "00045678",
                        AdditionalStatuses = [new StatusCode("F1", "104")], Message = "PAID",
                    },
                ],
                PayerClaimControlNumber = "ACME2024040100018", PatientControlNumber = "PCN-18",
                ServiceDateFrom = new DateOnly(2024, 4, 1), ServiceDateTo = new DateOnly(2024, 4, 2),
                ServiceLines =
                [
                    new ServiceLineStatus
                    {
                        Procedure = ProcedureCode.Cpt("99213", "25"), ChargeAmount = 100m, PaidAmount = 80m, Units = 1m,
                        Statuses = [new StatusInformation { Status = new StatusCode("F1", "65"), EffectiveDate = new DateOnly(2024, 4, 10) }],
                        LineItemControlNumber = "1", ServiceDateFrom = new DateOnly(2024, 4, 1), ServiceDateTo = new DateOnly(2024, 4, 1),
                    },
                ],
            },
            new ClaimStatusAnswer
            {
                ServiceProvider = Practice, Subscriber = new PersonName("SMITH", "ANN"), MemberId = "MEM789", Dependent = new PersonName("SMITH", "TOMMY"),
                TraceNumber = "CS-TRACE-32",
                Statuses = [new StatusInformation { Status = new StatusCode("A4", "35", "QC"), EffectiveDate = new DateOnly(2024, 4, 15) }],
                PatientControlNumber = "PCN-32",
            },
        ],
    };

    [Fact]
    public void Reads_back_the_277_it_writes()
    {
        var x12 = ClaimStatus277Writer.WriteToString(Response());
        Assert.Contains("STC*F1:65*20240410**150*112.5*20240408*CHK*20240410*00045678*F1:104**PAID~", x12);
        Assert.Contains("HL*3*2*19*1~NM1*1P*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893~HL*4*3*22*0~", x12);
        Assert.Contains("HL*5*3*22*1~NM1*IL*1*SMITH*ANN****MI*MEM789~HL*6*5*23*0~NM1*QC*1*SMITH*TOMMY~TRN*2*CS-TRACE-32~", x12);
        Assert.Equal(Response(), Assert.Single(ClaimStatus277Reader.Parse(x12)));
    }

    [Fact]
    public void Refuses_to_write_a_claim_without_a_status() =>
        Assert.Throws<ArgumentException>(() => ClaimStatus277Writer.WriteToString(Response() with { Claims = [Response().Claims[1] with { Statuses = [] }] }));

    [Fact]
    public void Reads_a_pending_claim_with_two_statuses()
    {
        var response = Assert.Single(ClaimStatus277Reader.Parse(Sample277.Pending));
        Assert.Equal("CS-0001", response.ReferenceId);
        Assert.Equal("ACME01", response.Payer.Identifier);
        var claim = Assert.Single(response.Claims);
        Assert.Equal("CS-TRACE-17", claim.TraceNumber);
        Assert.Equal("PCN-17", claim.PatientControlNumber);
        Assert.Equal("ACME2024041000017", claim.PayerClaimControlNumber);
        Assert.Equal(ClaimStatusCategory.Pending, claim.Status!.Kind);
        Assert.Equal(new StatusCode("P1", "20"), claim.Status.Status);
        Assert.Equal(150m, claim.Status.TotalCharge);
        Assert.Null(claim.Status.PaymentAmount);
        Assert.Equal(new StatusCode("P3", "21", "1P"), claim.Statuses[1].Status);
        Assert.Equal(new DateOnly(2024, 4, 2), claim.ServiceDateFrom);
        Assert.Equal(claim.ServiceDateFrom, claim.ServiceDateTo);
    }

    [Fact]
    public void Reads_a_finalized_paid_claim_with_its_check_and_its_service_lines()
    {
        var claim = Assert.Single(Assert.Single(ClaimStatus277Reader.Parse(Sample277.FinalizedPaid)).Claims);
        var paid = claim.Status!;
        Assert.Equal(ClaimStatusCategory.FinalizedPaid, paid.Kind);
        Assert.Equal(150m, paid.TotalCharge);
        Assert.Equal(112.5m, paid.PaymentAmount);
        Assert.Equal(new DateOnly(2024, 4, 8), paid.AdjudicationDate);
        Assert.Equal("CHK", paid.PaymentMethod);
        Assert.Equal(new DateOnly(2024, 4, 10), paid.CheckIssueDate);
        Assert.Equal("00045678", paid.CheckNumber);
        Assert.Equal(new StatusCode("F1", "104"), claim.Statuses[1].Status);
        Assert.Equal((new DateOnly(2024, 4, 1), new DateOnly(2024, 4, 2)), (claim.ServiceDateFrom!.Value, claim.ServiceDateTo!.Value));

        Assert.Equal(2, claim.ServiceLines.Count);
        var visit = claim.ServiceLines[0];
        Assert.Equal(ProcedureCode.Cpt("99213", "25"), visit.Procedure);
        Assert.Equal((100m, 80m), (visit.ChargeAmount, visit.PaidAmount!.Value));
        Assert.Equal("1", visit.LineItemControlNumber);
        var lab = claim.ServiceLines[1];
        Assert.Equal(1m, lab.Units);
        Assert.Equal(2, lab.Statuses.Count);
        Assert.Equal([new StatusCode("F1", "1")], lab.Statuses[1].AdditionalStatuses);
        Assert.Equal(new DateOnly(2024, 4, 2), lab.ServiceDateFrom);
    }

    [Fact]
    public void Reads_claims_not_on_file_for_a_subscriber_and_a_dependent_with_other_delimiters()
    {
        var response = Assert.Single(ClaimStatus277Reader.Parse(Sample277.NotFound));
        Assert.Equal(2, response.Claims.Count);
        var richard = response.Claims[0];
        Assert.Equal(ClaimStatusCategory.NotFound, richard.Status!.Kind);
        Assert.Equal("CLAIM NOT ON FILE", richard.Status.Message);
        Assert.Equal("PCN-31", richard.PatientControlNumber);
        Assert.Equal(new DateOnly(2024, 3, 2), richard.ServiceDateTo);
        var tommy = response.Claims[1];
        Assert.Equal(new PersonName("SMITH", "TOMMY"), tommy.Dependent);
        Assert.Equal("MEM789", tommy.MemberId);
        Assert.Equal(new StatusCode("A4", "35", "QC"), tommy.Status!.Status);
        Assert.Equal(ClaimStatusCategory.Other, tommy.Statuses[1].Kind);
    }

    [Theory]
    [InlineData("A1", ClaimStatusCategory.Acknowledgment)]
    [InlineData("A4", ClaimStatusCategory.NotFound)]
    [InlineData("A7", ClaimStatusCategory.Acknowledgment)]
    [InlineData("P0", ClaimStatusCategory.Pending)]
    [InlineData("P5", ClaimStatusCategory.Pending)]
    [InlineData("F0", ClaimStatusCategory.Finalized)]
    [InlineData("F1", ClaimStatusCategory.FinalizedPaid)]
    [InlineData("F2", ClaimStatusCategory.FinalizedDenied)]
    [InlineData("F4", ClaimStatusCategory.Finalized)]
    [InlineData("R3", ClaimStatusCategory.RequestForInformation)]
    [InlineData("E0", ClaimStatusCategory.Error)]
    [InlineData("D0", ClaimStatusCategory.Other)]
    [InlineData("", ClaimStatusCategory.Other)]
    public void Groups_the_category_codes_as_code_list_507_does(string category, ClaimStatusCategory expected) =>
        Assert.Equal(expected, ClaimStatusCategories.Classify(category));

    [Theory]
    [InlineData("STC*P1:20*20240415**150~", "STC*P1*20240415**150~", "STC01-2")]
    [InlineData("DTP*472*D8*20240402~", "DTP*472*RD8*20240402~", "RD8")]
    [InlineData("STC*P1:20*20240415**150~", "STC*P1:20*20240415**1S0~", "decimal")]
    [InlineData("HL*4*3*22*0~", "HL*4*2*22*0~", "level 19")]
    public void Refuses_a_damaged_277_naming_the_segment(string segment, string damaged, string expected)
    {
        var e = Assert.Throws<X12ParseException>(() => ClaimStatus277Reader.Parse(Sample277.Pending.Replace(segment, damaged)));
        Assert.Contains(expected, e.Message);
        Assert.True(e.SegmentPosition > 0);
    }

    [Fact]
    public void Refuses_a_277CA_given_to_the_claim_status_reader()
    {
        var e = Assert.Throws<X12ParseException>(() => ClaimStatus277Reader.Parse(
            Acknowledgments.ClaimAcknowledgment277Writer.WriteToString(Acknowledgments_999_and_277CA.Acknowledgment277())));
        Assert.Contains("005010X21", e.Message);
    }
}
