using RevenueCycle.Contracts.Payments;
using RevenueCycle.Payments.Ledger;

namespace RevenueCycle.Payments.Posting;

/// <summary>
/// Turns a CLP into ledger entries: each SVC's payment on its line, each CAS triplet as an adjustment (a contractual
/// allowance or a prior payer's part under CO, OA, PI), a denial (any other reason under CO, OA, PI: it stays in the
/// insurance balance, in AR, while the biller appeals, corrects or writes it off) or a transfer to the patient (PR),
/// claim-level CAS and any payment the lines do not explain on the claim itself. Σ entries = CLP03 because the 835
/// balanced (CLP03 − CLP04 = Σ claim and line CAS).
/// </summary>
public static class PostingRules
{
    public const string PatientResponsibilityGroup = AdjustmentReasons.PatientResponsibilityGroup;

    // X12 CARC: 1 deductible, 2 coinsurance, 3 copay — the codes the split is built on.
    public const string DeductibleCarc = "1";
    public const string CoinsuranceCarc = "2";
    public const string CopayCarc = "3";

    public enum ShareKind { Deductible, Coinsurance, Copay, NonCovered, Other }

    // What a PR reason code makes the patient owe. Cost sharing of the plan: 66 blood deductible, 241 Part D
    // low-income-subsidy copay. Services the plan does not cover: 26/27 before/after coverage, 35/119/149
    // benefit maxima, 49 routine/preventive, 50 not medically necessary, 96 non-covered, 204 not in the plan.
    // Anything else under PR is "other" (e.g. 100 the payer paid the patient, 187 consumer spending account).
    static readonly Dictionary<string, (ShareKind Kind, string Text)> ShareKinds = new()
    {
        [DeductibleCarc] = (ShareKind.Deductible, "deductible"),
        ["66"] = (ShareKind.Deductible, "blood deductible"),
        [CoinsuranceCarc] = (ShareKind.Coinsurance, "coinsurance"),
        [CopayCarc] = (ShareKind.Copay, "copay"),
        ["241"] = (ShareKind.Copay, "low income subsidy copay"),
        ["26"] = (ShareKind.NonCovered, "not covered: before coverage began"),
        ["27"] = (ShareKind.NonCovered, "not covered: after coverage ended"),
        ["35"] = (ShareKind.NonCovered, "not covered: lifetime benefit maximum reached"),
        ["49"] = (ShareKind.NonCovered, "not covered: routine or preventive service"),
        ["50"] = (ShareKind.NonCovered, "not covered: not deemed medically necessary"),
        ["96"] = (ShareKind.NonCovered, "not covered"),
        ["119"] = (ShareKind.NonCovered, "not covered: benefit maximum for the period reached"),
        ["149"] = (ShareKind.NonCovered, "not covered: lifetime benefit maximum for this service reached"),
        ["204"] = (ShareKind.NonCovered, "not covered under the current benefit plan"),
        ["100"] = (ShareKind.Other, "the payer paid the patient"),
        ["187"] = (ShareKind.Other, "consumer spending account payment"),
    };

    public static ShareKind KindOf(string? carc) => carc is not null && ShareKinds.TryGetValue(carc, out var k) ? k.Kind : ShareKind.Other;

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
            : AdjustmentReasons.IsDenial(a.Group, a.Carc)
                ? new LedgerDraft(line, EntryKind.Denial, Bucket.Denied, a.Group, a.Carc, a.Amount,
                    $"Denied {a.Group}-{a.Carc}{(AdjustmentReasons.MeaningOf(a.Carc) is { } m ? ": " + m : "")}; stays in AR until appealed, corrected or written off")
                : new LedgerDraft(line, EntryKind.Adjustment, Bucket.Adjustment, a.Group, a.Carc, a.Amount, $"Adjustment {a.Group}-{a.Carc}");

    /// <summary>
    /// A payment of what the payer had already paid (another TRN, no reversal): only the money is posted, as a credit owed
    /// back to the payer; the adjustments and the patient's share were posted with the first payment and are not moved again.
    /// </summary>
    public static IReadOnlyList<LedgerDraft> Overpayment(RemittanceClaim clp, IReadOnlyList<int?> lineNumbers, RemittanceHeader remittance)
    {
        var text = $"Paid again by {remittance.PayerName} (TRN {remittance.TraceNumber}): credit balance owed back to the payer";
        var entries = new List<LedgerDraft>();
        for (var i = 0; i < clp.Lines.Count; i++)
            if (clp.Lines[i].Paid != 0)
                entries.Add(new LedgerDraft(lineNumbers[i], EntryKind.Overpayment, Bucket.InsurancePaid, null, null, clp.Lines[i].Paid, text));
        var claimLevel = clp.Paid - clp.Lines.Sum(l => l.Paid);
        if (claimLevel != 0) entries.Add(new LedgerDraft(null, EntryKind.Overpayment, Bucket.InsurancePaid, null, null, claimLevel, text));
        return entries;
    }

    /// <summary>The entries that take an earlier posting back, one for one, with the opposite sign.</summary>
    public static IReadOnlyList<LedgerDraft> Reverse(IEnumerable<LedgerDraft> posted) =>
        [.. posted.Select(e => e with { Kind = EntryKind.Reversal, Amount = -e.Amount, Description = "Reversal: " + e.Description })];

    public static PatientResponsibility PatientShare(IEnumerable<LedgerDraft> entries)
    {
        decimal deductible = 0, coinsurance = 0, copay = 0, nonCovered = 0, other = 0;
        foreach (var e in entries.Where(e => e.Bucket == Bucket.PatientResponsibility))
        {
            switch (KindOf(e.Carc))
            {
                case ShareKind.Deductible: deductible += e.Amount; break;
                case ShareKind.Coinsurance: coinsurance += e.Amount; break;
                case ShareKind.Copay: copay += e.Amount; break;
                case ShareKind.NonCovered: nonCovered += e.Amount; break;
                default: other += e.Amount; break;
            }
        }
        return new PatientResponsibility(deductible, coinsurance, copay, nonCovered, other);
    }

    static string Describe(string carc) => ShareKinds.TryGetValue(carc, out var k) ? k.Text : "patient responsibility";
}
