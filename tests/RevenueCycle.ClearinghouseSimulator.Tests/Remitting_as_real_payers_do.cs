using RevenueCycle.ClearinghouseSimulator.Adjudication;
using RevenueCycle.ClearinghouseSimulator.Remittances;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12;
using RevenueCycle.X12.Remittance;
using static RevenueCycle.ClearinghouseSimulator.Tests.Builders;

namespace RevenueCycle.ClearinghouseSimulator.Tests;

/// <summary>The per-payer remittance behaviours of real payers (issue 14), each read back through Remittance835Reader, which checks X221A1 balancing.</summary>
public class Remitting_as_real_payers_do
{
    static readonly MemberPlan NoCoinsurance = new() { CoinsurancePercent = 0 };

    [Fact]
    public void A_capitated_service_pays_nothing_with_CO_24_less_the_copay_and_is_no_denial()
    {
        // X12 RFI 424 (X221A1): services the payer finds capitated are adjusted to pay $0 with CARC 24.
        var payer = new PayerSettings { CapitatedCodes = ["99213"] };
        var plan = new MemberPlan { Copay = 20m, CoinsurancePercent = 20m };

        var claim = Adjudicator.Adjudicate(Claim("CAP1", ("99213", 100m), ("85025", 100m)), payer, plan, Context());
        var read = Assert.Single(WriteAndRead([claim]).Claims);

        Assert.Equal(ClaimStatusCode.ProcessedAsPrimary, read.Status);
        Assert.Equal(0m, read.ServiceLines[0].PaymentAmount);
        Assert.Equal([new Adjustment(AdjustmentGroup.Contractual, "24", 80m), new Adjustment(AdjustmentGroup.PatientResponsibility, "3", 20m)],
            read.ServiceLines[0].Adjustments);
        Assert.Equal(64m, read.ServiceLines[1].PaymentAmount); // 80% allowed, 20% coinsurance; the copay went to the capitated visit
        Assert.Equal((64m, 36m), (read.PaymentAmount, read.PatientResponsibilityAmount));
    }

    [Fact]
    public void A_forwarded_claim_is_CLP02_19_naming_the_crossover_carrier_and_the_carrier_pays_the_patient_share_as_secondary_with_OA_23()
    {
        // X221A1 2100 NM1*TT: required when CLP02 is 19, 20, 21 or 23; NM108 PI payer identification.
        var crossover = new CrossoverPayer("MCAID", "STATE MEDICAID");
        var primary = Adjudicator.Adjudicate(Claim("XO1", ("99213", 200m)), new PayerSettings { CrossoverTo = crossover }, MemberPlan.Unknown, Context());

        var first = WriteAndRead([primary]);
        var forwarded = Assert.Single(first.Claims);
        Assert.Equal(ClaimStatusCode.ProcessedAsPrimaryForwarded, forwarded.Status);
        Assert.Equal((EntityType.Organization, "STATE MEDICAID", "PI", "MCAID"),
            (forwarded.CrossoverCarrier!.Type, forwarded.CrossoverCarrier.LastNameOrOrganization, forwarded.CrossoverCarrier.IdQualifier, forwarded.CrossoverCarrier.Identifier));
        Assert.Equal((128m, 32m), (forwarded.PaymentAmount, forwarded.PatientResponsibilityAmount));

        // The carrier's own 835: CLP02 2, the primary's payment and write-off are the prior payer's impact (OA-23); its member's
        // deductible of 10 applies to the 32 the patient owed, so it pays 22.
        var secondary = Adjudicator.Crossover(primary, crossover, PayerSettings.Default, NoCoinsurance with { Deductible = 10m }, Context("SIM000000002"));
        var second = WriteAndRead([secondary], payerId: "MCAID", trace: "SIM000000102");
        var paid = Assert.Single(second.Claims);
        Assert.Equal(("XO1", ClaimStatusCode.ProcessedAsSecondary, "SIM000000002"), (paid.PatientControlNumber, paid.Status, paid.PayerClaimControlNumber));
        Assert.Equal([new Adjustment(AdjustmentGroup.Other, "23", 168m), new Adjustment(AdjustmentGroup.PatientResponsibility, "1", 10m)],
            paid.ServiceLines[0].Adjustments);
        Assert.Equal((22m, 22m), (paid.PaymentAmount, second.Payment.Amount));
        Assert.Null(paid.CrossoverCarrier);
        Assert.Equal(("STATE MEDICAID", "MCAID"), (second.Payer.Name, second.Payer.References.Single(r => r.Qualifier == "2U").Value));
        Assert.NotEqual(first.PayerIdentifier, second.PayerIdentifier);
    }

