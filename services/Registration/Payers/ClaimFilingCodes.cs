namespace RevenueCycle.Registration.Payers;

/// <summary>Claim filing indicator codes (837P 2000B SBR09), with what each means.</summary>
public static class ClaimFilingCodes
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["11"] = "Other non-federal programs", ["12"] = "Preferred provider organization (PPO)",
        ["13"] = "Point of service (POS)", ["14"] = "Exclusive provider organization (EPO)",
        ["15"] = "Indemnity insurance", ["16"] = "Health maintenance organization (HMO) Medicare risk",
        ["17"] = "Dental maintenance organization", ["AM"] = "Automobile medical", ["BL"] = "Blue Cross/Blue Shield",
        ["CH"] = "CHAMPUS (TRICARE)", ["CI"] = "Commercial insurance", ["DS"] = "Disability",
        ["FI"] = "Federal employees program", ["HM"] = "Health maintenance organization (HMO)",
        ["LM"] = "Liability medical", ["MA"] = "Medicare Part A", ["MB"] = "Medicare Part B", ["MC"] = "Medicaid",
        ["OF"] = "Other federal program", ["TV"] = "Title V", ["VA"] = "Veterans Affairs plan",
        ["WC"] = "Workers' compensation health claim", ["ZZ"] = "Mutually defined",
    };

    /// <summary>
    /// Default filing limit when the practice gives none: Medicare allows 12 months from the date of
    /// service (42 CFR 424.44); commercial and Medicaid plans are commonly 90–180 days, so 180 is the
    /// safe default and a practice sets the real one per payer.
    /// </summary>
    public static int DefaultTimelyFilingDays(string code) => code is "MA" or "MB" ? 365 : 180;
}
