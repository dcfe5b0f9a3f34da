namespace RevenueCycle.Payments.Ledger;

/// <summary>Which total of the claim an entry moves. charge = insurance-paid + adjustment + patient-responsibility + insurance balance.</summary>
public static class Bucket
{
    public const string Charge = "charge";
    public const string InsurancePaid = "insurance-paid";
    public const string Adjustment = "adjustment";
    public const string PatientResponsibility = "patient-responsibility";
}

public static class EntryKind
{
    public const string Charge = "charge";
    public const string InsurancePayment = "insurance-payment";
    public const string Adjustment = "adjustment";
    public const string TransferToPatient = "transfer-to-patient";
    public const string Reversal = "reversal";
}

/// <summary>A ledger entry before it is written: line null for claim-level amounts.</summary>
public sealed record LedgerDraft(int? LineNumber, string Kind, string Bucket, string? Group, string? Carc, decimal Amount, string Description);

/// <summary>The four totals of a claim (or line) and the balance they leave with insurance.</summary>
public sealed record LedgerTotals(decimal Charge, decimal InsurancePaid, decimal Adjustments, decimal PatientResponsibility)
{
    public decimal InsuranceBalance => Charge - InsurancePaid - Adjustments - PatientResponsibility;

    public static LedgerTotals Of(IEnumerable<(string Bucket, decimal Amount)> entries)
    {
        decimal charge = 0, paid = 0, adjusted = 0, patient = 0;
        foreach (var (bucket, amount) in entries)
        {
            switch (bucket)
            {
                case Ledger.Bucket.Charge: charge += amount; break;
                case Ledger.Bucket.InsurancePaid: paid += amount; break;
                case Ledger.Bucket.Adjustment: adjusted += amount; break;
                case Ledger.Bucket.PatientResponsibility: patient += amount; break;
            }
        }
        return new LedgerTotals(charge, paid, adjusted, patient);
    }
}
