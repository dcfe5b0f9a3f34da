using RevenueCycle.X12;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.Benchmarks;

/// <summary>
/// Writes a realistic, balanced 835 of a given size: claims of one to four lines with contractual and
/// patient adjustments, allowed amounts, remark codes, denials and reversals, and PLB recoveries; one
/// transaction set per thousand claims, as large payers split their files.
/// </summary>
public static class Remittance835Generator
{
    private const int ClaimsPerTransaction = 1000;
    private static readonly string[] Procedures = ["99213", "99214", "80053", "85025", "93000", "71046", "97110", "36415"];
    private static readonly string[] Remarks = ["N130", "M15", "MA01", "N381"];

    private static readonly DateTime Created = new(2024, 3, 15, 12, 0, 0);

    private static readonly X12Envelope Envelope = new(
        new InterchangeHeader { SenderId = "ACMEHEALTH", ReceiverId = "RIVERSIDEFM", Created = Created, ControlNumber = 1 },
        new FunctionalGroupHeader
        {
            FunctionalIdentifierCode = X12Versions.PaymentGroup, ApplicationSenderCode = "ACMEHEALTH", ApplicationReceiverCode = "RIVERSIDEFM",
            Created = Created, ControlNumber = 1, Version = X12Versions.Remittance835,
        },
        "0001");

    public static void Write(TextWriter output, long targetCharacters)
    {
        var random = new Random(835);
        var counter = new CountingWriter(output);
        var x12 = new X12Writer(counter, new X12WriterOptions { LineBreak = "\n" });
        x12.BeginInterchange(Envelope.Interchange);
        x12.BeginFunctionalGroup(Envelope.Group);
        var transaction = 0;
        var claimNumber = 0;
        while (counter.Count < targetCharacters)
        {
            var claims = new List<ClaimPayment>(ClaimsPerTransaction);
            for (var i = 0; i < ClaimsPerTransaction; i++)
                claims.Add(Claim(random, ++claimNumber));
            Remittance835Writer.WriteTransactionSet(x12, Remittance(claims, ++transaction));
        }
        x12.EndFunctionalGroup();
        x12.EndInterchange();
        x12.Flush();
    }

    private static Remittance835 Remittance(List<ClaimPayment> claims, int number)
    {
        ValueList<ProviderAdjustment> recoveries =
        [
            new() { ProviderIdentifier = "1234567893", FiscalPeriodDate = new DateOnly(2024, 12, 31), ReasonCode = "WO", Reference = $"PCN{number}", Amount = 42.17m },
            new() { ProviderIdentifier = "1234567893", FiscalPeriodDate = new DateOnly(2024, 12, 31), ReasonCode = "L6", Amount = -3.05m },
        ];
        return new Remittance835
        {
            Envelope = Envelope with { TransactionSetControlNumber = number.ToString("0000", System.Globalization.CultureInfo.InvariantCulture) },
            Payment = new PaymentInformation
            {
                HandlingCode = PaymentInformation.RemittanceOnly,
                Amount = claims.Sum(c => c.PaymentAmount) - recoveries.Sum(r => r.Amount),
                PaymentMethod = PaymentInformation.AutomatedClearingHouse, PaymentFormat = "CCP",
                SenderAccount = new BankAccount("01", "999999992", "DA", "123456"), OriginatingCompanyIdentifier = "1512345678",
                ReceiverAccount = new BankAccount("01", "888888882", "DA", "98765"), PaymentDate = new DateOnly(2024, 3, 15),
            },
            TraceNumber = $"EFT{number:000000}", PayerIdentifier = "1512345678", ProductionDate = new DateOnly(2024, 3, 14),
            Payer = new RemittanceParty
            {
                Name = "ACME HEALTH PLAN", Address = new Address { Line1 = "100 INSURANCE WAY", City = "HARTFORD", State = "CT", PostalCode = "061030000" },
                Contacts = [new Contact { FunctionCode = "BL", Name = "EDI", Numbers = [new CommunicationNumber("TE", "8005551313")] }],
            },
            Payee = new RemittanceParty { Name = "RIVERSIDE FAMILY MEDICINE", IdQualifier = "XX", Identifier = "1234567893", References = [new Reference("TJ", "371234567")] },
            ClaimGroups = [new ClaimGroup { AssignedNumber = 1, Claims = claims.ToValueList() }],
            ProviderAdjustments = recoveries,
        };
    }

