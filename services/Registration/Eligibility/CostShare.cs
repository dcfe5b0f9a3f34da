using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.Registration.Eligibility;

/// <summary>
/// What the patient pays for one kind of visit, picked from the many EB segments of a 271 (X279A1 2110C/2110D).
/// A payer answers with cost share per service type (EB03), coverage level (EB02), network (EB12) and
/// time period (EB06), in no promised order; the first EB*B is as likely the emergency room's copay or the
/// out-of-network one as the office visit's.
/// </summary>
public sealed record CostShare(
    decimal? Copay, decimal? CoinsurancePercent, decimal? Deductible, decimal? DeductibleRemaining,
    decimal? FamilyDeductible, decimal? FamilyDeductibleRemaining)
{
    public static CostShare None { get; } = new(null, null, null, null, null, null);

    public static CostShare For(IReadOnlyList<EligibilityBenefit> benefits, string serviceType)
    {
        var copay = Pick(benefits, BenefitCode.CoPayment, serviceType, AnyLevel, b => b.Amount is not null)?.Amount;
        var coinsurance = Pick(benefits, BenefitCode.CoInsurance, serviceType, AnyLevel, b => b.Percent is not null)?.Percent * 100m;
        return new CostShare(
            copay,
            coinsurance,
            Pick(benefits, BenefitCode.Deductible, serviceType, IndividualLevel, IsAnnual)?.Amount,
            Pick(benefits, BenefitCode.Deductible, serviceType, IndividualLevel, IsRemaining)?.Amount,
            Pick(benefits, BenefitCode.Deductible, serviceType, FamilyLevel, IsAnnual)?.Amount,
            Pick(benefits, BenefitCode.Deductible, serviceType, FamilyLevel, IsRemaining)?.Amount);
    }

    /// <summary>
    /// The benefit for the visit's service type, else for the plan (30, or no EB03): EB03 98 before 30 for an
    /// office visit; never another service type's (86 emergency is not the office copay). Then in network
    /// (EB12 Y) before "not applicable" (W, the same either way) before unstated, and out of network (N) last;
    /// then the coverage level's own rank.
    /// </summary>
    static EligibilityBenefit? Pick(
        IReadOnlyList<EligibilityBenefit> benefits, BenefitCode code, string serviceType, Func<string?, int?> levelRank, Func<EligibilityBenefit, bool> also) =>
        benefits
            .Where(b => b.Code == code && also(b) && ServiceTypeRank(b, serviceType) is not null && levelRank(b.CoverageLevel) is not null)
            .OrderBy(b => ServiceTypeRank(b, serviceType))
            .ThenBy(b => b.InPlanNetwork switch { "Y" => 0, "W" => 1, "N" => 3, _ => 2 })
            .ThenBy(b => levelRank(b.CoverageLevel))
            .FirstOrDefault();

    static int? ServiceTypeRank(EligibilityBenefit b, string serviceType) =>
        b.ServiceTypeCodes.Contains(serviceType) ? 0
        : b.ServiceTypeCodes.Contains(SubscriberInquiry.HealthBenefitPlanCoverage) ? 1
        : b.ServiceTypeCodes.Count == 0 ? 2
        : null;

    // EB02: a copay or coinsurance is the person's whatever level it is stated at (IND first); a deductible's
    // level says whose it is: IND (or unstated) the patient's, FAM the family's, shared.
    static int? AnyLevel(string? level) => level switch { EligibilityBenefit.Individual => 0, null => 1, EligibilityBenefit.Family => 3, _ => 2 };
    static int? IndividualLevel(string? level) => level switch { EligibilityBenefit.Individual => 0, null => 1, _ => null };
    static int? FamilyLevel(string? level) => level == EligibilityBenefit.Family ? 0 : null;

    // EB06: the deductible for the period (23 calendar year, 22 service year, 25 contract, or unstated) against
    // what is left of it (29 remaining). 24 year to date is what has been met so far, neither of the two.
    static bool IsAnnual(EligibilityBenefit b) =>
        b.Amount is not null && b.TimePeriod is null or EligibilityBenefit.CalendarYear or EligibilityBenefit.ServiceYear or EligibilityBenefit.Contract;

    static bool IsRemaining(EligibilityBenefit b) => b.Amount is not null && b.TimePeriod == EligibilityBenefit.Remaining;
}
