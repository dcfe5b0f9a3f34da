using RevenueCycle.EndToEnd.Payments;
using RevenueCycle.Payments.Posting;
using RevenueCycle.X12;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.Payments.Tests;

/// <summary>The end-to-end tests' 835s are real X12: the library reads them back, balanced.</summary>
public class Reading_the_test_835s
{
    [Fact]
    public void The_builder_writes_a_balanced_835_the_reader_takes()
    {
        var text = Era.Build("ACMEHEALTH", 42, "CHK42",
        [
            new Clp("PCN1", 1, 250m, 133.53m,
            [
                new Svc("99214", 180m, 112.4m, [new Cas("CO", "45", 47.6m), new Cas("PR", "2", 20m)], ["25"]),
                new Svc("80050", 70m, 21.13m, [new Cas("CO", "45", 38.87m), new Cas("PR", "1", 10m)], SubmittedCode: "80053"),
            ], PayerClaimNumber: "PAYER1"),
            new Clp("PCN2", 4, 100m, 0m, [], [new Cas("CO", "50", 100m)]),
        ], [new Plb("WO", "PCN9", 12.5m), new Plb("L6", null, -1.25m)]);

        var remittance = Assert.Single(Remittance835Reader.Parse(text));

        Assert.Equal(133.53m - 11.25m, remittance.Payment.Amount);
        Assert.Equal("ACMEHEALTH", remittance.Envelope.Interchange.SenderId.Trim());
        var claim = RemittanceClaim.From(remittance.Claims.First());
        Assert.Equal("80053", claim.Lines[1].BilledCode);
        Assert.Equal(["25"], claim.Lines[0].Modifiers);
        Assert.Equal(2, remittance.ProviderAdjustments.Count);
    }

    [Fact]
    public void An_unbalanced_builder_file_is_refused_with_its_segment_and_position()
    {
        var text = Era.Build("ACMEHEALTH", 43, "CHK43", [new Clp("PCN1", 1, 100m, 80m, [new Svc("99213", 100m, 80m, [new Cas("CO", "45", 10m)])])]);
        var error = Assert.Throws<X12ParseException>(() => Remittance835Reader.Parse(text));
        Assert.Equal("SVC", error.SegmentId);
        Assert.True(error.SegmentPosition > 0);
    }
}
