using RevenueCycle.X12.Claims;
using RevenueCycle.X12.Tests.Samples;

namespace RevenueCycle.X12.Tests;

public class Reading_an_837P
{
    private static ClaimBatch837 ReadOne(string x12) => Assert.Single(Claim837Reader.Parse(x12));

    private static X12ParseException Rejects(string x12) => Assert.Throws<X12ParseException>(() => Claim837Reader.Parse(x12));

    [Fact]
    public void Reads_the_batch_header_submitter_and_receiver()
    {
        var batch = ReadOne(Sample837.Text);
        Assert.Equal("BATCH-0042", batch.OriginatorReference);
        Assert.Equal(new DateTime(2024, 3, 15, 9, 30, 0), batch.Created);
        Assert.Equal("RFM001", batch.Submitter.Identifier);
        Assert.Equal("billing@riverside.example", batch.SubmitterContact.Numbers[1].Number);
        Assert.Equal("CH0001", batch.Receiver.Identifier);
        Assert.Equal(3, batch.Claims.Count);
    }

    [Fact]
    public void Reads_a_claim_whose_patient_is_the_subscriber()
    {
        var claim = ReadOne(Sample837.Text).Claims[0];
        Assert.Equal(ClaimBuilder.Riverside, claim.BillingProvider);
        Assert.Null(claim.Patient);
        Assert.Equal(new PersonName("DOE", "JANE"), claim.Subscriber.Name);
        Assert.Equal("MEM123", claim.Subscriber.MemberId);
        Assert.Equal(new DateOnly(1980, 5, 12), claim.Subscriber.BirthDate);
        Assert.Equal("CI", claim.Subscriber.ClaimFilingCode);
        Assert.Equal(new Payer837 { Name = "ACME HEALTH PLAN", PayerId = "ACME01" }, claim.Payer);
        Assert.Equal("PCN-1001", claim.PatientControlNumber);
        Assert.Equal(300m, claim.TotalCharge);
        Assert.Equal("11", claim.PlaceOfService);
        Assert.Equal(ClaimFrequency.Original, claim.Frequency);
        Assert.Equal("AUTH-778", claim.PriorAuthorization);
        Assert.Equal(["J449", "E119", "I10"], claim.Diagnoses);
        Assert.Equal(new RenderingProvider837 { Name = new PersonName("SMITH", "JOHN"), Npi = "1987654325", TaxonomyCode = "207R00000X" }, claim.RenderingProvider);
        Assert.Equal(
            new ServiceLine837 { Procedure = ProcedureCode.Cpt("99213", "25"), ChargeAmount = 150m, DiagnosisPointers = [1, 2], ServiceDate = new DateOnly(2024, 3, 1), LineItemControlNumber = "LINE-1" },
            claim.Lines[0]);
    }

    [Fact]
    public void Reads_a_dependents_replacement_claim_under_the_patient_level()
    {
        var claim = ReadOne(Sample837.Text).Claims[1];
        Assert.Equal("19", claim.Patient?.RelationshipToSubscriber);
        Assert.Equal(new PersonName("ROE", "EMMA"), claim.Patient?.Name);
        Assert.Equal(new DateOnly(2015, 7, 4), claim.Patient?.BirthDate);
        Assert.Equal("ROE FAMILY PLAN", claim.Subscriber.GroupName);
        Assert.Null(claim.Subscriber.BirthDate);
        Assert.Equal(ClaimFrequency.Replacement, claim.Frequency);
        Assert.Equal("ACME-CLAIM-2", claim.PayerClaimControlNumber);
        Assert.Equal("11", claim.Lines[0].PlaceOfService);
    }

    [Fact]
    public void Reads_the_prior_payers_adjudication_of_a_secondary_claim()
    {
        var claim = ReadOne(Sample837.Text).Claims[2];
        Assert.Equal(PayerResponsibility.Secondary, claim.Subscriber.Responsibility);
        var medicare = Assert.Single(claim.OtherPayers);
        Assert.Equal(PayerResponsibility.Primary, medicare.Responsibility);
        Assert.Equal("MB", medicare.ClaimFilingCode);
        Assert.Equal(128m, medicare.PaidAmount);
        Assert.Equal("MCARE", medicare.PayerId);
        Assert.Equal("1EG4TE5MK73", medicare.SubscriberMemberId);
        var adjudication = Assert.Single(claim.Lines[0].Adjudications);
        Assert.Equal(128m, adjudication.PaidAmount);
        Assert.Equal(4m, adjudication.Units);
        Assert.Equal([new Adjustment(AdjustmentGroup.Contractual, "45", 40m), new Adjustment(AdjustmentGroup.PatientResponsibility, "2", 32m)], adjudication.Adjustments);
        Assert.Equal(new DateOnly(2024, 3, 20), adjudication.AdjudicationDate);
    }

