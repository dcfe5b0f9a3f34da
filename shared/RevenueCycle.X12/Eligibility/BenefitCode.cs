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
