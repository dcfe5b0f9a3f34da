namespace RevenueCycle.Payments.Posting;

/// <summary>A line of the claim as billed (837P 2400), as Payments knows it from ClaimSubmitted.</summary>
public sealed record BilledLine(int LineNumber, string ProcedureCode, IReadOnlyList<string> Modifiers, decimal Charge, DateOnly DateOfService = default);

/// <summary>
/// Ties each SVC of a CLP to the claim line it adjudicates: by the procedure as billed (SVC06 when the
/// payer recoded it), its modifiers and its charge; then more loosely (procedure and charge, then
/// procedure alone, then the one line left). Each billed line takes at most one SVC.
/// </summary>
public static class LineMatcher
{
    public static int?[] Match(IReadOnlyList<BilledLine> billed, IReadOnlyList<RemittanceLine> paid)
    {
        var result = new int?[paid.Count];
        var used = new HashSet<int>();
        Func<BilledLine, RemittanceLine, bool>[] passes =
        [
            (b, p) => SameCode(b, p) && b.Modifiers.SequenceEqual(p.BilledModifiers, StringComparer.OrdinalIgnoreCase) && b.Charge == p.Charge,
            (b, p) => SameCode(b, p) && b.Charge == p.Charge,
            (b, p) => SameCode(b, p),
        ];
        foreach (var pass in passes)
            for (var i = 0; i < paid.Count; i++)
            {
                if (result[i] is not null) continue;
                var line = billed.FirstOrDefault(b => !used.Contains(b.LineNumber) && pass(b, paid[i]));
                if (line is null) continue;
                result[i] = line.LineNumber;
                used.Add(line.LineNumber);
            }
        var unmatched = Enumerable.Range(0, paid.Count).Where(i => result[i] is null).ToList();
        var free = billed.Where(b => !used.Contains(b.LineNumber)).ToList();
        // The one line left for the one SVC left, when the payer recoded it without SVC06 but kept the charge.
        if (unmatched.Count == 1 && free.Count == 1 && free[0].Charge == paid[unmatched[0]].Charge) result[unmatched[0]] = free[0].LineNumber;
        return result;
    }

    static bool SameCode(BilledLine b, RemittanceLine p) => string.Equals(b.ProcedureCode, p.BilledCode, StringComparison.OrdinalIgnoreCase);
}
