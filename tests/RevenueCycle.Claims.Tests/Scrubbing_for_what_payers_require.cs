using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Scrubbing;
using RevenueCycle.Contracts.Registration;

namespace RevenueCycle.Claims.Tests;

/// <summary>Claims held before they reach a payer that would reject them for 837P content (005010X222A1).</summary>
public class Scrubbing_for_what_payers_require
{
    static readonly ScrubContext Clean = new(ClaimBuilder.Today, [], new HashSet<string>());

    static ScrubEdit Held(ClaimData claim, string rule, ScrubContext? context = null) =>
        Assert.Single(Scrubber.Scrub(claim, context ?? Clean), e => e.Rule == rule);

    static readonly ServiceFacility Mercy = new("Mercy General Hospital", "1245319599", new Address("800 Hospital Dr", null, "Springfield", "IL", "627040000"));

    [Fact]
    public void A_practice_without_a_telephone_number_holds_its_claims_instead_of_sending_a_made_up_one()
    {
        // X222A1 1000A PER: the submitter's contact number, which payers call.
        var edit = Held(ClaimBuilder.Claim() with { Practice = ClaimBuilder.Practice with { Phone = null } }, "required.practice-phone");
        Assert.Equal("practice.phone", edit.Target);
        Assert.Contains("PUT /api/practice", edit.Message);
        Assert.Single(Scrubber.Scrub(ClaimBuilder.Claim() with { Practice = ClaimBuilder.Practice with { Phone = "555-0100" } }, Clean), e => e.Rule == "required.practice-phone");
    }

    [Theory]
    [InlineData("PO Box 4410")]
    [InlineData("P.O. Box 12")]
    [InlineData("Post Office Box 7")]
    [InlineData("Lockbox 99812")]
    [InlineData("POB 55")]
    public void A_practice_address_that_is_a_po_box_holds_the_claim(string line1)
    {
        // X222A1 2010AA N3: the billing provider address must be a street address; P.O. and lock boxes go in 2010AB.
        var edit = Held(ClaimBuilder.Claim() with { Practice = ClaimBuilder.Practice with { Address = ClaimBuilder.Practice.Address with { Line1 = line1 } } },
            "billing-address.street");
        Assert.Equal("practice.address.line1", edit.Target);
        Assert.Contains("payToAddress", edit.Message);
    }

    [Theory]
    [InlineData("12 Main St")]
    [InlineData("400 Box Elder Rd")]
    [InlineData("1 Boxwood Ct")]
    public void A_street_that_only_sounds_like_a_box_is_a_street_address(string line1) =>
        Assert.DoesNotContain(Scrubber.Scrub(ClaimBuilder.Claim() with { Practice = ClaimBuilder.Practice with { Address = ClaimBuilder.Practice.Address with { Line1 = line1 } } }, Clean),
            e => e.Rule == "billing-address.street");

    [Theory]
    [InlineData("21")]
    [InlineData("22")]
    [InlineData("23")]
    [InlineData("31")]
    public void A_facility_place_of_service_without_the_facility_holds_the_claim(string placeOfService)
    {
        // X222A1 2310C: required when the location of service is not the billing provider's (2010AA) address.
        var edit = Held(ClaimBuilder.Claim() with { PlaceOfService = placeOfService }, "required.service-facility");
        Assert.Equal("serviceFacility", edit.Target);
        Assert.Empty(Scrubber.Scrub(ClaimBuilder.Claim() with { PlaceOfService = placeOfService, ServiceFacility = Mercy }, Clean));
    }

    [Fact]
    public void An_office_visit_needs_no_service_facility() =>
        Assert.Empty(Scrubber.Scrub(ClaimBuilder.Claim() with { PlaceOfService = "11" }, Clean));

    [Fact]
    public void Medicare_billed_as_secondary_without_the_reason_it_is_not_primary_is_held()
    {
        // X222A1 2000B SBR05: required when the destination payer is Medicare and Medicare is not primary.
        var medicare = ClaimBuilder.Coverage("secondary", ClaimBuilder.Acme with { Name = "Medicare Part B", PayerId = "MCARE", ClaimFilingCode = "MB" });
        var claim = ClaimBuilder.Claim() with { Coverage = medicare };
        var secondary = Clean with { Responsibility = "secondary" };

        var edit = Held(claim, "required.medicare-secondary-payer-type", secondary);

        Assert.Equal("coverage.medicareSecondaryPayerType", edit.Target);
        Assert.Contains("12 working aged", edit.Message);
        Assert.Empty(Scrubber.Scrub(claim with { Coverage = medicare with { MedicareSecondaryPayerType = "12" } }, secondary));
    }

    [Fact]
    public void Medicare_as_primary_needs_no_secondary_payer_type() =>
        Assert.Empty(Scrubber.Scrub(ClaimBuilder.Claim() with { Coverage = ClaimBuilder.Coverage(payer: ClaimBuilder.Acme with { ClaimFilingCode = "MB" }) }, Clean));
}
