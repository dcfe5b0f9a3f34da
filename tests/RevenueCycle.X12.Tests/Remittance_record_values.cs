using RevenueCycle.X12.Remittance;

namespace RevenueCycle.X12.Tests;

/// <summary>
/// The 835 models are values: construction, value equality, hashing, <c>with</c> and ToString behave as records
/// do, for the values most claims and lines set and for the rare ones (these tests were written when the rare
/// values were kept out of line to save memory; the models are plain records again now that the reader streams).
/// </summary>
public class Remittance_record_values
{
    /// <summary>A claim that sets every value of the 835 model (balancing aside), then a plain line and a plain claim.</summary>
    private const string EverythingSet = """
ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*RIVERSIDEFM    *240315*1200*^*00501*000000101*0*P*:~
GS*HP*ACMEHEALTH*RIVERSIDEFM*20240315*1200*101*X*005010X221A1~
ST*835*0001~
BPR*I*1141*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*888888882*DA*98765*20240315~
TRN*1*EFT20240315001*1512345678~
DTM*405*20240314~
N1*PR*ACME HEALTH PLAN*XV*ACME01~
N1*PE*RIVERSIDE FAMILY MEDICINE*XX*1234567893~
LX*1~
CLP*PCN-1001*1*300*180*40*12*ACME-CLAIM-1*11*1**470*1.2345*0.5~
CAS*OA*23*5*2~
NM1*QC*1*DOE*JANE****MI*MEM123~
NM1*IL*1*DOE*JOHN****MI*MEM122~
NM1*74*1*DOE*JOHNNY****C*MEM121~
NM1*82*1*SMITH*JOHN****XX*1987654325~
NM1*TT*2*CROSSOVER PLAN*****PI*CX01~
NM1*PR*2*PRIMARY PLAN*****PI*PP01~
NM1*GB*1*OTHER*SUB****MI*OS1~
MIA*3***100.5~
MOA*0.8*12***MA01*MA02~
REF*EA*MR123~
REF*1L*GRP9~
DTM*232*20240301~
DTM*233*20240302~
DTM*036*20241231~
DTM*050*20240305~
PER*CX*CLAIMS*TE*8005551212~
AMT*AU*300~
AMT*F5*40~
QTY*CA*2~
SVC*HC:99213:25*150*100*0450*1*HC:99214*2~
DTM*150*20240301~
DTM*151*20240302~
CAS*CO*45*30*1~
CAS*PR*2*20~
REF*6R*LINE-1~
REF*LU*LOC1~
AMT*B6*120~
AMT*KH*3~
QTY*ZK*1~
LQ*HE*N130~
LQ*HE*M15~
SVC*HC:85025*150*80**1~
DTM*472*20240301~
CAS*CO*45*50~
CAS*PR*3*20~
REF*6R*LINE-2~
AMT*B6*100~
LQ*HE*N130~
CLP*PCN-1002*4*200*0*0*12*ACME-CLAIM-2*11*1~
CAS*CO*50*200~
NM1*QC*1*ROE*RICHARD****MI*MEM456~
SE*51*0001~
GE*1*101~
IEA*1*000000101~
""";

    private static IReadOnlyList<ClaimPayment> ReadClaims(string x12)
    {
        using var reader = new Remittance835Reader(new StringReader(x12)) { CheckBalancing = false };
        return reader.ReadAll().SelectMany(remittance => remittance.Claims).ToList();
    }

    private static ServicePayment PlainLine => new()
    {
        Procedure = ProcedureCode.Cpt("99213"), ChargeAmount = 150m, PaymentAmount = 100m, Units = 1m, ServiceDate = new DateOnly(2024, 3, 1),
        Adjustments = [new Adjustment(AdjustmentGroup.Contractual, "45", 50m)], LineItemControlNumber = "LINE-1", AllowedAmount = 100m,
    };

    [Fact]
    public void Two_reads_of_the_same_text_are_equal_claim_for_claim_and_line_for_line()
    {
        var first = ReadClaims(EverythingSet);
        var second = ReadClaims(EverythingSet);

        Assert.Equal(first, second);
        Assert.Equal(first.Select(claim => claim.GetHashCode()), second.Select(claim => claim.GetHashCode()));
        Assert.Equal(first[0].ServiceLines, second[0].ServiceLines);
        Assert.Equal(first[0].ServiceLines[0].GetHashCode(), second[0].ServiceLines[0].GetHashCode());
    }

