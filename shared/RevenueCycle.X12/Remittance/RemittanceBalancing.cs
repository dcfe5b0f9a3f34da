namespace RevenueCycle.X12.Remittance;

/// <summary>
/// The three balancing rules of the 835 (X221A1 section 1.10.2), for a model built in code, e.g. by
/// a payer simulator before it writes the file. The reader applies the same rules while it reads.
/// </summary>
public static class RemittanceBalancing
{
    /// <summary>Σ CLP04 − Σ PLB04..: the BPR02 that balances the transaction.</summary>
    public static decimal ExpectedPaymentAmount(Remittance835 remittance) =>
        remittance.Claims.Sum(claim => claim.PaymentAmount) - remittance.ProviderAdjustments.Sum(adjustment => adjustment.Amount);

    /// <summary>Every rule the remittance breaks, in reading order; empty when it balances.</summary>
    public static IReadOnlyList<string> FindErrors(Remittance835 remittance)
    {
        var errors = new List<string>();
        foreach (var claim in remittance.Claims)
        {
            foreach (var line in claim.ServiceLines)
            {
                var lineAdjustments = Adjustment.Total(line.Adjustments.AsSpan());
                if (line.ChargeAmount - line.PaymentAmount != lineAdjustments)
                    errors.Add($"Claim '{claim.PatientControlNumber}', line {line.Procedure.Code}: charge {line.ChargeAmount} − paid {line.PaymentAmount} ≠ adjustments {lineAdjustments}");
            }
            if (claim.ChargeAmount - claim.PaymentAmount != claim.TotalAdjustmentAmount)
                errors.Add($"Claim '{claim.PatientControlNumber}': charge {claim.ChargeAmount} − paid {claim.PaymentAmount} ≠ adjustments {claim.TotalAdjustmentAmount}");
        }
        var expected = ExpectedPaymentAmount(remittance);
        if (remittance.Payment.Amount != expected)
            errors.Add($"BPR02 {remittance.Payment.Amount} ≠ Σ CLP04 − Σ PLB = {expected}");
        return errors;
    }
}
