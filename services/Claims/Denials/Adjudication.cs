using RevenueCycle.Claims.Building;
using RevenueCycle.Contracts.Payments;

namespace RevenueCycle.Claims.Denials;

/// <summary>What a posted 835 claim payment means for the claim's status.</summary>
public static class Adjudication
{
    public const string DeniedStatusCode = "4"; // 835 CLP02 4: denied

    public static (string Status, DenialView? Denial) Decide(ClaimPaymentPosted p)
    {
        var denying = p.Adjustments.Where(a => AdjustmentReasons.IsDenial(a.Group, a.Carc)).ToList();
        if (p.ClaimStatusCode == DeniedStatusCode || (p.Paid == 0 && denying.Count > 0))
        {
            var carc = (denying.FirstOrDefault() ?? p.Adjustments.FirstOrDefault())?.Carc ?? "0";
            // Claim-level remarks (MOA03-07) say what the denial means for the next step: MA130 "unprocessable, no appeal rights"
            // means correct and resubmit, not appeal (CMS RARC list). They are kept with the denial, before the lines' RARCs.
            var remarks = (p.ClaimRemarks ?? []).Concat(p.Rarcs).Concat(p.Lines.SelectMany(l => l.Rarcs)).Distinct().ToList();
            var rarc = p.Rarcs.FirstOrDefault() ?? p.Lines.SelectMany(l => l.Rarcs).FirstOrDefault() ?? remarks.FirstOrDefault();
            return (ClaimStatus.Denied, new DenialView(carc, rarc, DenialCategories.For(carc), DateTimeOffset.UtcNow, remarks));
        }
        // A line is denied when the payer says so (a denial CARC on it), not because it paid nothing: CO-24 capitation pays nothing too.
        var lineDenied = p.Lines.Any(l => LineDenied(p, l));
        return (lineDenied || p.InsuranceBalance > 0 || denying.Count > 0 ? ClaimStatus.PartiallyPaid : ClaimStatus.Paid, null);
    }

    public static ClaimEvent EventOf(string decidedStatus) => decidedStatus switch
    {
        ClaimStatus.Paid => ClaimEvent.Paid,
        ClaimStatus.PartiallyPaid => ClaimEvent.PartiallyPaid,
        _ => ClaimEvent.Denied,
    };

    public static bool LineDenied(ClaimPaymentPosted p, PostedLine l) =>
        p.Adjustments.Any(a => a.LineNumber == l.LineNumber && a.Amount > 0 && AdjustmentReasons.IsDenial(a.Group, a.Carc));
}

/// <summary>Denial categories a biller works by: what to fix before the claim goes again.</summary>
public static class DenialCategories
{
    public const string Eligibility = "eligibility";
    public const string Authorization = "authorization";
    public const string Coding = "coding";
    public const string MedicalNecessity = "medical-necessity";
    public const string TimelyFiling = "timely-filing";
    public const string Duplicate = "duplicate";
    public const string Other = "other";

    // The categories come from the shared CARC table (RevenueCycle.Contracts AdjustmentReasons.tsv, X12 code list 139).
    public static string For(string carc) => AdjustmentReasons.CategoryOf(carc);
}