    [Fact]
    public void A_line_reads_every_value_and_prints_them_in_order()
    {
        var lines = ReadClaims(EverythingSet)[0].ServiceLines;

        var everything = lines[0];
        Assert.Equal("0450", everything.RevenueCode);
        Assert.Equal(1m, everything.Units);
        Assert.Equal(ProcedureCode.Cpt("99214"), everything.SubmittedProcedure);
        Assert.Equal(2m, everything.SubmittedUnits);
        Assert.Null(everything.ServiceDate);
        Assert.Equal(new DateOnly(2024, 3, 1), everything.ServiceStartDate);
        Assert.Equal(new DateOnly(2024, 3, 2), everything.ServiceEndDate);
        Assert.Equal([new Reference("LU", "LOC1")], everything.References);
        Assert.Equal(120m, everything.AllowedAmount);
        Assert.Equal([new QualifiedAmount("KH", 3m)], everything.Amounts);
        Assert.Equal([new QualifiedQuantity("ZK", 1m)], everything.Quantities);
        Assert.Equal(
            "ServicePayment { Procedure = ProcedureCode { Qualifier = HC, Code = 99213, Modifiers = [25], Description =  }, ChargeAmount = 150, PaymentAmount = 100, "
            + "RevenueCode = 0450, Units = 1, SubmittedProcedure = ProcedureCode { Qualifier = HC, Code = 99214, Modifiers = [], Description =  }, SubmittedUnits = 2, "
            + "ServiceDate = , ServiceStartDate = 03/01/2024, ServiceEndDate = 03/02/2024, Adjustments = [Adjustment { Group = Contractual, ReasonCode = 45, Amount = 30, Quantity = 1 }, "
            + "Adjustment { Group = PatientResponsibility, ReasonCode = 2, Amount = 20, Quantity =  }], LineItemControlNumber = LINE-1, References = [Reference { Qualifier = LU, Value = LOC1 }], "
            + "AllowedAmount = 120, Amounts = [QualifiedAmount { Qualifier = KH, Amount = 3 }], Quantities = [QualifiedQuantity { Qualifier = ZK, Quantity = 1 }], "
            + "Remarks = [Remark { Qualifier = HE, Code = N130 }, Remark { Qualifier = HE, Code = M15 }] }",
            everything.ToString());
        Assert.Equal(
            "ServicePayment { Procedure = ProcedureCode { Qualifier = HC, Code = 85025, Modifiers = [], Description =  }, ChargeAmount = 150, PaymentAmount = 80, "
            + "RevenueCode = , Units = 1, SubmittedProcedure = , SubmittedUnits = , ServiceDate = 03/01/2024, ServiceStartDate = , ServiceEndDate = , "
            + "Adjustments = [Adjustment { Group = Contractual, ReasonCode = 45, Amount = 50, Quantity =  }, Adjustment { Group = PatientResponsibility, ReasonCode = 3, Amount = 20, Quantity =  }], "
            + "LineItemControlNumber = LINE-2, References = [], AllowedAmount = 100, Amounts = [], Quantities = [], Remarks = [Remark { Qualifier = HE, Code = N130 }] }",
            lines[1].ToString());
    }

    [Fact]
    public void A_line_changes_a_rare_and_a_common_value_with_with_and_leaves_the_original_alone()
    {
        var line = PlainLine;

        var recoded = line with { SubmittedProcedure = ProcedureCode.Cpt("99214") };
        var repaid = recoded with { PaymentAmount = 90m, AllowedAmount = 90m };

        Assert.Null(line.SubmittedProcedure);
        Assert.Equal(ProcedureCode.Cpt("99214"), recoded.SubmittedProcedure);
        Assert.Equal(100m, recoded.PaymentAmount);
        Assert.Equal(ProcedureCode.Cpt("99214"), repaid.SubmittedProcedure);
        Assert.Equal((90m, (decimal?)90m), (repaid.PaymentAmount, repaid.AllowedAmount));
        Assert.Equal((100m, (decimal?)100m), (line.PaymentAmount, line.AllowedAmount));
        Assert.Equal(line, recoded with { SubmittedProcedure = null });
        Assert.Equal(line.GetHashCode(), (recoded with { SubmittedProcedure = null }).GetHashCode());
    }

