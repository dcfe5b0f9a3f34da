using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.X12;
using RevenueCycle.X12.Claims;

namespace RevenueCycle.Claims.Tests;

public class Writing_the_837P_batch
{
    [Fact]
    public void A_batch_reads_back_as_the_claims_that_went_into_it()
    {
        var claims = Enumerable.Range(1, 3).Select(i => Claim837Mapping.ToClaim837(ClaimBuilder.Row(ClaimBuilder.Claim(), $"RC000000{i}"), ClaimBuilder.Claim())).ToValueList();
        var x12 = BatchSubmitter.Write(Guid.CreateVersion7(), 42, Guid.CreateVersion7(), Routes.Simulator, ClaimBuilder.Claim(), claims);

        var batch = Assert.Single(Claim837Reader.Parse(x12));
        Assert.Equal(claims, batch.Claims);
        Assert.Equal(42, batch.Envelope.Interchange.ControlNumber);
        Assert.Equal(42, batch.Envelope.Group.ControlNumber);
        Assert.Equal("0042", batch.Envelope.TransactionSetControlNumber);
        var claim = batch.Claims[0];
        Assert.Equal(["E119", "I10"], claim.Diagnoses);
        Assert.Equal(230m, claim.TotalCharge);
        Assert.Equal("RC0000001-1", claim.Lines[0].LineItemControlNumber);
        Assert.NotNull(claim.RenderingProvider);
    }

    [Fact]
    public void A_replacement_carries_frequency_7_and_the_payers_claim_number()
    {
        var data = ClaimBuilder.Claim();
        var x12 = BatchSubmitter.Write(Guid.CreateVersion7(), 7, Guid.CreateVersion7(), Routes.Simulator, data,
            [Claim837Mapping.ToClaim837(ClaimBuilder.Row(data, frequency: 7, payerClaimNumber: "ICN-555"), data)]);
        Assert.Contains("CLM*RC0000001*230***11:B:7", x12);
        Assert.Contains("REF*F8*ICN-555~", x12);
        var read = Assert.Single(Assert.Single(Claim837Reader.Parse(x12)).Claims);
        Assert.Equal(ClaimFrequency.Replacement, read.Frequency);
    }

    [Fact]
    public void A_primary_claim_names_the_patients_other_coverages_for_the_visit_without_payments()
    {
        var second = ClaimBuilder.Coverage("secondary", ClaimBuilder.Acme with { PayerId = "SECOND", Name = "Second Plan" });
        var ended = ClaimBuilder.Coverage("tertiary", ClaimBuilder.Acme with { PayerId = "ENDED", Name = "Ended Plan" }) with
        {
            EffectiveTo = ClaimBuilder.DateOfService.AddDays(-1),
        };
        var primary = ClaimBuilder.Claim() with { OtherCoverages = [second, ended] };

        var x12 = BatchSubmitter.Write(Guid.CreateVersion7(), 9, Guid.CreateVersion7(), Routes.Simulator, primary,
            [Claim837Mapping.ToClaim837(ClaimBuilder.Row(primary), primary)]);

        Assert.Contains("SBR*S*18*GRP1******CI~OI***Y***Y~", x12); // 2320 without AMT*D or CAS: nothing adjudicated yet
        Assert.Contains("NM1*PR*2*Second Plan*****PI*SECOND~", x12);
        Assert.DoesNotContain("AMT*D", x12);
        Assert.DoesNotContain("ENDED", x12); // a plan that did not cover the visit is not involved
        var other = Assert.Single(Assert.Single(Assert.Single(Claim837Reader.Parse(x12)).Claims).OtherPayers);
        Assert.Equal((PayerResponsibility.Secondary, "SECOND", (decimal?)null), (other.Responsibility, other.PayerId, other.PaidAmount));
    }

    [Fact]
    public void A_secondary_claim_carries_the_primarys_payment_and_adjustments()
    {
        var primary = ClaimBuilder.Claim() with { OtherCoverages = [ClaimBuilder.Coverage("secondary", ClaimBuilder.Acme with { PayerId = "SECOND", Name = "Second Plan" })] };
        var payment = new ClaimPaymentPosted(Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, "RC0000001", "ICN-1", "1", "ACME01", "Acme Health",
            new DateOnly(2025, 6, 20), ClaimBuilder.DateOfService, 280m, 150m,
            [new PostedAdjustment("CO", "45", 80m, 1), new PostedAdjustment("PR", "2", 50m, 2)],
            new PatientResponsibility(0, 50m, 0, 0, 0), 0m, false,
            [new PostedLine(1, "99214", ["25"], ClaimBuilder.DateOfService, 180m, 100m, 0m, []), new PostedLine(2, "80053", [], ClaimBuilder.DateOfService, 100m, 50m, 50m, [])],
            [], DateTimeOffset.UtcNow);
        var secondary = Secondary.SecondaryClaims.Build(primary, primary.OtherCoverages[0], payment);

        var x12 = BatchSubmitter.Write(Guid.CreateVersion7(), 9, Guid.CreateVersion7(), Routes.Simulator, secondary,
            [Claim837Mapping.ToClaim837(ClaimBuilder.Row(secondary, responsibility: "secondary"), secondary)]);

        Assert.Contains("SBR*S*18*GRP1******CI~", x12);
        Assert.Contains("SBR*P*18*GRP1******CI~", x12); // 2320
        Assert.Contains("AMT*D*150~", x12);
        Assert.Contains("SVD*ACME01*100*HC:99214:25**1~", x12);
        var read = Assert.Single(Assert.Single(Claim837Reader.Parse(x12)).Claims);
        Assert.Equal(150m, Assert.Single(read.OtherPayers).PaidAmount);
        Assert.Equal(PayerResponsibility.Secondary, read.Subscriber.Responsibility);
    }
}