    private static ClaimPayment Claim(Random random, int number)
    {
        var lines = new List<ServicePayment>();
        var lineCount = 1 + random.Next(4);
        var denied = random.Next(20) == 0;
        for (var i = 0; i < lineCount; i++)
        {
            var charge = 40m + random.Next(4000) / 4m;
            var contractual = denied ? charge : Math.Round(charge * (0.2m + random.Next(30) / 100m), 2);
            var patient = denied ? 0m : Math.Min(charge - contractual, random.Next(3) * 10m);
            var adjustments = new List<Adjustment> { new(AdjustmentGroup.Contractual, denied ? "50" : "45", contractual) };
            if (patient > 0)
                adjustments.Add(new Adjustment(AdjustmentGroup.PatientResponsibility, random.Next(2) == 0 ? "2" : "3", patient));
            lines.Add(new ServicePayment
            {
                Procedure = ProcedureCode.Cpt(Procedures[random.Next(Procedures.Length)], random.Next(4) == 0 ? ["25"] : []),
                ChargeAmount = charge,
                PaymentAmount = charge - contractual - patient,
                Units = 1,
                ServiceDate = new DateOnly(2024, 2, 1 + random.Next(28)),
                Adjustments = adjustments.ToValueList(),
                LineItemControlNumber = $"L{number}-{i + 1}",
                AllowedAmount = denied ? null : charge - contractual,
                Remarks = random.Next(3) == 0 ? [Remark.RemittanceAdviceRemark(Remarks[random.Next(Remarks.Length)])] : [],
            });
        }
        return new ClaimPayment
        {
            PatientControlNumber = $"PCN{number:00000000}",
            Status = denied ? ClaimStatusCode.Denied : ClaimStatusCode.ProcessedAsPrimary,
            ChargeAmount = lines.Sum(l => l.ChargeAmount),
            PaymentAmount = lines.Sum(l => l.PaymentAmount),
            PatientResponsibilityAmount = lines.Sum(l => l.Adjustments.Where(a => a.Group == AdjustmentGroup.PatientResponsibility).Sum(a => a.Amount)),
            ClaimFilingIndicator = "12",
            PayerClaimControlNumber = $"ACME{number:0000000000}",
            FacilityCode = "11",
            Frequency = ClaimFrequency.Original,
            Patient = EntityName.Person("PATIENT", $"FIRST{number % 997}", "MI", $"MEM{number % 50000:000000}"),
            RenderingProvider = EntityName.Person("SMITH", "JOHN", "XX", "1987654325"),
            StatementFromDate = lines[0].ServiceDate,
            StatementToDate = lines[0].ServiceDate,
            ServiceLines = lines.ToValueList(),
        };
    }

    /// <summary>Passes text through and counts it, to stop at the requested size.</summary>
    private sealed class CountingWriter(TextWriter inner) : TextWriter
    {
        public long Count { get; private set; }
        public override System.Text.Encoding Encoding => inner.Encoding;
        public override void Write(char value) { Count++; inner.Write(value); }
        public override void Write(char[] buffer, int index, int count) { Count += count; inner.Write(buffer, index, count); }
        public override void Write(ReadOnlySpan<char> buffer) { Count += buffer.Length; inner.Write(buffer); }
        public override void Write(string? value) { Count += value?.Length ?? 0; inner.Write(value); }
        public override void Flush() => inner.Flush();
    }
}