    [Fact]
    public void Lines_differing_in_one_rare_or_optional_value_are_not_equal()
    {
        var line = PlainLine;

        Assert.NotEqual(line, line with { RevenueCode = "0450" });
        Assert.NotEqual(line, line with { SubmittedUnits = 2m });
        Assert.NotEqual(line, line with { ServiceEndDate = new DateOnly(2024, 3, 2) });
        Assert.NotEqual(line, line with { References = [new Reference("LU", "LOC1")] });
        Assert.NotEqual(line, line with { Quantities = [new QualifiedQuantity("ZK", 1m)] });
        Assert.NotEqual(line with { Amounts = [new QualifiedAmount("KH", 3m)] }, line with { Amounts = [new QualifiedAmount("KH", 4m)] });
        Assert.NotEqual(line, line with { Units = null });
        Assert.NotEqual(line with { Units = null }, line with { Units = 0m });
        Assert.NotEqual(line, line with { AllowedAmount = null });
        Assert.NotEqual(line, line with { ServiceDate = null });
        Assert.NotEqual(line with { ServiceDate = null }, line with { ServiceDate = DateOnly.FromDayNumber(0) });
    }

    [Fact]
    public void A_line_given_empty_rare_values_equals_one_never_given_them()
    {
        var line = PlainLine;

        var emptied = line with { References = [], Amounts = [], Quantities = [], RevenueCode = null, ServiceStartDate = null };

        Assert.Equal(line, emptied);
        Assert.Equal(line.GetHashCode(), emptied.GetHashCode());
        Assert.Equal(line.ToString(), emptied.ToString());
    }

    private static ClaimPayment PlainClaim => new()
    {
        PatientControlNumber = "PCN-1", Status = ClaimStatusCode.ProcessedAsPrimary, ChargeAmount = 150m, PaymentAmount = 100m,
        PatientResponsibilityAmount = 0m, ClaimFilingIndicator = "12", PayerClaimControlNumber = "ACME-1", FacilityCode = "11",
        Frequency = ClaimFrequency.Original, Patient = EntityName.Person("DOE", "JANE", "MI", "MEM123"),
        StatementFromDate = new DateOnly(2024, 3, 1), StatementToDate = new DateOnly(2024, 3, 1), ServiceLines = [PlainLine],
    };

