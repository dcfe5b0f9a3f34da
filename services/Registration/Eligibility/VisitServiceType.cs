using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.Registration.Eligibility;

/// <summary>The service type (270 EQ01, 271 EB03) a visit's eligibility check asks about.</summary>
public static class VisitServiceType
{
    const int MaxLength = 2; // X279A1 EQ01: service type codes are one or two characters

    /// <summary>
    /// A visit at the office (place of service 11) is a professional (physician) visit – office, 98; every
    /// other visit asks about 30, health benefit plan coverage, which X279A1 1.4.7.1 requires every payer to
    /// answer (a payer that does not answer 98 answers 30, and the cost share falls back to it).
    /// </summary>
    public static string ForPlaceOfService(string? placeOfService) => placeOfService switch
    {
        "11" => SubscriberInquiry.ProfessionalOfficeVisit,
        _ => SubscriberInquiry.HealthBenefitPlanCoverage,
    };

    public static bool IsValid(string code) =>
        code.Length is > 0 and <= MaxLength && code.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c));

    public const string Rule = "must be an X12 service type code (EQ01: one or two capitals or digits, e.g. 30 plan coverage, 98 office visit).";
}
