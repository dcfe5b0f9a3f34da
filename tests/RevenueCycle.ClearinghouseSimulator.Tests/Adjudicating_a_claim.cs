using RevenueCycle.ClearinghouseSimulator.Adjudication;
using RevenueCycle.ClearinghouseSimulator.Remittances;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12;
using RevenueCycle.X12.Claims;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.ClearinghouseSimulator.Tests;

public class Adjudicating_a_claim
{
    static readonly DateOnly ServiceDate = new(2024, 3, 1);

    static Claim837 Claim(params (string Code, decimal Charge)[] lines) => new()
    {
        BillingProvider = new BillingProvider837
        {
            OrganizationName = "RIVERSIDE", Npi = "1234567893", TaxId = "371234567",
            Address = new Address { Line1 = "12 MAIN ST", City = "SPRINGFIELD", State = "IL", PostalCode = "627010000" },
        },
        Subscriber = new Subscriber837 { ClaimFilingCode = "CI", Name = new PersonName("DOE", "JANE"), MemberId = "M1" },
        Payer = new Payer837 { Name = "ACME", PayerId = "ACME01" },
        PatientControlNumber = "PCN1",
        TotalCharge = lines.Sum(l => l.Charge),
        PlaceOfService = "11",
        Diagnoses = ["J449"],
        Lines = lines.Select(l => new ServiceLine837 { Procedure = ProcedureCode.Cpt(l.Code), ChargeAmount = l.Charge, ServiceDate = ServiceDate }).ToValueList(),
    };

    static AdjudicationContext Context => new(new DateOnly(2024, 3, 20), "SIM000000001", (_, _) => false);

    [Fact]
    public void Takes_copay_then_deductible_then_coinsurance_from_the_allowed_amount()
    {
        var payer = new PayerSettings { Fees = [new FeeSetting("99213", 100m)] };
        var plan = new MemberPlan { Copay = 20m, Deductible = 50m, CoinsurancePercent = 20m };

        var result = Adjudicator.Adjudicate(Claim(("99213", 150m), ("85025", 150m)), payer, plan, Context);

        Assert.Equal([24m, 96m], result.Lines.Select(l => l.Paid));
        Assert.Equal(100m, result.PatientResponsibility);
        Assert.Equal(50m, result.DeductibleApplied);
        Assert.Equal(ClaimStatusCode.ProcessedAsPrimary, result.Status);
    }

    [Fact]
    public void Spreads_the_remaining_deductible_over_the_lines_in_order()
    {
        var plan = new MemberPlan { Deductible = 1000m, DeductibleMet = 900m, CoinsurancePercent = 0m };

        var result = Adjudicator.Adjudicate(Claim(("99213", 100m), ("85025", 100m)), PayerSettings.Default, plan, Context);

        Assert.Equal([0m, 60m], result.Lines.Select(l => l.Paid)); // 80 + 20 of the 100 left
        Assert.Equal(100m, result.DeductibleApplied);
    }

    [Fact]
    public void Pays_as_secondary_the_share_the_primary_left_to_the_patient()
    {
        var claim = Claim(("99213", 200m)) with
        {
            Subscriber = Claim().Subscriber with { Responsibility = PayerResponsibility.Secondary },
            OtherPayers =
            [
                new OtherPayer837
                {
                    Responsibility = PayerResponsibility.Primary, ClaimFilingCode = "MB", PaidAmount = 128m, SubscriberName = new PersonName("DOE"),
                    SubscriberMemberId = "X", PayerName = "MEDICARE", PayerId = "MCARE",
                    Adjustments = [new Adjustment(AdjustmentGroup.Contractual, "45", 40m), new Adjustment(AdjustmentGroup.PatientResponsibility, "2", 32m)],
                },
            ],
        };

        var result = Adjudicator.Adjudicate(claim, PayerSettings.Default, MemberPlan.Unknown, Context);

        Assert.Equal(ClaimStatusCode.ProcessedAsSecondary, result.Status);
        Assert.Equal(25.60m, result.Paid); // 32 less the member's 20% coinsurance
        Assert.Contains(new LineAdjustment("CO", Carcs.PriorPayerAdjudication, 168m), result.Lines[0].Adjustments);
    }

    [Fact]
    public void Writes_a_balanced_835_with_a_reversal_and_the_corrected_payment()
    {
        var original = Adjudicator.Adjudicate(Claim(("99213", 100m)), PayerSettings.Default, MemberPlan.Unknown, Context);
        var corrected = Adjudicator.Adjudicate(Claim(("99214", 50m)), PayerSettings.Default, MemberPlan.Unknown, Context with { PayerClaimNumber = "SIM000000002" });
        var envelope = new X12Envelope(
            new InterchangeHeader { SenderId = "SIM", ReceiverId = "RCMTEST", Created = new DateTime(2024, 3, 20), ControlNumber = 7 },
            new FunctionalGroupHeader { FunctionalIdentifierCode = "HP", ApplicationSenderCode = "ACME01", ApplicationReceiverCode = "RCMTEST", Created = new DateTime(2024, 3, 20), ControlNumber = 7, Version = X12Versions.Remittance835 },
            "0001");

        var remittance = Remittance835Factory.Build(envelope, "ACME01", "SIM1", new DateOnly(2024, 3, 20), [original.Reversal(), corrected]);
        var read = Assert.Single(Remittance835Reader.Parse(Remittance835Writer.WriteToString(remittance)));

        Assert.Equal([ClaimStatusCode.Reversal, ClaimStatusCode.ProcessedAsPrimary], read.Claims.Select(c => c.Status));
        Assert.Equal(-64m, read.Claims.First().PaymentAmount);
        Assert.Equal(0m, read.Payment.Amount); // 32 − 64 < 0: nothing paid now, the recovery of the difference delayed (1.10.2.17)
        var recovery = Assert.Single(read.ProviderAdjustments);
        Assert.Equal(("WO", "SIM000000001", -32m), (recovery.ReasonCode, recovery.Reference, recovery.Amount));
    }
}
