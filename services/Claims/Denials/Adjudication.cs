using RevenueCycle.Claims.Building;
using RevenueCycle.Contracts.Payments;

namespace RevenueCycle.Claims.Denials;

/// <summary>What a posted 835 claim payment means for the claim's status.</summary>
public static class Adjudication
{
    public const string DeniedStatusCode = "4"; // 835 CLP02 4: denied

    // CARCs that adjust a paid claim without denying anything: 45 charge exceeds the fee schedule, 253 sequestration,
    // 23 the impact of prior payers' adjudication, 94 processed in excess of charges, 59 multiple-procedure reduction.
    static readonly HashSet<string> NotDenials = ["45", "253", "23", "94", "59", "42", "131", "144"];

    public static (string Status, DenialView? Denial) Decide(ClaimPaymentPosted p)
    {
        var denying = p.Adjustments.Where(a => a.Group != "PR" && !NotDenials.Contains(a.Carc)).ToList();
        if (p.ClaimStatusCode == DeniedStatusCode || (p.Paid == 0 && denying.Count > 0))
        {
            var carc = (denying.FirstOrDefault() ?? p.Adjustments.FirstOrDefault())?.Carc ?? "0";
            var rarc = p.Rarcs.FirstOrDefault() ?? p.Lines.SelectMany(l => l.Rarcs).FirstOrDefault();
            return (ClaimStatus.Denied, new DenialView(carc, rarc, DenialCategories.For(carc), DateTimeOffset.UtcNow));
        }
        var lineDenied = p.Lines.Any(l => l.Paid == 0 && l.Charge > 0 && l.PatientResponsibility == 0);
        return (lineDenied || p.InsuranceBalance > 0 || denying.Count > 0 ? ClaimStatus.PartiallyPaid : ClaimStatus.Paid, null);
    }
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

    // CARC meanings from the X12 external code list 139 (e.g. 27 expenses after coverage terminated, 197 precertification absent).
    static readonly Dictionary<string, string> ByCarc = new()
    {
        ["26"] = Eligibility, ["27"] = Eligibility, ["31"] = Eligibility, ["32"] = Eligibility, ["33"] = Eligibility, ["109"] = Eligibility,
        ["177"] = Eligibility, ["200"] = Eligibility, ["22"] = Eligibility, ["24"] = Eligibility,
        ["197"] = Authorization, ["15"] = Authorization, ["198"] = Authorization, ["62"] = Authorization, ["39"] = Authorization, ["243"] = Authorization,
        ["4"] = Coding, ["5"] = Coding, ["6"] = Coding, ["7"] = Coding, ["8"] = Coding, ["9"] = Coding, ["10"] = Coding, ["11"] = Coding,
        ["16"] = Coding, ["97"] = Coding, ["125"] = Coding, ["181"] = Coding, ["182"] = Coding, ["189"] = Coding, ["234"] = Coding, ["236"] = Coding,
        ["50"] = MedicalNecessity, ["55"] = MedicalNecessity, ["56"] = MedicalNecessity, ["57"] = MedicalNecessity, ["150"] = MedicalNecessity,
        ["151"] = MedicalNecessity, ["167"] = MedicalNecessity,
        ["29"] = TimelyFiling,
        ["18"] = Duplicate,
    };

    public static string For(string carc) => ByCarc.GetValueOrDefault(carc, Other);
}
