using RevenueCycle.ClearinghouseSimulator.Adjudication;
using RevenueCycle.X12;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.ClearinghouseSimulator.Remittances;

/// <summary>Turns adjudicated claims of one payer and one payee into a balanced 835 (005010X221A1).</summary>
public static class Remittance835Factory
{
    /// <summary>TRN03 / BPR10: "1" + the payer's nine-digit tax id; the simulated payers share one.</summary>
    public const string PayerIdentifier = "1999999999";

    /// <summary>PLB03-1 FB: a forwarding balance, the negative total a payer carries to its next payment.</summary>
    public const string ForwardingBalance = "FB";

    public static Remittance835 Build(X12Envelope envelope, string payerId, string traceNumber, DateOnly paymentDate, IReadOnlyList<AdjudicatedClaim> claims)
    {
        var first = claims[0];
        var payments = claims.Select(ToClaimPayment).ToList();
        var total = payments.Sum(p => p.PaymentAmount);
        var providerAdjustments = new List<ProviderAdjustment>();
        if (total < 0)
        {
            // Reversals exceed the new payments: nothing is paid now, the payer recovers the difference later
            // (PLB FB with a negative amount keeps BPR02 = Σ CLP04 − Σ PLB at zero).
            providerAdjustments.Add(new ProviderAdjustment
            {
                ProviderIdentifier = first.Payee.Identifier ?? "",
                FiscalPeriodDate = new DateOnly(paymentDate.Year, 12, 31),
                ReasonCode = ForwardingBalance,
                Reference = claims.First(c => c.Status == ClaimStatusCode.Reversal).PayerClaimNumber,
                Amount = total,
            });
            total = 0;
        }
        return new Remittance835
        {
            Envelope = envelope,
            Payment = new PaymentInformation
            {
                HandlingCode = total > 0 ? PaymentInformation.PaymentAccompaniesRemittance : PaymentInformation.NotificationOnly,
                Amount = total,
                PaymentMethod = total > 0 ? PaymentInformation.Check : PaymentInformation.NonPayment,
                OriginatingCompanyIdentifier = total > 0 ? PayerIdentifier : null,
                PaymentDate = paymentDate,
            },
            TraceNumber = traceNumber,
            PayerIdentifier = PayerIdentifier,
            ProductionDate = paymentDate,
            Payer = new RemittanceParty
            {
                Name = first.PayerName,
                References = [new Reference("2U", payerId)],
            },
            Payee = new RemittanceParty { Name = first.Payee.LastNameOrOrganization, IdQualifier = first.Payee.IdQualifier, Identifier = first.Payee.Identifier },
            ClaimGroups = [new ClaimGroup { AssignedNumber = 1, Claims = payments.ToValueList() }],
            ProviderAdjustments = providerAdjustments.ToValueList(),
        };
    }

    public static ClaimPayment ToClaimPayment(AdjudicatedClaim claim) => new()
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
        ReceivedDate = claim.ReceivedOn,
        ServiceLines = claim.Lines.Select(line => new ServicePayment
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
        }).ToValueList(),
    };

    static EntityName Name(ClaimParty party) => new()
    {
        LastNameOrOrganization = party.LastNameOrOrganization,
        FirstName = party.FirstName,
        IdQualifier = party.IdQualifier,
        Identifier = party.Identifier,
    };
}