    [Fact]
    public void A_claim_reads_every_value_and_prints_them_in_order()
    {
        var claims = ReadClaims(EverythingSet);

        var everything = claims[0];
        Assert.Equal(40m, everything.PatientResponsibilityAmount);
        Assert.Equal(ClaimFrequency.Original, everything.Frequency);
        Assert.Equal(("470", (decimal?)1.2345m, (decimal?)0.5m), (everything.DrgCode, everything.DrgWeight, everything.DischargeFraction));
        Assert.Equal("MEM122", everything.Insured?.Identifier);
        Assert.Equal("MEM121", everything.CorrectedInsured?.Identifier);
        Assert.Equal("CX01", everything.CrossoverCarrier?.Identifier);
        Assert.Equal("PP01", everything.CorrectedPriorityPayer?.Identifier);
        Assert.Equal("OS1", everything.OtherSubscriber?.Identifier);
        Assert.Equal(3m, everything.InpatientAdjudication?.CoveredDaysOrVisits);
        Assert.Equal(["MA01", "MA02"], everything.OutpatientAdjudication?.RemarkCodes ?? []);
        Assert.Equal(new DateOnly(2024, 3, 1), everything.StatementFromDate);
        Assert.Equal(new DateOnly(2024, 3, 2), everything.StatementToDate);
        Assert.Equal(new DateOnly(2024, 12, 31), everything.CoverageExpirationDate);
        Assert.Equal(new DateOnly(2024, 3, 5), everything.ReceivedDate);
        Assert.Equal("CLAIMS", Assert.Single(everything.Contacts).Name);
        Assert.Equal([new QualifiedQuantity("CA", 2m)], everything.Quantities);
        Assert.Equal(
            "ClaimPayment { PatientControlNumber = PCN-1001, Status = ProcessedAsPrimary, ChargeAmount = 300, PaymentAmount = 180, PatientResponsibilityAmount = 40, "
            + "ClaimFilingIndicator = 12, PayerClaimControlNumber = ACME-CLAIM-1, FacilityCode = 11, Frequency = Original, DrgCode = 470, DrgWeight = 1.2345, "
            + "DischargeFraction = 0.5, Adjustments = [Adjustment { Group = Other, ReasonCode = 23, Amount = 5, Quantity = 2 }], Patient = EntityName { Type = Person, "
            + "LastNameOrOrganization = DOE, FirstName = JANE, MiddleName = , Suffix = , IdQualifier = MI, Identifier = MEM123 }, "
            + "Insured = EntityName { Type = Person, LastNameOrOrganization = DOE, FirstName = JOHN, MiddleName = , Suffix = , IdQualifier = MI, "
            + "Identifier = MEM122 }, CorrectedInsured = EntityName { Type = Person, LastNameOrOrganization = DOE, FirstName = JOHNNY, MiddleName = , Suffix = , "
            + "IdQualifier = C, Identifier = MEM121 }, RenderingProvider = EntityName { Type = Person, LastNameOrOrganization = SMITH, FirstName = JOHN, "
            + "MiddleName = , Suffix = , IdQualifier = XX, Identifier = 1987654325 }, CrossoverCarrier = EntityName { Type = Organization, "
            + "LastNameOrOrganization = CROSSOVER PLAN, FirstName = , MiddleName = , Suffix = , IdQualifier = PI, Identifier = CX01 }, "
            + "CorrectedPriorityPayer = EntityName { Type = Organization, LastNameOrOrganization = PRIMARY PLAN, FirstName = , MiddleName = , Suffix = , "
            + "IdQualifier = PI, Identifier = PP01 }, OtherSubscriber = EntityName { Type = Person, LastNameOrOrganization = OTHER, FirstName = SUB, MiddleName = , "
            + "Suffix = , IdQualifier = MI, Identifier = OS1 }, InpatientAdjudication = InpatientAdjudication { CoveredDaysOrVisits = 3, OtherElements = [, , 100.5], "
            + "DrgAmount = 100.5 }, OutpatientAdjudication = OutpatientAdjudication { ReimbursementRate = 0.8, HcpcsPayableAmount = 12, RemarkCodes = [MA01, MA02], "
            + "EsrdPaymentAmount = , NonPayableProfessionalComponentAmount =  }, References = [Reference { Qualifier = EA, Value = MR123 }, "
            + "Reference { Qualifier = 1L, Value = GRP9 }], StatementFromDate = 03/01/2024, StatementToDate = 03/02/2024, CoverageExpirationDate = 12/31/2024, "
            + "ReceivedDate = 03/05/2024, Contacts = [Contact { FunctionCode = CX, Name = CLAIMS, Numbers = [CommunicationNumber { Qualifier = TE, "
            + "Number = 8005551212 }] }], Amounts = [QualifiedAmount { Qualifier = AU, Amount = 300 }, QualifiedAmount { Qualifier = F5, Amount = 40 }], "
            + "Quantities = [QualifiedQuantity { Qualifier = CA, Quantity = 2 }], ServiceLines = [ServicePayment { Procedure = ProcedureCode { Qualifier = HC, "
            + "Code = 99213, Modifiers = [25], Description =  }, ChargeAmount = 150, PaymentAmount = 100, RevenueCode = 0450, Units = 1, "
            + "SubmittedProcedure = ProcedureCode { Qualifier = HC, Code = 99214, Modifiers = [], Description =  }, SubmittedUnits = 2, ServiceDate = , "
            + "ServiceStartDate = 03/01/2024, ServiceEndDate = 03/02/2024, Adjustments = [Adjustment { Group = Contractual, ReasonCode = 45, Amount = 30, "
            + "Quantity = 1 }, Adjustment { Group = PatientResponsibility, ReasonCode = 2, Amount = 20, Quantity =  }], LineItemControlNumber = LINE-1, "
            + "References = [Reference { Qualifier = LU, Value = LOC1 }], AllowedAmount = 120, Amounts = [QualifiedAmount { Qualifier = KH, Amount = 3 }], "
            + "Quantities = [QualifiedQuantity { Qualifier = ZK, Quantity = 1 }], Remarks = [Remark { Qualifier = HE, Code = N130 }, Remark { Qualifier = HE, "
            + "Code = M15 }] }, ServicePayment { Procedure = ProcedureCode { Qualifier = HC, Code = 85025, Modifiers = [], Description =  }, ChargeAmount = 150, "
            + "PaymentAmount = 80, RevenueCode = , Units = 1, SubmittedProcedure = , SubmittedUnits = , ServiceDate = 03/01/2024, ServiceStartDate = , "
            + "ServiceEndDate = , Adjustments = [Adjustment { Group = Contractual, ReasonCode = 45, Amount = 50, Quantity =  }, "
            + "Adjustment { Group = PatientResponsibility, ReasonCode = 3, Amount = 20, Quantity =  }], LineItemControlNumber = LINE-2, References = [], "
            + "AllowedAmount = 100, Amounts = [], Quantities = [], Remarks = [Remark { Qualifier = HE, Code = N130 }] }], TotalAdjustmentAmount = 125 }",
            everything.ToString());
        Assert.Equal(
            "ClaimPayment { PatientControlNumber = PCN-1002, Status = Denied, ChargeAmount = 200, PaymentAmount = 0, PatientResponsibilityAmount = 0, "
            + "ClaimFilingIndicator = 12, PayerClaimControlNumber = ACME-CLAIM-2, FacilityCode = 11, Frequency = Original, DrgCode = , DrgWeight = , "
            + "DischargeFraction = , Adjustments = [Adjustment { Group = Contractual, ReasonCode = 50, Amount = 200, Quantity =  }], "
            + "Patient = EntityName { Type = Person, LastNameOrOrganization = ROE, FirstName = RICHARD, MiddleName = , Suffix = , IdQualifier = MI, "
            + "Identifier = MEM456 }, Insured = , CorrectedInsured = , RenderingProvider = , CrossoverCarrier = , CorrectedPriorityPayer = , OtherSubscriber = , "
            + "InpatientAdjudication = , OutpatientAdjudication = , References = [], StatementFromDate = , StatementToDate = , CoverageExpirationDate = , "
            + "ReceivedDate = , Contacts = [], Amounts = [], Quantities = [], ServiceLines = [], TotalAdjustmentAmount = 200 }",
            claims[1].ToString());
    }

