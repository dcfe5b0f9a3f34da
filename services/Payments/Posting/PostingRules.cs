using RevenueCycle.Contracts.Payments;
using RevenueCycle.Payments.Ledger;

namespace RevenueCycle.Payments.Posting;

/// <summary>
/// Turns a CLP into ledger entries: each SVC's payment on its line, each CAS triplet as an
/// adjustment (CO, OA, PI, CR) or a transfer to the patient (PR), claim-level CAS and any payment the
/// lines do not explain on the claim itself. Σ entries = CLP03 because the 835 balanced
/// (CLP03 − CLP04 = Σ claim and line CAS), so what the payer explained leaves the insurance balance.
/// </summary>
public static class PostingRules
{
    public const string PatientResponsibilityGroup = "PR";

    // X12 CARC: 1 deductible, 2 coinsurance, 3 copay; any other PR reason is not covered by the plan.
    public const string DeductibleCarc = "1";
    public const string CoinsuranceCarc = "2";
    public const string CopayCarc = "3";

    public static IReadOnlyList<LedgerDraft> Entries(RemittanceClaim clp, IReadOnlyList<int?> lineNumbers)
    {
        var entries = new List<LedgerDraft>();
        var linePaid = 0m;
        for (var i = 0; i < clp.Lines.Count; i++)
        {
            var svc = clp.Lines[i];
            var line = lineNumbers[i];
            linePaid += svc.Paid;
            if (svc.Paid != 0)
                entries.Add(new LedgerDraft(line, EntryKind.InsurancePayment, Bucket.InsurancePaid, null, null, svc.Paid,
                    $"Insurance payment, {svc.ProcedureCode}"));
            entries.AddRange(svc.Adjustments.Select(a => Adjustment(line, a)));
        }
        var claimPaid = clp.Paid - linePaid;
        if (claimPaid != 0)
            entries.Add(new LedgerDraft(null, EntryKind.InsurancePayment, Bucket.InsurancePaid, null, null, claimPaid, "Insurance payment (claim level)"));
        entries.AddRange(clp.Adjustments.Select(a => Adjustment(null, a)));
        return entries;
    }

    static LedgerDraft Adjustment(int? line, CasAdjustment a) =>
        a.Group == PatientResponsibilityGroup
            ? new LedgerDraft(line, EntryKind.TransferToPatient, Bucket.PatientResponsibility, a.Group, a.Carc, a.Amount,
                $"Transfer to patient: {Describe(a.Carc)} (PR-{a.Carc})")
            : new LedgerDraft(line, EntryKind.Adjustment, Bucket.Adjustment, a.Group, a.Carc, a.Amount, $"Adjustment {a.Group}-{a.Carc}");

    /// <summary>The entries that take an earlier posting back, one for one, with the opposite sign.</summary>
    public static IReadOnlyList<LedgerDraft> Reverse(IEnumerable<LedgerDraft> posted) =>
        [.. posted.Select(e => e with { Kind = EntryKind.Reversal, Amount = -e.Amount, Description = "Reversal: " + e.Description })];

    public static PatientResponsibility PatientShare(IEnumerable<LedgerDraft> entries)
    {
        decimal deductible = 0, coinsurance = 0, copay = 0, nonCovered = 0;
        foreach (var e in entries.Where(e => e.Bucket == Bucket.PatientResponsibility))
        {
            switch (e.Carc)
            {
                case DeductibleCarc: deductible += e.Amount; break;
                case CoinsuranceCarc: coinsurance += e.Amount; break;
                case CopayCarc: copay += e.Amount; break;
                default: nonCovered += e.Amount; break;
            }
        }
        return new PatientResponsibility(deductible, coinsurance, copay, nonCovered, 0m);
    }

    static string Describe(string carc) => carc switch
    {
        DeductibleCarc => "deductible",
        CoinsuranceCarc => "coinsurance",
        CopayCarc => "copay",
        _ => "not covered",
    };
}