    [Fact]
    public void A_reversal_of_a_forwarded_claim_carries_no_NM1_TT()
    {
        // X12 RFI 1981: NM1*TT is sent only with CLP02 19, 20, 21 or 23, so not on the CLP02 22 that reverses a 19.
        var primary = Adjudicator.Adjudicate(Claim("XO2", ("99213", 100m)), new PayerSettings { CrossoverTo = new("MCAID", "STATE MEDICAID") }, MemberPlan.Unknown, Context());

        var reversal = Assert.Single(WriteAndRead([primary.Reversal()]).Claims);

        Assert.Equal(ClaimStatusCode.Reversal, reversal.Status);
        Assert.Null(reversal.CrossoverCarrier);
    }

    [Fact]
    public void Claim_remarks_go_in_a_claim_level_MOA_and_a_denied_claim_adds_the_denial_remarks()
    {
        // X221A1 2100 MOA: required for professional claims with a remark code at the claim level; MOA03..MOA07.
        var payer = new PayerSettings
        {
            ClaimRemarks = ["MA130"], DeniedClaimRemarks = ["MA01"], Denials = [new DenialRule("97110", null, "50", "N115")],
        };

        var read = WriteAndRead([
            Adjudicator.Adjudicate(Claim("PAID", ("99213", 100m)), payer, MemberPlan.Unknown, Context()),
            Adjudicator.Adjudicate(Claim("DENIED", ("97110", 100m)), payer, MemberPlan.Unknown, Context("SIM000000002")),
        ]).Claims.ToList();

        Assert.Equal(["MA130"], read[0].OutpatientAdjudication!.RemarkCodes);
        Assert.Equal(ClaimStatusCode.Denied, read[1].Status);
        Assert.Equal(["MA130", "MA01"], read[1].OutpatientAdjudication!.RemarkCodes);
        Assert.Equal([Remark.RemittanceAdviceRemark("N115")], read[1].ServiceLines[0].Remarks);
    }

    [Fact]
    public void A_claim_level_only_payer_sends_no_SVC_and_sums_the_line_adjustments_into_claim_CAS()
    {
        // X221A1 2110 (X12 RFI 2348) wants SVC for professional claims; such payers exist, and their claims still balance:
        // CLP03 − CLP04 = Σ claim CAS (1.10.2.1), the lines' remarks moved to MOA.
        var payer = new PayerSettings { ClaimLevelOnly = true, Denials = [new DenialRule("85025", null, "50", "N115")] };

        var read = Assert.Single(WriteAndRead([Adjudicator.Adjudicate(Claim("CLAIMONLY", ("99213", 100m), ("85025", 100m), ("99214", 100m)), payer, MemberPlan.Unknown, Context())]).Claims);

        Assert.Empty(read.ServiceLines);
        Assert.Equal([
            new Adjustment(AdjustmentGroup.PatientResponsibility, "2", 32m),
            new Adjustment(AdjustmentGroup.Contractual, "45", 40m),
            new Adjustment(AdjustmentGroup.Contractual, "50", 100m),
        ], read.Adjustments);
        Assert.Equal((300m, 128m, 32m), (read.ChargeAmount, read.PaymentAmount, read.PatientResponsibilityAmount));
        Assert.Equal(["N115"], read.OutpatientAdjudication!.RemarkCodes);
    }

    [Fact]
    public void Interest_is_AMT_I_on_the_claim_outside_CLP04_and_a_negative_PLB_L6_that_adds_to_the_check()
    {
        // X221A1 1.10.2.9 and PLB03-1 L6: the check's interest is one L6 supported by the claims' AMT*I (X12 RFI 2123).
        var payer = new PayerSettings { InterestPercent = 10m };

        var read = WriteAndRead([
            Adjudicator.Adjudicate(Claim("LATE1", ("99213", 100m)), payer, MemberPlan.Unknown, Context()),
            Adjudicator.Adjudicate(Claim("LATE2", ("99214", 50m)), payer, MemberPlan.Unknown, Context("SIM000000002")),
        ]);

        Assert.Equal([new QualifiedAmount("I", 6.40m)], read.Claims.First().Amounts);
        Assert.Equal([new QualifiedAmount("I", 3.20m)], read.Claims.Last().Amounts);
        Assert.Equal([64m, 32m], read.Claims.Select(c => c.PaymentAmount));
        var interest = Assert.Single(read.ProviderAdjustments);
        Assert.Equal(("L6", -9.60m), (interest.ReasonCode, interest.Amount));
        Assert.Equal(105.60m, read.Payment.Amount);
    }

    [Fact]
    public void A_recoupment_reverses_the_payment_and_pays_the_corrected_claim_less_with_a_further_CO_45()
    {
        var original = Adjudicator.Adjudicate(Claim("RECOUP", ("99213", 100m)), PayerSettings.Default, MemberPlan.Unknown, Context());

        var corrected = original.Recouped(50m);

        Assert.Equal((64m, 32m), (original.Paid, corrected.Paid));
        Assert.Equal(original.PayerClaimNumber, corrected.PayerClaimNumber);
        Assert.Equal([new LineAdjustment("CO", "45", 52m), new LineAdjustment("PR", "2", 16m)], corrected.Lines[0].Adjustments);
        Assert.Equal(48m, corrected.Lines[0].Allowed);
        Assert.Equal(original.PatientResponsibility, corrected.PatientResponsibility);
    }