    [Fact]
    public void A_claim_changes_a_rare_and_a_common_value_with_with_and_leaves_the_original_alone()
    {
        var claim = PlainClaim;
        var crossover = EntityName.Organization("CROSSOVER PLAN", EntityName.PayerIdQualifier, "CX01");

        var crossedOver = claim with { CrossoverCarrier = crossover };
        var repaid = crossedOver with { PaymentAmount = 90m, PatientResponsibilityAmount = 10m, ReceivedDate = new DateOnly(2024, 3, 5) };

        Assert.Null(claim.CrossoverCarrier);
        Assert.Equal(crossover, crossedOver.CrossoverCarrier);
        Assert.Equal(crossover, repaid.CrossoverCarrier);
        Assert.Equal((90m, (decimal?)10m, (DateOnly?)new DateOnly(2024, 3, 5)), (repaid.PaymentAmount, repaid.PatientResponsibilityAmount, repaid.ReceivedDate));
        Assert.Equal((100m, (decimal?)0m, (DateOnly?)null), (crossedOver.PaymentAmount, crossedOver.PatientResponsibilityAmount, crossedOver.ReceivedDate));
        Assert.Equal(claim, crossedOver with { CrossoverCarrier = null });
        Assert.Equal(claim.GetHashCode(), (crossedOver with { CrossoverCarrier = null }).GetHashCode());
    }

