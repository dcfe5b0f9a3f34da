using RevenueCycle.ClearinghouseSimulator.Adjudication;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.ClearinghouseSimulator.Remittances;

/// <summary>Turns adjudicated claims of one payer and one payee into a balanced 835 (005010X221A1).</summary>
public static class Remittance835Factory
{
    /// <summary>2100 AMT01 I: the interest paid on the claim, outside CLP04 (X221A1 1.10.2.9).</summary>
    public const string InterestAmountQualifier = "I";

    /// <param name="balance">The check's PLBs and BPR02 (<see cref="CheckBalancer"/>); when null, the claims alone with no earlier receivables.</param>
    public static Remittance835 Build(X12Envelope envelope, string payerId, string traceNumber, DateOnly paymentDate, IReadOnlyList<AdjudicatedClaim> claims,
        CheckBalance? balance = null)
    {
        var first = claims[0];
        balance ??= CheckBalancer.Balance(claims, [], ProviderAdjustmentCodes.OverpaymentRecovery, first.Payee.Identifier ?? "", paymentDate, traceNumber);
        var total = balance.PaymentAmount;
        var payerIdentifier = PayerIdentifiers.For(payerId);
        return new Remittance835
        {
            Envelope = envelope,
            Payment = new PaymentInformation
            {
                HandlingCode = total > 0 ? PaymentInformation.PaymentAccompaniesRemittance : PaymentInformation.NotificationOnly,
                Amount = total,
                PaymentMethod = total > 0 ? PaymentInformation.Check : PaymentInformation.NonPayment,
                OriginatingCompanyIdentifier = total > 0 ? payerIdentifier : null,
                PaymentDate = paymentDate,
            },
            TraceNumber = traceNumber,
            PayerIdentifier = payerIdentifier,
            ProductionDate = paymentDate,
            Payer = new RemittanceParty
            {
                Name = first.PayerName,
                References = [new Reference("2U", payerId)],
            },
            Payee = new RemittanceParty { Name = first.Payee.LastNameOrOrganization, IdQualifier = first.Payee.IdQualifier, Identifier = first.Payee.Identifier },
            ClaimGroups = [new ClaimGroup { AssignedNumber = 1, Claims = claims.Select(ToClaimPayment).ToValueList() }],
            ProviderAdjustments = balance.Adjustments.ToValueList(),
        };
    }

    public static ClaimPayment ToClaimPayment(AdjudicatedClaim claim)
    {
        var lines = claim.Lines.Select(line => new ServicePayment
        {
            Procedure = new ProcedureCode { Code = line.ProcedureCode, Modifiers = line.Modifiers.ToValueList() },
            ChargeAmount = line.Charge,
            PaymentAmount = line.Paid,
            Units = line.Units == 1 ? null : line.Units,
            ServiceDate = line.ServiceDate,
            Adjustments = line.Adjustments.Select(a => a.ToX12()).ToValueList(),
            LineItemControlNumber = line.LineItemControlNumber,
            AllowedAmount = line.Allowed,
            Remarks = line.Remarks.Select(Remark.RemittanceAdviceRemark).ToValueList(),
        }).ToValueList();
        // A payer that reports claims only at claim level moves the lines' adjustments to claim-level CAS (summed by group
        // and reason, in the CAS01 order X221A1 gives: PR, CO, PI, OA) and the lines' remarks to the claim's MOA. X221A1
        // requires SVC for professional claims (2110 situational rule, X12 RFI 2348): such a payer is one real posting meets anyway.
        var remarks = claim.ClaimLevelOnly ? claim.ClaimRemarks.Concat(claim.Lines.SelectMany(l => l.Remarks)).Distinct().ToList() : claim.ClaimRemarks;
        return new ClaimPayment
        {
            PatientControlNumber = claim.PatientControlNumber,
            Status = claim.Status,
            ChargeAmount = claim.Charge,
            PaymentAmount = claim.Paid,
            PatientResponsibilityAmount = claim.PatientResponsibility,
            ClaimFilingIndicator = claim.ClaimFilingCode,
            PayerClaimControlNumber = claim.PayerClaimNumber,
            FacilityCode = claim.PlaceOfService,
            Frequency = (ClaimFrequency)claim.Frequency,
            Patient = Name(claim.Patient),
            Insured = claim.Insured is { } insured ? Name(insured) : null,
            CrossoverCarrier = claim.CrossoverCarrier is { } carrier
                ? EntityName.Organization(carrier.LastNameOrOrganization, carrier.IdQualifier, carrier.Identifier)
                : null,
            // MOA: required for professional claims with a claim-level remark code (X221A1 2100 MOA situational rule).
            OutpatientAdjudication = remarks.Count > 0
                ? new OutpatientAdjudication { RemarkCodes = remarks.Take(OutpatientAdjudication.MaxRemarkCodes).ToValueList() }
                : null,
            ReceivedDate = claim.ReceivedOn,
            // AMT*I: required when the claim carries interest, and summed in the check's PLB L6 (1.10.2.9; X12 RFI 2202).
            Amounts = claim.Interest != 0 ? [new QualifiedAmount(InterestAmountQualifier, claim.Interest)] : [],
            Adjustments = claim.ClaimLevelOnly ? ClaimLevel(claim.Lines) : [],
            ServiceLines = claim.ClaimLevelOnly ? [] : lines,
        };
    }

    static readonly string[] GroupOrder = ["PR", "CO", "PI", "OA"];

    static ValueList<Adjustment> ClaimLevel(IEnumerable<AdjudicatedLine> lines) =>
        lines.SelectMany(l => l.Adjustments)
            .GroupBy(a => (a.Group, a.Reason))
            .Select(g => new LineAdjustment(g.Key.Group, g.Key.Reason, g.Sum(a => a.Amount)))
            .Where(a => a.Amount != 0)
            .OrderBy(a => Array.IndexOf(GroupOrder, a.Group) is var i and >= 0 ? i : GroupOrder.Length)
            .Select(a => a.ToX12())
            .ToValueList();

    static EntityName Name(ClaimParty party) => new()
    {
        LastNameOrOrganization = party.LastNameOrOrganization,
        FirstName = party.FirstName,
        IdQualifier = party.IdQualifier,
        Identifier = party.Identifier,
    };
}
