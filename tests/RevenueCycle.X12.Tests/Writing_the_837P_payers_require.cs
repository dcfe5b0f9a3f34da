using RevenueCycle.X12.Claims;
using RevenueCycle.X12.Tests.Samples;

namespace RevenueCycle.X12.Tests;

/// <summary>837P content real payers reject claims without (005010X222A1), written by hand-checked segment and read back.</summary>
public class Writing_the_837P_payers_require
{
    static readonly Address LockBox = new() { Line1 = "PO BOX 4410", City = "SPRINGFIELD", State = "IL", PostalCode = "627084410" };

    static (string Text, Claim837 Read) WriteAndRead(Claim837 claim)
    {
        var text = Claim837Writer.WriteToString(ClaimBuilder.Batch(claim));
        var read = Assert.Single(Assert.Single(Claim837Reader.Parse(text)).Claims);
        Assert.Equal(claim, read);
        return (text, read);
    }

    [Fact]
    public void A_po_box_goes_in_the_pay_to_loop_after_the_billing_providers_street_address()
    {
        // X222A1 2010AA N3: the billing provider address must be a street address; a P.O. box or lock box is sent in 2010AB.
        var claim = ClaimBuilder.Claim(1) with { BillingProvider = ClaimBuilder.Riverside with { PayToAddress = LockBox } };

        var (text, _) = WriteAndRead(claim);

        Assert.Contains("NM1*85*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893~N3*12 MAIN ST~N4*SPRINGFIELD*IL*627010000~REF*EI*371234567~"
            + "NM1*87*2~N3*PO BOX 4410~N4*SPRINGFIELD*IL*627084410~HL*2*1*22*0~", text);
    }

    [Fact]
    public void A_billing_provider_paid_at_its_street_address_has_no_pay_to_loop()
    {
        var (text, _) = WriteAndRead(ClaimBuilder.Claim(1));
        Assert.DoesNotContain("NM1*87", text);
    }

    [Fact]
    public void A_sole_proprietor_bills_as_a_person_with_a_social_security_number()
    {
        // X222A1 2010AA NM102 1 person (NM103 last, NM104 first name); REF*SY only when the billing provider is a person.
        var claim = ClaimBuilder.Claim(1) with
        {
            BillingProvider = ClaimBuilder.Riverside with
            {
                OrganizationName = "NGUYEN", Individual = new PersonName("NGUYEN", "LINH"), TaxId = "123456789",
                TaxIdQualifier = BillingProvider837.SocialSecurityNumber,
            },
        };

        var (text, read) = WriteAndRead(claim);

        Assert.Contains("NM1*85*1*NGUYEN*LINH****XX*1234567893~N3*12 MAIN ST~N4*SPRINGFIELD*IL*627010000~REF*SY*123456789~", text);
        Assert.Equal(new PersonName("NGUYEN", "LINH"), read.BillingProvider.Individual);
    }

    [Fact]
    public void A_hospital_visit_names_the_service_facility_after_the_rendering_provider()
    {
        // X222A1 2310C: required when the location of service is not the billing provider's address (2010AA).
        var claim = ClaimBuilder.Claim(1) with
        {
            PlaceOfService = "21",
            RenderingProvider = new RenderingProvider837 { Name = new PersonName("SMITH", "JOHN"), Npi = "1987654325" },
            ServiceFacility = new ServiceFacility837
            {
                Name = "MERCY GENERAL HOSPITAL", Npi = "1245319599",
                Address = new Address { Line1 = "800 HOSPITAL DR", City = "SPRINGFIELD", State = "IL", PostalCode = "627040000" },
            },
        };

        var (text, _) = WriteAndRead(claim);

        Assert.Contains("NM1*82*1*SMITH*JOHN****XX*1987654325~NM1*77*2*MERCY GENERAL HOSPITAL*****XX*1245319599~N3*800 HOSPITAL DR~N4*SPRINGFIELD*IL*627040000~LX*1~", text);
    }