    [Fact]
    public void Claims_differing_in_one_rare_or_optional_value_are_not_equal()
    {
        var claim = PlainClaim;
        var party = EntityName.Person("OTHER", "SUB", "MI", "OS1");

        Assert.NotEqual(claim, claim with { DrgCode = "470" });
        Assert.NotEqual(claim, claim with { DrgWeight = 1.2m });
        Assert.NotEqual(claim with { DischargeFraction = 0.5m }, claim with { DischargeFraction = 0.6m });
        Assert.NotEqual(claim, claim with { CorrectedInsured = party });
        Assert.NotEqual(claim, claim with { CorrectedPriorityPayer = party });
        Assert.NotEqual(claim with { OtherSubscriber = party }, claim with { OtherSubscriber = party with { Identifier = "OS2" } });
        Assert.NotEqual(claim, claim with { InpatientAdjudication = new InpatientAdjudication { CoveredDaysOrVisits = 3m } });
        Assert.NotEqual(claim, claim with { OutpatientAdjudication = new OutpatientAdjudication { RemarkCodes = ["MA01"] } });
        Assert.NotEqual(claim, claim with { CoverageExpirationDate = new DateOnly(2024, 12, 31) });
        Assert.NotEqual(claim, claim with { Quantities = [new QualifiedQuantity("CA", 2m)] });
        Assert.NotEqual(claim, claim with { PatientResponsibilityAmount = null });
        Assert.NotEqual(claim, claim with { Frequency = null });
        Assert.NotEqual(claim with { Frequency = null }, claim with { Frequency = ClaimFrequency.NonPayment });
        Assert.NotEqual(claim, claim with { StatementToDate = new DateOnly(2024, 3, 2) });
        Assert.NotEqual(claim, claim with { ReceivedDate = new DateOnly(2024, 3, 5) });
        Assert.NotEqual(claim, claim with { ServiceLines = [PlainLine with { RevenueCode = "0450" }] });
    }

    [Fact]
    public void A_claim_given_empty_rare_values_equals_one_never_given_them()
    {
        var claim = PlainClaim;

        var emptied = claim with { Contacts = [], Quantities = [], DrgCode = null, OutpatientAdjudication = null };

        Assert.Equal(claim, emptied);
        Assert.Equal(claim.GetHashCode(), emptied.GetHashCode());
        Assert.Equal(claim.ToString(), emptied.ToString());
    }

    [Fact]
    public void An_adjustment_is_built_deconstructed_and_compared_by_its_four_values()
    {
        var withQuantity = new Adjustment(AdjustmentGroup.Contractual, "45", 30m, 2m);
        var (group, reason, amount, quantity) = withQuantity;

        Assert.Equal((AdjustmentGroup.Contractual, "45", 30m, (decimal?)2m), (group, reason, amount, quantity));
        Assert.Null(new Adjustment(AdjustmentGroup.PatientResponsibility, "3", 20m).Quantity);
        Assert.Equal(withQuantity, new Adjustment(AdjustmentGroup.Contractual, "45", 30.00m, 2.0m));
        Assert.Equal(withQuantity.GetHashCode(), new Adjustment(AdjustmentGroup.Contractual, "45", 30.00m, 2.0m).GetHashCode());
        Assert.NotEqual(withQuantity, new Adjustment(AdjustmentGroup.Contractual, "45", 30m));
        Assert.NotEqual(withQuantity, new Adjustment(AdjustmentGroup.Contractual, "45", 30m, 3m));
    }

    [Fact]
    public void An_adjustment_takes_and_drops_its_quantity_with_with()
    {
        var plain = new Adjustment(AdjustmentGroup.Contractual, "45", 30m);

        var counted = plain with { Quantity = 2m };

        Assert.Null(plain.Quantity);
        Assert.Equal(2m, counted.Quantity);
        Assert.Equal(new Adjustment(AdjustmentGroup.Contractual, "45", 30m, 2m), counted);
        Assert.Equal(plain, counted with { Quantity = null });
        Assert.Equal("Adjustment { Group = Contractual, ReasonCode = 45, Amount = 30, Quantity = 2 }", counted.ToString());
        Assert.Equal("Adjustment { Group = Contractual, ReasonCode = 45, Amount = 30, Quantity =  }", plain.ToString());
    }
}
