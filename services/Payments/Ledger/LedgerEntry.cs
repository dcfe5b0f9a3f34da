namespace RevenueCycle.Payments.Ledger;

/// <summary>
/// Which total of the claim an entry moves. charge = insurance-paid + adjustment + patient-responsibility + insurance balance.
/// <see cref="Denied"/> is not one of them: what a payer denied stays in the insurance balance (in AR) until it is
/// appealed and paid, corrected, or written off; the bucket only says how much of the balance is a denial being worked.
/// </summary>
public static class Bucket
{
    public const string Charge = "charge";
    public const string InsurancePaid = "insurance-paid";
    public const string Adjustment = "adjustment";
    public const string PatientResponsibility = "patient-responsibility";
    public const string Denied = "denied";
}

public static class EntryKind
{
    public const string Charge = "charge";
    public const string InsurancePayment = "insurance-payment";
    public const string Adjustment = "adjustment";
    public const string TransferToPatient = "transfer-to-patient";
    public const string Reversal = "reversal";
    public const string Denial = "denial";
    /// <summary>A payer paid again what it had paid: an insurance credit balance, owed back.</summary>
    public const string Overpayment = "overpayment";
    /// <summary>What earlier payers settled, on a secondary or tertiary claim (its receivable is what they left).</summary>
    public const string PriorPayer = "prior-payer";
    public const string PriorPayerRelease = "prior-payer-release";
    /// <summary>A payer took money back at provider level (PLB WO/FB/72 naming the claim) that no reversal had taken back.</summary>
    public const string Recoupment = "recoupment";
    public const string RefundToPayer = "refund-to-payer";
    public const string WriteOff = "write-off";
}

/// <summary>A ledger entry before it is written: line null for claim-level amounts.</summary>
public sealed record LedgerDraft(int? LineNumber, string Kind, string Bucket, string? Group, string? Carc, decimal Amount, string Description);

/// <summary>The totals of a claim (or line) and the balance they leave with insurance; a negative balance is a credit owed to the payer.</summary>
public sealed record LedgerTotals(decimal Charge, decimal InsurancePaid, decimal Adjustments, decimal PatientResponsibility, decimal Denied = 0)
{
    public decimal InsuranceBalance => Charge - InsurancePaid - Adjustments - PatientResponsibility;

    /// <summary>What the payer denied and is still owed (in the balance): never more than the balance.</summary>
    public decimal DeniedOpen => Math.Max(0, Math.Min(Denied, InsuranceBalance));

    public decimal CreditBalance => Math.Max(0, -InsuranceBalance);

    public static LedgerTotals Of(IEnumerable<(string Bucket, decimal Amount)> entries)
    {
        decimal charge = 0, paid = 0, adjusted = 0, patient = 0, denied = 0;
        foreach (var (bucket, amount) in entries)
        {
            switch (bucket)
            {
                case Ledger.Bucket.Charge: charge += amount; break;
                case Ledger.Bucket.InsurancePaid: paid += amount; break;
                case Ledger.Bucket.Adjustment: adjusted += amount; break;
                case Ledger.Bucket.PatientResponsibility: patient += amount; break;
                case Ledger.Bucket.Denied: denied += amount; break;
            }
        }
        return new LedgerTotals(charge, paid, adjusted, patient, denied);
    }

    /// <summary>The SQL expression of an entry's effect on the insurance balance (denied entries have none).</summary>
    public const string BalanceEffectSql = "CASE l.bucket WHEN 'charge' THEN l.amount WHEN 'denied' THEN 0 ELSE -l.amount END";
}
