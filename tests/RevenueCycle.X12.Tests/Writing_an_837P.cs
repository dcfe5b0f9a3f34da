using RevenueCycle.X12.Claims;
using RevenueCycle.X12.Tests.Samples;

namespace RevenueCycle.X12.Tests;

public class Writing_an_837P
{
    [Fact]
    public void Writes_the_sample_segment_for_segment()
    {
        var batch = Assert.Single(Claim837Reader.Parse(Sample837.Text));
        var written = Claim837Writer.WriteToString(batch with { Envelope = batch.Envelope with { Interchange = batch.Envelope.Interchange with { AcknowledgmentRequested = true } } });
        Assert.Equal(Sample837.Text.OnOneLine().Split('~'), written.Split('~'));
    }

    [Fact]
    public void Reads_back_every_value_it_writes()
    {
        var dependent = ClaimBuilder.Claim(2) with
        {
            Patient = new Patient837
            {
                RelationshipToSubscriber = Patient837.Child, Name = new PersonName("DOE", "EMMA", "R", "JR"), BirthDate = new DateOnly(2015, 7, 4), Gender = Gender.Female,
                Address = new Address { Line1 = "45 OAK AVE", Line2 = "APT 2", City = "SPRINGFIELD", State = "IL", PostalCode = "627020000" },
            },
            Frequency = ClaimFrequency.Replacement,
            PayerClaimControlNumber = "ACME-123",
            RenderingProvider = new RenderingProvider837 { Name = new PersonName("SMITH", "JOHN"), Npi = "1987654325", TaxonomyCode = "207R00000X" },
        };
        var secondary = ClaimBuilder.Claim(3) with
        {
            BillingProvider = ClaimBuilder.Lakeside,
            Subscriber = ClaimBuilder.Subscriber(3) with { Responsibility = PayerResponsibility.Secondary },
            OtherPayers =
            [
                new OtherPayer837
                {
                    Responsibility = PayerResponsibility.Primary, ClaimFilingCode = "MB", PaidAmount = 150.25m, GroupNumber = "G1",
                    Adjustments = [new Adjustment(AdjustmentGroup.Contractual, "45", 10m), new Adjustment(AdjustmentGroup.PatientResponsibility, "1", 20m, 1m)],
                    SubscriberName = new PersonName("DOE", "JANE3"), SubscriberMemberId = "1EG4TE5MK73", PayerName = "MEDICARE", PayerId = "MCARE",
                },
            ],
            PriorAuthorization = "AUTH-1",
        };
        secondary = secondary with
        {
            Lines =
            [
                secondary.Lines[0] with
                {
                    Adjudications = [new LineAdjudication837 { PayerId = "MCARE", PaidAmount = 150.25m, Procedure = ProcedureCode.Cpt("99214", "25"), AdjudicationDate = new DateOnly(2024, 3, 20), Adjustments = [new Adjustment(AdjustmentGroup.Contractual, "45", 29.75m)] }],
                },
                secondary.Lines[1] with { PlaceOfService = "22", DiagnosisPointers = [2, 1] },
            ],
        };
        var batch = ClaimBuilder.Batch(ClaimBuilder.Claim(1), ClaimBuilder.Claim(4), dependent, secondary);

        var read = Assert.Single(Claim837Reader.Parse(Claim837Writer.WriteToString(batch)));

        Assert.Equal(batch, read);
    }

    [Fact]
    public void Groups_claims_under_their_billing_provider_and_subscriber()
    {
        var first = ClaimBuilder.Claim(1);
        var second = first with { PatientControlNumber = "PCN-SAME-SUBSCRIBER" };
        var elsewhere = ClaimBuilder.Claim(2) with { BillingProvider = ClaimBuilder.Lakeside };

        var written = Claim837Writer.WriteToString(ClaimBuilder.Batch(first, elsewhere, second));

        Assert.Contains("HL*1**20*1~", written);
        Assert.Contains("HL*2*1*22*0~", written);
        Assert.Contains("HL*3**20*1~", written);
        Assert.Contains("HL*4*3*22*0~", written);
        Assert.DoesNotContain("HL*5", written);
        var read = Assert.Single(Claim837Reader.Parse(written));
        Assert.Equal(["PCN0001", "PCN-SAME-SUBSCRIBER", "PCN0002"], read.Claims.Select(c => c.PatientControlNumber));
    }

    [Fact]
    public void Writes_diagnosis_codes_without_their_dot()
    {
        var claim = ClaimBuilder.Claim(1) with { Diagnoses = ["J44.9", "E11.9"] };
        Assert.Contains("HI*ABK:J449*ABF:E119~", Claim837Writer.WriteToString(ClaimBuilder.Batch(claim)));
    }

    [Fact]
    public void Refuses_more_than_twelve_diagnoses()
    {
        var claim = ClaimBuilder.Claim(1) with { Diagnoses = Enumerable.Range(1, 13).Select(i => $"Z{i:00}").ToValueList() };
        Assert.Throws<ArgumentException>(() => Claim837Writer.WriteToString(ClaimBuilder.Batch(claim)));
    }

    [Fact]
    public void Refuses_a_total_charge_that_is_not_the_sum_of_the_lines()
    {
        var claim = ClaimBuilder.Claim(1) with { TotalCharge = 999m };
        Assert.Contains("CLM02", Assert.Throws<ArgumentException>(() => Claim837Writer.WriteToString(ClaimBuilder.Batch(claim))).Message);
    }

    [Fact]
    public void Refuses_a_replacement_without_the_payers_claim_number()
    {
        var claim = ClaimBuilder.Claim(1) with { Frequency = ClaimFrequency.Replacement };
        Assert.Contains("REF*F8", Assert.Throws<ArgumentException>(() => Claim837Writer.WriteToString(ClaimBuilder.Batch(claim))).Message);
    }

    [Fact]
    public void Refuses_a_member_id_containing_a_delimiter()
    {
        var claim = ClaimBuilder.Claim(1) with { Subscriber = ClaimBuilder.Subscriber(1) with { MemberId = "MEM~1" } };
        Assert.Contains("NM109", Assert.Throws<ArgumentException>(() => Claim837Writer.WriteToString(ClaimBuilder.Batch(claim))).Message);
    }
}
