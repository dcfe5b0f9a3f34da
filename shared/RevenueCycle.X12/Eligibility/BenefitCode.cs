namespace RevenueCycle.X12.Eligibility;

/// <summary>EB01: eligibility or benefit information.</summary>
public enum BenefitCode
{
    ActiveCoverage,
    ActiveFullRiskCapitation,
    ActiveServicesCapitated,
    ActiveServicesCapitatedToPrimaryCarePhysician,
    ActivePendingInvestigation,
    Inactive,
    InactivePendingEligibilityUpdate,
    InactivePendingInvestigation,
    CoInsurance,
    CoPayment,
    Deductible,
    CoverageBasis,
    BenefitDescription,
    Exclusions,
    Limitations,
    OutOfPocketStopLoss,
    Unlimited,
    NonCovered,
    CostContainment,
    Reserve,
    PrimaryCareProvider,
    PreExistingCondition,
    ManagedCareCoordinator,
    ServicesRestrictedToFollowingProvider,
    NotDeemedAMedicalNecessity,
    BenefitDisclaimer,
    SecondSurgicalOpinionRequired,
    OtherOrAdditionalPayor,
    PriorYearHistory,
    CardReportedLostOrStolen,
    ContactFollowingEntityForEligibilityOrBenefitInformation,
    CannotProcess,
    OtherSourceOfData,
    HealthCareFacility,
    SpendDown,
}

public static class BenefitCodes
{
    // EB01 codes in the order of the enum.
    private static readonly string[] Codes =
        ["1", "2", "3", "4", "5", "6", "7", "8", "A", "B", "C", "CB", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "MC", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y"];

    public static string ToCode(this BenefitCode code) => Codes[(int)code];

    /// <summary>
    /// EB01 1 active coverage, 2 active – full risk capitation, 3 active – services capitated, 4 active –
    /// services capitated to primary care physician, 5 active – pending investigation (X12 element 1390,
    /// as used by X279A1 2110C EB01): each says the member is covered.
    /// </summary>
    public static bool IsActiveCoverage(this BenefitCode code) =>
        code is >= BenefitCode.ActiveCoverage and <= BenefitCode.ActivePendingInvestigation;

    /// <summary>EB01 6 inactive, 7 inactive – pending eligibility update, 8 inactive – pending investigation.</summary>
    public static bool IsInactiveCoverage(this BenefitCode code) =>
        code is >= BenefitCode.Inactive and <= BenefitCode.InactivePendingInvestigation;

    public static bool TryParse(ReadOnlySpan<char> code, out BenefitCode benefit)
    {
        for (var i = 0; i < Codes.Length; i++)
        {
            if (code.SequenceEqual(Codes[i]))
            {
                benefit = (BenefitCode)i;
                return true;
            }
        }
        benefit = default;
        return false;
    }
}