    [Fact]
    public void A_check_netting_below_zero_delays_the_recovery_with_PLB_WO_and_the_next_check_with_the_money_takes_it_back()
    {
        // X221A1 1.10.2.17 option 3: PLB WO with a negative amount and the claim's CLP07 delays the recoupment; a later check
        // recovers it with a positive WO of the same reference. BPR02 = Σ CLP04 − Σ PLB in both (1.10.2.1).
        var original = Adjudicator.Adjudicate(Claim("RECOUP", ("99213", 100m)), PayerSettings.Default, MemberPlan.Unknown, Context());
        var recoupment = new[] { original.Reversal(), original.Recouped(50m) };
        var balance = CheckBalancer.Balance(recoupment, [], "WO", "1234567893", PaymentDate, "SIM000000102");

        var second = WriteAndRead(recoupment, trace: "SIM000000102", balance: balance);
        Assert.Equal(["CLP*RECOUP*22*-100*-64", "CLP*RECOUP*1*100*32"], second.Claims.Select(c => $"CLP*{c.PatientControlNumber}*{(int)c.Status}*{c.ChargeAmount}*{c.PaymentAmount}"));
        Assert.Equal(("WO", "SIM000000001", -32m), Plb(second));
        Assert.Equal(0m, second.Payment.Amount);

        var small = Adjudicator.Adjudicate(Claim("SMALL", ("99213", 25m)), PayerSettings.Default, MemberPlan.Unknown, Context("SIM000000003"));
        var tooSmall = CheckBalancer.Balance([small], balance.Carried, "WO", "1234567893", PaymentDate, "SIM000000103");
        Assert.Empty(tooSmall.Adjustments); // 16 cannot pay back 32: the receivable waits (X12 RFI 738)
        Assert.Equal(16m, tooSmall.PaymentAmount);

        var next = Adjudicator.Adjudicate(Claim("NEXT", ("99214", 200m)), PayerSettings.Default, MemberPlan.Unknown, Context("SIM000000004"));
        var recovering = CheckBalancer.Balance([next], balance.Carried, "WO", "1234567893", PaymentDate, "SIM000000104");
        var third = WriteAndRead([next], trace: "SIM000000104", balance: recovering);
        Assert.Equal(("WO", "SIM000000001", 32m), Plb(third));
        Assert.Equal(128m - 32m, third.Payment.Amount);
        Assert.Equal(balance.Carried, recovering.Recovered);
    }

    [Fact]
    public void With_FB_the_negative_net_moves_forward_under_the_checks_TRN02_and_comes_back_positive_in_the_next_check()
    {
        // X221A1 1.10.2.12 and PLB03-1 FB: negative moving forward, positive applied later; PLB03-2 the TRN02 of the 835 that
        // moved it, in both (X12 RFI 1114, 2218).
        var original = Adjudicator.Adjudicate(Claim("VOIDED", ("99213", 100m)), PayerSettings.Default, MemberPlan.Unknown, Context());
        var voided = CheckBalancer.Balance([original.Reversal()], [], "FB", "1234567893", PaymentDate, "SIM000000102");

        var first = WriteAndRead([original.Reversal()], trace: "SIM000000102", balance: voided);
        Assert.Equal(("FB", "SIM000000102", -64m), Plb(first));
        Assert.Equal(0m, first.Payment.Amount);

        var next = Adjudicator.Adjudicate(Claim("NEXT", ("99214", 200m)), PayerSettings.Default, MemberPlan.Unknown, Context("SIM000000002"));
        var second = WriteAndRead([next], trace: "SIM000000103", balance: CheckBalancer.Balance([next], voided.Carried, "FB", "1234567893", PaymentDate, "SIM000000103"));
        Assert.Equal(("FB", "SIM000000102", 64m), Plb(second));
        Assert.Equal(64m, second.Payment.Amount);
    }

    [Fact]
    public void Each_payer_has_its_own_TRN03_and_BPR10_one_and_nine_digits_from_its_payer_id()
    {
        // TRN03 and BPR10: "1" then the nine-digit identifier; the payee keys its plan codes on it with CLP06 (X221A1 CLP06 note).
        var read = WriteAndRead([Adjudicator.Adjudicate(Claim("TRN", ("99213", 100m)), PayerSettings.Default, MemberPlan.Unknown, Context())]);

        Assert.Equal("1066538998", read.PayerIdentifier); // the same on every run: derived from "ACME01", not drawn
        Assert.Equal(read.PayerIdentifier, read.Payment.OriginatingCompanyIdentifier);
        Assert.Equal("1656594462", PayerIdentifiers.For("MCAID"));
    }

    static (string, string?, decimal) Plb(Remittance835 remittance)
    {
        var adjustment = Assert.Single(remittance.ProviderAdjustments);
        return (adjustment.ReasonCode, adjustment.Reference, adjustment.Amount);
    }
}
