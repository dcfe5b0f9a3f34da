using System.Collections.Frozen;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12.Acknowledgments;
using RevenueCycle.X12.Claims;

namespace RevenueCycle.ClearinghouseSimulator.Submissions;

/// <summary>
/// The payer's own front end, after the clearinghouse has passed a claim on: the 837P situational rules a real payer enforces
/// before it takes a claim into adjudication, and its configured rejections (<see cref="PayerSettings.PayerRejects"/>). A claim
/// that fails is answered in the payer's 277CA (X214 2200D STC01: category, claim status code of code list 508, entity) and
/// never adjudicated, so no 835 ever carries it.
/// </summary>
public static class PayerClaimEdits
{
    /// <summary>
    /// CLM05-1 codes of care given in a hospital or surgical center, not at the billing provider's office: 19 off-campus and 22
    /// on-campus outpatient hospital, 21 inpatient hospital, 23 emergency room, 24 ambulatory surgical center.
    /// </summary>
    public static readonly FrozenSet<string> FacilityPlacesOfService = FrozenSet.ToFrozenSet(["19", "21", "22", "23", "24"]);

    /// <summary>SBR09 claim filing codes of Medicare: MA Part A, MB Part B.</summary>
    static readonly FrozenSet<string> MedicareFilingCodes = FrozenSet.ToFrozenSet(["MA", "MB"]);

    // Claim status codes (code list 508) and STC01-3 entities of these rejections.
    const string EntitysAddress = "126";      // Entity's address (needs an entity code)
    const string InsuranceTypeCode = "578";   // Insurance Type Code
    const string ResponsibilityAmount = "639"; // Responsibility Amount
    const string ServiceLocation = "77";
    const string Subscriber = "IL";

    public sealed record Rejection(string Category, string StatusCode, string? EntityCode, string Message);

    public static Rejection? Check(Claim837 claim, PayerSettings payer)
    {
        // X222A1 2310C: required when the location of care differs from the billing provider's address (2010AA). A facility
        // place of service says it does; the payer cannot price the service without knowing which facility.
        if (payer.Require2310CForFacilityPos && claim.ServiceFacility is null && FacilityPlacesOfService.Contains(claim.PlaceOfService))
            return new Rejection(ClaimStatusDetail.RejectedMissingInformation, EntitysAddress, ServiceLocation,
                $"Place of service {claim.PlaceOfService} is a facility: the service facility location (loop 2310C) is required.");

        // X222A1 2000B SBR05: required when the payer in 2010BB is Medicare and Medicare is not the primary payer (the MSP type).
        if (payer.RequireSbr05OnMedicareSecondary && claim.Subscriber.Responsibility is PayerResponsibility.Secondary or PayerResponsibility.Tertiary
            && MedicareFilingCodes.Contains(claim.Subscriber.ClaimFilingCode) && string.IsNullOrWhiteSpace(claim.Subscriber.InsuranceTypeCode))
            return new Rejection(ClaimStatusDetail.RejectedMissingInformation, InsuranceTypeCode, Subscriber,
                "Medicare is not the primary payer: the insurance type code (2000B SBR05) is required.");

        // X222A1 2320 AMT*EAF: required when the payer in 2330B has adjudicated the claim; the next payer pays from what it left.
        if (payer.RequireAmtEafAfterPriorPayer && claim.OtherPayers.FirstOrDefault(o => o.RemainingPatientLiability is null) is { } prior)
            return new Rejection(ClaimStatusDetail.RejectedMissingInformation, ResponsibilityAmount, OtherPayerEntity(prior.Responsibility),
                $"Payer {prior.PayerId} adjudicated the claim: its remaining patient liability (2320 AMT*EAF) is required.");

        foreach (var rule in payer.PayerRejects)
            if (rule.Matches(claim))
                return new Rejection(rule.Category, rule.StatusCode, rule.EntityCode, rule.Message);
        return null;
    }

    /// <summary>The other payer by its order (code 508 status 516's note: an entity code names the other payer, primary, secondary...).</summary>
    static string OtherPayerEntity(PayerResponsibility responsibility) => responsibility switch
    {
        PayerResponsibility.Primary => "PRP",
        PayerResponsibility.Secondary => "SEP",
        PayerResponsibility.Tertiary => "TTP",
        _ => "PR",
    };
}
