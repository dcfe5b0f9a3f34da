using RevenueCycle.X12.Remittance;

namespace RevenueCycle.X12.Tests.Samples;

/// <summary>Builds balanced remittances of any size: each claim has two lines, contractual and patient adjustments, every fifth is denied.</summary>
public static class RemittanceBuilder
{
    public static readonly X12Envelope Envelope = new(
        new InterchangeHeader { SenderId = "ACMEHEALTH", ReceiverId = "RIVERSIDEFM", Created = new DateTime(2024, 3, 15, 12, 0, 0), ControlNumber = 5 },
        new FunctionalGroupHeader
        {
            FunctionalIdentifierCode = X12Versions.PaymentGroup, ApplicationSenderCode = "ACMEHEALTH", ApplicationReceiverCode = "RIVERSIDEFM",
            Created = new DateTime(2024, 3, 15, 12, 0, 0), ControlNumber = 5, Version = X12Versions.Remittance835,
        },
        "0001");

    public static ClaimPayment Claim(int number)
    {
        if (number % 5 == 0)
        {
            return new ClaimPayment
            {
                PatientControlNumber = $"PCN{number:000000}", Status = ClaimStatusCode.Denied, ChargeAmount = 250m, PaymentAmount = 0m,
                PatientResponsibilityAmount = 0m, ClaimFilingIndicator = "CI", PayerClaimControlNumber = $"PAYER{number}",
                Adjustments = [new Adjustment(AdjustmentGroup.Contractual, "197", 250m)],
                Patient = EntityName.Person("PATIENT", $"NUMBER{number}", "MI", $"M{number}"),
            };
        }
        var office = new ServicePayment
        {
            Procedure = ProcedureCode.Cpt("99214", "25"), ChargeAmount = 180m, PaymentAmount = 112.4m, Units = 1m,
            ServiceDate = new DateOnly(2024, 2, 1 + number % 28), LineItemControlNumber = $"L{number}-1", AllowedAmount = 132.4m,
            Adjustments = [new Adjustment(AdjustmentGroup.Contractual, "45", 47.6m), new Adjustment(AdjustmentGroup.PatientResponsibility, "2", 20m)],
        };
        var lab = new ServicePayment
        {
            Procedure = ProcedureCode.Cpt("80053"), ChargeAmount = 70m, PaymentAmount = 21.13m, Units = 1m,
            ServiceDate = office.ServiceDate, LineItemControlNumber = $"L{number}-2",
            SubmittedProcedure = ProcedureCode.Cpt("80050"),
            Adjustments = [new Adjustment(AdjustmentGroup.Contractual, "45", 38.87m), new Adjustment(AdjustmentGroup.PatientResponsibility, "1", 10m)],
            Remarks = [Remark.RemittanceAdviceRemark("N130"), Remark.RemittanceAdviceRemark("M15")],
        };
        return new ClaimPayment
        {
            PatientControlNumber = $"PCN{number:000000}", Status = ClaimStatusCode.ProcessedAsPrimary, ChargeAmount = 250m, PaymentAmount = 133.53m,
            PatientResponsibilityAmount = 30m, ClaimFilingIndicator = "CI", PayerClaimControlNumber = $"PAYER{number}", FacilityCode = "11",
            Frequency = ClaimFrequency.Original, Patient = EntityName.Person("PATIENT", $"NUMBER{number}", "MI", $"M{number}"),
            RenderingProvider = EntityName.Person("SMITH", "JOHN", "XX", "1987654325"), ReceivedDate = new DateOnly(2024, 3, 1),
            ServiceLines = [office, lab],
        };
    }

    public static Remittance835 Balanced(int claims)
    {
        var claimList = Enumerable.Range(1, claims).Select(Claim).ToValueList();
        ValueList<ProviderAdjustment> recoveries =
        [
            new() { ProviderIdentifier = "1234567893", FiscalPeriodDate = new DateOnly(2024, 12, 31), ReasonCode = "WO", Reference = "PCN000001", Amount = 12.5m },
            new() { ProviderIdentifier = "1234567893", FiscalPeriodDate = new DateOnly(2024, 12, 31), ReasonCode = "L6", Amount = -1.25m },
        ];
        return new Remittance835
        {
            Envelope = Envelope,
            Payment = new PaymentInformation
            {
                HandlingCode = PaymentInformation.RemittanceOnly,
                Amount = claimList.Sum(c => c.PaymentAmount) - recoveries.Sum(r => r.Amount),
                PaymentMethod = PaymentInformation.AutomatedClearingHouse, PaymentFormat = "CCP",
                SenderAccount = new BankAccount("01", "999999992", "DA", "123456"), OriginatingCompanyIdentifier = "1512345678",
                ReceiverAccount = new BankAccount("01", "888888882", "DA", "98765"), PaymentDate = new DateOnly(2024, 3, 15),
            },
            TraceNumber = "EFT0001", PayerIdentifier = "1512345678", ProductionDate = new DateOnly(2024, 3, 14),
            References = [new Reference("EV", "RIVERSIDEFM")],
            Payer = new RemittanceParty
            {
                Name = "ACME HEALTH PLAN", Address = new Address { Line1 = "100 INSURANCE WAY", City = "HARTFORD", State = "CT", PostalCode = "061030000" },
                Contacts = [new Contact { FunctionCode = "BL", Name = "EDI", Numbers = [new CommunicationNumber("TE", "8005551313")] }],
            },
            Payee = new RemittanceParty { Name = "RIVERSIDE FAMILY MEDICINE", IdQualifier = "XX", Identifier = "1234567893", References = [new Reference("TJ", "371234567")] },
            ClaimGroups = [new ClaimGroup { AssignedNumber = 1, Claims = claimList }],
            ProviderAdjustments = recoveries,
        };
    }
}
