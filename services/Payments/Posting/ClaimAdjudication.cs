using RevenueCycle.Contracts.Payments;
using RevenueCycle.Payments.Ledger;

namespace RevenueCycle.Payments.Posting;

/// <summary>What a claim's ledger already holds that posting a CLP depends on: this payer's payments by line, and the prior payers' part.</summary>
public sealed record ClaimLedgerState(IReadOnlyList<(int? Line, decimal Paid)> PaidBySamePayer, IReadOnlyList<(int? Line, decimal Amount)> PriorPayers)
{
    public static readonly ClaimLedgerState Empty = new([], []);
}

/// <summary>The entries a CLP posts to its claim and what kind of posting they are, with the claim line each SVC landed on.</summary>
public sealed record ClaimPostingPlan(string Kind, IReadOnlyList<LedgerDraft> Entries, int?[] LineNumbers);

/// <summary>
/// The rules of posting one CLP to a known claim, without the database: the one-by-one path (<see cref="ClaimPoster"/>) and the
/// set-based one (<see cref="BulkClaimPosting"/>) read the same facts each their own way and decide with these.
/// </summary>
public static class ClaimAdjudication
{
    public static ClaimPostingPlan Plan(RemittanceHeader remittance, RemittanceClaim clp, IReadOnlyList<BilledLine> billed, ClaimLedgerState state)
    {
        var lineNumbers = LineMatcher.Match(billed, clp.Lines);
        return IsPaidAgain(clp, lineNumbers, state.PaidBySamePayer)
            ? new ClaimPostingPlan(PostingKind.Overpayment, PostingRules.Overpayment(clp, lineNumbers, remittance), lineNumbers)
            : new ClaimPostingPlan(PostingKind.Adjudication, [.. PriorPayerRelease(state.PriorPayers), .. PostingRules.Entries(clp, lineNumbers)], lineNumbers);
    }

    /// <summary>
    /// Whether this CLP pays again what the same payer already paid, with no reversal between: every line it pays (or, with no
    /// lines, the claim) still holds a payment of this payer, net of its reversals. A reversal followed by the corrected claim
    /// (X221A1 1.10.2.8) is not a second payment, nor is a later CLP for lines the payer had not paid (a split claim).
    /// </summary>
    public static bool IsPaidAgain(RemittanceClaim clp, int?[] lineNumbers, IReadOnlyList<(int? Line, decimal Paid)> paidBefore)
    {
        if (clp.StatusCode == ClaimStatus.Denied || clp.Paid <= 0) return false;
        if (paidBefore.Sum(p => p.Paid) <= 0) return false;
        var paidLines = clp.Lines.Select((svc, i) => (svc, line: lineNumbers[i])).Where(x => x.svc.Paid > 0).ToList();
        if (paidLines.Count == 0) return true;
        return paidLines.All(x => x.line is { } n && paidBefore.Any(p => p.Line == n && p.Paid > 0));
    }

    /// <summary>
    /// A secondary or tertiary claim opens with what the earlier payers settled (prior-payer entries, so its receivable is only what
    /// they left); its own payer's CLP explains the whole charge again (OA-23 for the prior payers' part, X221A1 1.10.2.4), so the
    /// posting first takes the prior-payer entries back. A reversal of the posting puts them back.
    /// </summary>
    public static IReadOnlyList<LedgerDraft> PriorPayerRelease(IEnumerable<(int? Line, decimal Amount)> priorPayers) =>
        [.. priorPayers.Where(p => p.Amount != 0).Select(p => new LedgerDraft(p.Line, EntryKind.PriorPayerRelease, Bucket.Adjustment, null, null, -p.Amount,
            "Prior payers' part, now explained by this payer's remittance"))];

    /// <summary>
    /// The event a posting publishes: a payment paid again is only a credit balance (<see cref="InsuranceOverpaymentPosted"/>: nothing about
    /// the claim's adjudication changed, so Claims and PatientBilling hear of nothing else); any other posting is a <see cref="ClaimPaymentPosted"/>
    /// with its lines, adjustments, the patient's share and the balance <paramref name="totals"/> leave (the ledger after the posting).
    /// </summary>
    public static (ClaimPaymentPosted? Posted, InsuranceOverpaymentPosted? Overpaid) Event(Guid tenant, RemittanceHeader remittance, RemittanceClaim clp,
        KnownClaim claim, IReadOnlyList<BilledLine> billed, Guid postingId, ClaimPostingPlan plan, bool isReversal, LedgerTotals totals, DateTimeOffset now)
    {
        var entries = plan.Entries;
        if (plan.Kind == PostingKind.Overpayment)
            return (null, new InsuranceOverpaymentPosted(tenant, claim.ClaimId, remittance.RemittanceId, claim.PatientControlNumber,
                remittance.PayerName, remittance.TraceNumber, entries.Sum(e => e.Amount), -totals.InsuranceBalance, now));

        var lines = billed
            .Where(b => entries.Any(e => e.LineNumber == b.LineNumber))
            .Select(b =>
            {
                var onLine = entries.Where(e => e.LineNumber == b.LineNumber).ToList();
                var svcIndex = Array.IndexOf(plan.LineNumbers, b.LineNumber);
                return new PostedLine(b.LineNumber, b.ProcedureCode, b.Modifiers, b.DateOfService, isReversal ? -b.Charge : b.Charge,
                    onLine.Where(e => e.Bucket == Bucket.InsurancePaid).Sum(e => e.Amount),
                    onLine.Where(e => e.Bucket == Bucket.PatientResponsibility).Sum(e => e.Amount),
                    svcIndex >= 0 ? clp.Lines[svcIndex].Rarcs : []);
            }).ToList();
        return (new ClaimPaymentPosted(
            tenant, postingId, remittance.RemittanceId, claim.ClaimId, claim.PatientId, claim.PatientControlNumber, clp.PayerClaimNumber ?? claim.PayerClaimNumber,
            clp.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), claim.PayerId, remittance.PayerName, remittance.PaymentDate,
            claim.DateOfService, clp.Charge, entries.Where(e => e.Bucket == Bucket.InsurancePaid).Sum(e => e.Amount),
            [.. entries.Where(e => e.Group is not null).Select(e => new PostedAdjustment(e.Group!, e.Carc ?? "", e.Amount, e.LineNumber))],
            PostingRules.PatientShare(entries), totals.InsuranceBalance, isReversal, lines,
            [.. lines.SelectMany(l => l.Rarcs).Distinct()], now,
            clp.Remarks, clp.CrossoverCarrierName, clp.CrossoverCarrierId), null);
    }
}