    [Fact]
    public void Reads_the_service_facility_the_insurance_type_and_the_remaining_patient_liability()
    {
        // X222A1: 2310C NM1*77 with N3/N4 where care was given; 2000B SBR05 insurance type (Medicare secondary);
        // 2320 AMT*EAF remaining patient liability after the prior payer.
        var x12 = Sample837.Text
            .Replace("PRV*PE*PXC*207R00000X~", "PRV*PE*PXC*207R00000X~NM1*77*2*RIVERSIDE HOSPITAL*****XX*1457389203~N3*900 HOSPITAL DR~N4*SPRINGFIELD*IL*627040000~")
            .Replace("SBR*S*18*GRP300******CI~", "SBR*S*18*GRP300**12****MB~")
            .Replace("AMT*D*128~", "AMT*D*128~AMT*EAF*32~")
            .Replace("SE*69*", "SE*73*");
        var claims = ReadOne(x12).Claims;

        Assert.Equal(new ServiceFacility837
        {
            Name = "RIVERSIDE HOSPITAL", Npi = "1457389203",
            Address = new Address { Line1 = "900 HOSPITAL DR", City = "SPRINGFIELD", State = "IL", PostalCode = "627040000" },
        }, claims[0].ServiceFacility);
        Assert.Equal(ClaimBuilder.Riverside, claims[0].BillingProvider); // the facility's N3/N4 are not the billing provider's
        Assert.Equal(("12", "MB"), (claims[2].Subscriber.InsuranceTypeCode, claims[2].Subscriber.ClaimFilingCode));
        Assert.Equal(32m, Assert.Single(claims[2].OtherPayers).RemainingPatientLiability);
    }

    [Fact]
    public void Leaves_the_service_facility_insurance_type_and_remaining_liability_empty_when_not_sent()
    {
        var claims = ReadOne(Sample837.Text).Claims;
        Assert.Null(claims[0].ServiceFacility);
        Assert.Null(claims[2].Subscriber.InsuranceTypeCode);
        Assert.Null(Assert.Single(claims[2].OtherPayers).RemainingPatientLiability);
    }

    [Fact]
    public void Rejects_a_patient_level_whose_parent_is_not_a_subscriber()
    {
        var error = Rejects(Sample837.Text.Replace("HL*4*3*23*0~", "HL*4*1*23*0~"));
        Assert.Equal("HL", error.SegmentId);
        Assert.Equal(2, error.ElementPosition);
    }

    [Fact]
    public void Rejects_hierarchical_ids_out_of_sequence()
    {
        var error = Rejects(Sample837.Text.Replace("HL*3*1*22*1~", "HL*7*1*22*1~"));
        Assert.Equal(1, error.ElementPosition);
    }

    [Fact]
    public void Rejects_a_claim_without_service_lines()
    {
        var x12 = Sample837.Text.Replace("LX*1~\nSV1*HC:99212*85*UN*1*11**1~\nDTP*472*D8*20240305~\n", "").Replace("SE*69*", "SE*66*");
        var error = Rejects(x12);
        Assert.Equal("CLM", error.SegmentId);
        Assert.Contains("PCN-1002", error.Message);
    }

    [Fact]
    public void Rejects_a_bad_charge_amount()
    {
        var error = Rejects(Sample837.Text.Replace("SV1*HC:85025*150*", "SV1*HC:85025*15O*"));
        Assert.Equal("SV1", error.SegmentId);
        Assert.Equal(31, error.SegmentPosition);
        Assert.Equal(2, error.ElementPosition);
    }

    [Fact]
    public void Rejects_a_wrong_segment_count() =>
        Assert.Equal("SE", Rejects(Sample837.Text.Replace("SE*69*", "SE*68*")).SegmentId);

    [Fact]
    public void Rejects_a_segment_the_guide_does_not_have() =>
        Assert.Equal("ZZZ", Rejects(Sample837.Text.Replace("REF*G1*AUTH-778~", "ZZZ*G1*AUTH-778~")).SegmentId);

    // Found by Fuzzing_every_X12_reader: the subscriber's NM1*IL (2010BA) without the SBR that opens loop 2000B threw NullReferenceException.
    [Fact]
    public void A_subscriber_name_without_its_SBR_is_refused_naming_NM1()
    {
        var error = Rejects(Sample837.Text.Replace("SBR*P*18*GRP100******CI~", ""));
        Assert.Equal("NM1", error.SegmentId);
        Assert.Contains("SBR", error.Message);
    }
}