    [Fact]
    public void A_service_facility_without_an_npi_is_named_with_its_address_only()
    {
        var claim = ClaimBuilder.Claim(1) with
        {
            PlaceOfService = "31",
            ServiceFacility = new ServiceFacility837 { Name = "OAK NURSING HOME", Address = new Address { Line1 = "5 ELM ST", City = "SPRINGFIELD", State = "IL", PostalCode = "62704" } },
        };

        var (text, _) = WriteAndRead(claim);

        Assert.Contains("NM1*77*2*OAK NURSING HOME~N3*5 ELM ST~N4*SPRINGFIELD*IL*62704~", text);
    }

    [Fact]
    public void Medicare_as_secondary_carries_the_insurance_type_code_in_SBR05()
    {
        // X222A1 2000B SBR05: required when the destination payer is Medicare and Medicare is not primary (12 working aged).
        var claim = ClaimBuilder.Claim(1) with
        {
            Subscriber = ClaimBuilder.Subscriber(1) with { Responsibility = PayerResponsibility.Secondary, ClaimFilingCode = "MB", InsuranceTypeCode = "12" },
            OtherPayers = [Primary() with { PaidAmount = 100m }],
        };

        var (text, _) = WriteAndRead(claim);

        Assert.Contains("SBR*S*18*GRP100**12****MB~", text);
        Assert.Contains("SBR*P*18*G1******CI~", text); // 2320 of the primary: no SBR05
    }

    [Fact]
    public void A_payer_that_answered_at_claim_level_gives_the_remaining_patient_liability_in_2320_and_no_2430()
    {
        // X222A1 2320 AMT*EAF: sent when the other payer reported claim-level information only (X12 RFI 1391, 1515),
        // after AMT*D; 2430 only when that payer adjudicated the line.
        var claim = ClaimBuilder.Claim(1) with
        {
            Subscriber = ClaimBuilder.Subscriber(1) with { Responsibility = PayerResponsibility.Secondary },
            OtherPayers = [Primary() with { PaidAmount = 150m, RemainingPatientLiability = 40m, Adjustments = [new Adjustment(AdjustmentGroup.PatientResponsibility, "2", 40m), new Adjustment(AdjustmentGroup.Contractual, "45", 40m)] }],
        };

        var (text, _) = WriteAndRead(claim);

        Assert.Contains("SBR*P*18*G1******CI~CAS*PR*2*40~CAS*CO*45*40~AMT*D*150~AMT*EAF*40~OI***Y***Y~", text);
        Assert.DoesNotContain("SVD*", text);
    }

    [Fact]
    public void A_payer_that_adjudicated_lines_gives_the_remaining_patient_liability_per_line_in_2430()
    {
        var claim = ClaimBuilder.Claim(1) with
        {
            Subscriber = ClaimBuilder.Subscriber(1) with { Responsibility = PayerResponsibility.Secondary },
            OtherPayers = [Primary() with { PaidAmount = 100m }],
        };
        claim = claim with
        {
            Lines =
            [
                claim.Lines[0] with
                {
                    Adjudications = [new LineAdjudication837
                    {
                        PayerId = "ACME01", PaidAmount = 100m, Procedure = ProcedureCode.Cpt("99214", "25"), AdjudicationDate = new DateOnly(2024, 3, 20),
                        Adjustments = [new Adjustment(AdjustmentGroup.PatientResponsibility, "2", 30m)], RemainingPatientLiability = 30m,
                    }],
                },
                claim.Lines[1],
            ],
        };

        var (text, _) = WriteAndRead(claim);

        Assert.Contains("SVD*ACME01*100*HC:99214:25**1~CAS*PR*2*30~DTP*573*D8*20240320~AMT*EAF*30~", text);
        Assert.DoesNotContain("AMT*EAF*30~OI", text);
    }

    static OtherPayer837 Primary() => new()
    {
        Responsibility = PayerResponsibility.Primary, ClaimFilingCode = "CI", GroupNumber = "G1",
        SubscriberName = new PersonName("DOE", "JANE1"), SubscriberMemberId = "MEM1", PayerName = "ACME HEALTH PLAN", PayerId = "ACME01",
    };
}
