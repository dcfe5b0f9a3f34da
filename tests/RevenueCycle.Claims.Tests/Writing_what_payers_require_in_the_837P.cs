using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Secondary;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.X12.Claims;

namespace RevenueCycle.Claims.Tests;

/// <summary>From a claim's data to the 837P text payers accept (005010X222A1), hand-checked segment by segment.</summary>
public class Writing_what_payers_require_in_the_837P
{
    static readonly PayerInfo Second = ClaimBuilder.Acme with { Id = Guid.CreateVersion7(), PayerId = "SECOND", Name = "Second Plan" };
    static readonly PayerInfo Third = ClaimBuilder.Acme with { Id = Guid.CreateVersion7(), PayerId = "THIRD", Name = "Third Plan" };

    static string Write(ClaimData data, string responsibility = "primary") =>
        BatchSubmitter.Write(Guid.CreateVersion7(), 9, Guid.CreateVersion7(), Routes.Simulator, data,
            [Claim837Mapping.ToClaim837(ClaimBuilder.Row(data, responsibility: responsibility), data)]);

    static Claim837 Read(string x12) => Assert.Single(Assert.Single(Claim837Reader.Parse(x12)).Claims);

    static ClaimPaymentPosted Payment(string payerId, decimal paid, decimal patient, IReadOnlyList<PostedAdjustment> adjustments, IReadOnlyList<PostedLine> lines) =>
        new(Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, "RC0000001", "ICN-1", "1", payerId, payerId,
            new DateOnly(2025, 6, 20), ClaimBuilder.DateOfService, 230m, paid, adjustments, new PatientResponsibility(0, patient, 0, 0, 0), 0m, false,
            lines, [], DateTimeOffset.UtcNow);

    [Fact]
    public void The_submitter_contact_is_the_practices_own_telephone_number()
    {
        // X222A1 1000A PER*IC: the submitter's contact; the practice's number (217-555-0100), not a made-up one.
        var x12 = Write(ClaimBuilder.Claim());
        Assert.Contains("PER*IC*BILLING OFFICE*TE*2175550100~", x12);
        Assert.DoesNotContain("0000000000", x12);
    }

    [Fact]
    public void A_practice_without_a_telephone_number_gets_no_837_written()
    {
        var data = ClaimBuilder.Claim() with { Practice = ClaimBuilder.Practice with { Phone = null } };
        var refused = Assert.Throws<InvalidOperationException>(() => Write(data));
        Assert.Contains("1000A PER", refused.Message);
    }

    [Fact]
    public void A_practice_paid_at_a_po_box_sends_it_as_the_pay_to_address()
    {
        // X222A1 2010AA N3 street address; 2010AB NM1*87 N3/N4 the P.O. box.
        var data = ClaimBuilder.Claim() with
        {
            Practice = ClaimBuilder.Practice with { PayToAddress = new Address("PO Box 4410", null, "Springfield", "IL", "627084410") },
        };

        var x12 = Write(data);

        Assert.Contains("N3*12 Main St~N4*Springfield*IL*627010000~REF*EI*371234567~NM1*87*2~N3*PO Box 4410~N4*Springfield*IL*627084410~HL*2*1*22*0~", x12);
    }

    [Fact]
    public void A_sole_practitioner_is_billed_under_their_own_name_and_social_security_number()
    {
        // X222A1 2010AA NM102 1 (person: last, first name) and REF*SY, which only a person may use.
        var data = ClaimBuilder.Claim() with
        {
            Practice = ClaimBuilder.Practice with
            {
                NpiEntityType = 1, ProviderLastName = "Nguyen", ProviderFirstName = "Linh", TaxId = "123456789", TaxIdType = TaxIdTypes.Ssn,
            },
        };

        var x12 = Write(data);

        Assert.Contains("NM1*85*1*Nguyen*Linh****XX*1234567893~", x12);
        Assert.Contains("REF*SY*123456789~", x12);
        Assert.Contains("NM1*41*2*Riverside Family Medicine*****46*", x12); // the submitter stays the practice
    }

    [Fact]
    public void An_organisation_states_its_ein_even_when_asked_for_an_ssn()
    {
        var data = ClaimBuilder.Claim() with { Practice = ClaimBuilder.Practice with { TaxIdType = TaxIdTypes.Ssn } };
        Assert.Contains("NM1*85*2*Riverside Family Medicine*****XX*1234567893~N3*12 Main St~N4*Springfield*IL*627010000~REF*EI*371234567~", Write(data));
    }

    [Fact]
    public void A_hospital_visit_names_where_the_care_was_given_in_2310C()
    {
        var data = ClaimBuilder.Claim() with
        {
            PlaceOfService = "22",
            ServiceFacility = new ServiceFacility("Mercy General Hospital", "1245319599", new Address("800 Hospital Dr", null, "Springfield", "IL", "627040000")),
        };

        var x12 = Write(data);

        Assert.Contains("PRV*PE*PXC*207R00000X~NM1*77*2*Mercy General Hospital*****XX*1245319599~N3*800 Hospital Dr~N4*Springfield*IL*627040000~", x12);
        Assert.Equal("Mercy General Hospital", Read(x12).ServiceFacility?.Name);
    }

