using RevenueCycle.ClearinghouseSimulator.Adjudication;
using RevenueCycle.ClearinghouseSimulator.Remittances;
using RevenueCycle.X12;
using RevenueCycle.X12.Claims;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.ClearinghouseSimulator.Tests;

/// <summary>Small builders for the simulator's unit tests: an 837P claim, an adjudication context, an 835 written and read back.</summary>
static class Builders
{
    public static readonly DateOnly ServiceDate = new(2024, 3, 1);
    public static readonly DateOnly PaymentDate = new(2024, 3, 20);

    public static Claim837 Claim(string patientControlNumber, params (string Code, decimal Charge)[] lines) => new()
    {
        BillingProvider = new BillingProvider837
        {
            OrganizationName = "RIVERSIDE", Npi = "1234567893", TaxId = "371234567",
            Address = new Address { Line1 = "12 MAIN ST", City = "SPRINGFIELD", State = "IL", PostalCode = "627010000" },
        },
        Subscriber = new Subscriber837 { ClaimFilingCode = "CI", Name = new PersonName("DOE", "JANE"), MemberId = "M1" },
        Payer = new Payer837 { Name = "ACME", PayerId = "ACME01" },
        PatientControlNumber = patientControlNumber,
        TotalCharge = lines.Sum(l => l.Charge),
        PlaceOfService = "11",
        Diagnoses = ["J449"],
        Lines = lines.Select(l => new ServiceLine837 { Procedure = ProcedureCode.Cpt(l.Code), ChargeAmount = l.Charge, ServiceDate = ServiceDate }).ToValueList(),
    };

    public static AdjudicationContext Context(string payerClaimNumber = "SIM000000001") => new(PaymentDate, payerClaimNumber, (_, _) => false);

    /// <summary>The 835 of these claims as the simulator writes it, read back by the reader (which checks the X221A1 balancing rules).</summary>
    public static Remittance835 WriteAndRead(IReadOnlyList<AdjudicatedClaim> claims, string payerId = "ACME01", string trace = "SIM000000101", CheckBalance? balance = null)
    {
        var envelope = new X12Envelope(
            new InterchangeHeader { SenderId = "SIM", ReceiverId = "RCMTEST", Created = new DateTime(2024, 3, 20), ControlNumber = 7 },
            new FunctionalGroupHeader { FunctionalIdentifierCode = "HP", ApplicationSenderCode = payerId, ApplicationReceiverCode = "RCMTEST", Created = new DateTime(2024, 3, 20), ControlNumber = 7, Version = X12Versions.Remittance835 },
            "0001");
        var x12 = Remittance835Writer.WriteToString(Remittance835Factory.Build(envelope, payerId, trace, PaymentDate, claims, balance));
        return Assert.Single(Remittance835Reader.Parse(x12));
    }
}
