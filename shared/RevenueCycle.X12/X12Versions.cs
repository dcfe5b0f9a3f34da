namespace RevenueCycle.X12;

/// <summary>Implementation guide identifiers (GS08 / ST03) and functional identifier codes (GS01).</summary>
public static class X12Versions
{
    public const string InterchangeVersion = "00501"; // ISA12

    public const string Remittance835 = "005010X221A1";
    public const string ProfessionalClaim837 = "005010X222A1";
    public const string EligibilityInquiry270 = "005010X279A1";
    public const string EligibilityResponse271 = "005010X279A1";
    public const string ClaimAcknowledgment277 = "005010X214";
    public const string FunctionalAcknowledgment999 = "005010X231A1";
    public const string ClaimStatusInquiry276 = "005010X212";
    public const string ClaimStatusResponse277 = "005010X212";

    public const string PaymentGroup = "HP";       // 835
    public const string ClaimGroup = "HC";         // 837
    public const string EligibilityInquiryGroup = "HS";  // 270
    public const string EligibilityResponseGroup = "HB"; // 271
    public const string ClaimStatusGroup = "HN";   // 277 (both the 277CA and the X212 response)
    public const string ClaimStatusInquiryGroup = "HR"; // 276
    public const string AcknowledgmentGroup = "FA"; // 999
}