    [Fact]
    public void Medicare_billed_as_secondary_says_why_in_SBR05()
    {
        // X222A1 2000B SBR05: 12 working aged, when the destination payer is Medicare and Medicare is not primary.
        var medicare = ClaimBuilder.Coverage("secondary", ClaimBuilder.Acme with { Name = "Medicare", PayerId = "MCARE", ClaimFilingCode = "MB" }) with
        {
            MedicareSecondaryPayerType = "12",
        };
        var primary = ClaimBuilder.Claim() with { OtherCoverages = [medicare] };
        var secondary = SecondaryClaims.Build(primary, medicare, Payment("ACME01", 150m, 40m, [new PostedAdjustment("PR", "2", 40m, null), new PostedAdjustment("CO", "45", 40m, null)], []));

        var primaryText = Write(primary);
        var secondaryText = Write(secondary, "secondary");

        Assert.Contains("SBR*S*18*GRP1**12****MB~", primaryText); // 2320 of the primary claim names Medicare's reason too
        Assert.Contains("SBR*S*18*GRP1**12****MB~", secondaryText);
        Assert.Contains("SBR*P*18*GRP1******CI~", secondaryText);
    }

    [Fact]
    public void A_primary_that_answered_at_claim_level_gives_2320_with_the_remaining_patient_liability_and_no_2430()
    {
        // X222A1 2430: only when the prior payer adjudicated the line; 2320 AMT*EAF when it reported claim level only (X12 RFI 1391).
        var primary = ClaimBuilder.Claim() with { OtherCoverages = [ClaimBuilder.Coverage("secondary", Second)] };
        var payment = Payment("ACME01", 150m, 40m, [new PostedAdjustment("PR", "2", 40m, null), new PostedAdjustment("CO", "45", 40m, null)], []);
        var secondary = SecondaryClaims.Build(primary, primary.OtherCoverages[0], payment);

        var x12 = Write(secondary, "secondary");

        Assert.Contains("SBR*P*18*GRP1******CI~CAS*PR*2*40~CAS*CO*45*40~AMT*D*150~AMT*EAF*40~OI***Y***Y~", x12);
        Assert.DoesNotContain("SVD*", x12);
        Assert.DoesNotContain("DTP*573", x12);
    }

    [Fact]
    public void A_primary_that_adjudicated_lines_gives_the_remaining_patient_liability_per_line_only()
    {
        // X222A1 2430 AMT*EAF per line; not repeated in 2320 (X12 RFI 1391: never both).
        var primary = ClaimBuilder.Claim() with { OtherCoverages = [ClaimBuilder.Coverage("secondary", Second)] };
        var payment = Payment("ACME01", 150m, 50m, [new PostedAdjustment("CO", "45", 80m, 1), new PostedAdjustment("PR", "2", 50m, 2)],
            [new PostedLine(1, "99214", ["25"], ClaimBuilder.DateOfService, 180m, 100m, 0m, []), new PostedLine(2, "80053", [], ClaimBuilder.DateOfService, 50m, 0m, 50m, [])]);
        var secondary = SecondaryClaims.Build(primary, primary.OtherCoverages[0], payment);

        var x12 = Write(secondary, "secondary");

        Assert.Contains("SVD*ACME01*100*HC:99214:25**1~CAS*CO*45*80~DTP*573*D8*20250620~AMT*EAF*0~", x12);
        Assert.Contains("SVD*ACME01*0*HC:80053**2~CAS*PR*2*50~DTP*573*D8*20250620~AMT*EAF*50~", x12);
        Assert.Contains("AMT*D*150~OI", x12);
    }

    [Fact]
    public void A_tertiary_claim_carries_both_earlier_payers_decisions()
    {
        // X222A1 2000B SBR01 T; 2320/2330B once for each payer that adjudicated before, in the order of benefits.
        var primary = ClaimBuilder.Claim() with { OtherCoverages = [ClaimBuilder.Coverage("secondary", Second), ClaimBuilder.Coverage("tertiary", Third)] };
        var secondary = SecondaryClaims.Build(primary, primary.OtherCoverages[0],
            Payment("ACME01", 150m, 80m, [new PostedAdjustment("PR", "1", 80m, null)], []));
        var tertiary = SecondaryClaims.Build(secondary, secondary.OtherCoverages.Single(c => c.Priority == "tertiary"),
            Payment("SECOND", 50m, 30m, [new PostedAdjustment("PR", "2", 30m, null)], []));

        var x12 = Write(tertiary, "tertiary");

        Assert.Contains("SBR*T*18*GRP1******CI~NM1*IL*1*Doe*Jane****MI*MEM123~", x12);
        Assert.Contains("SBR*P*18*GRP1******CI~CAS*PR*1*80~AMT*D*150~AMT*EAF*80~OI***Y***Y~NM1*IL*1*Doe*Jane****MI*MEM123~NM1*PR*2*Acme Health*****PI*ACME01~", x12);
        Assert.Contains("SBR*S*18*GRP1******CI~CAS*PR*2*30~AMT*D*50~AMT*EAF*30~OI***Y***Y~NM1*IL*1*Doe*Jane****MI*MEM123~NM1*PR*2*Second Plan*****PI*SECOND~", x12);
        var read = Read(x12);
        Assert.Equal([PayerResponsibility.Primary, PayerResponsibility.Secondary], read.OtherPayers.Select(o => o.Responsibility));
        Assert.Equal("THIRD", read.Payer.PayerId);
    }
}
