using RevenueCycle.Contracts.Registration;
using RevenueCycle.X12;
using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.Registration.Eligibility;

/// <summary>What the front desk learns from a 271: active or not, and the patient's cost share.</summary>
public sealed record EligibilityOutcome(
    string Status, decimal? Copay, decimal? Deductible, decimal? DeductibleRemaining, decimal? CoinsurancePercent,
    DateOnly? PlanBegin, DateOnly? PlanEnd, string? RejectionCode, string? Reason);

/// <summary>Builds the 270 for one coverage and reads the payer's 271 (005010X279A1).</summary>
public static class EligibilityExchange
{
    public const string ClearinghouseReceiverId = "RCMCLEARINGHOUSE"; // ISA08: the clearinghouse, 15 characters at most
    const string ImplementationGuide = "005010X279A1";

    public static EligibilityInquiry270 Inquiry(
        string submitterId, int controlNumber, Guid checkId, PracticeProfile practice, Contracts.Registration.Coverage coverage, DateOnly serviceDate, DateTime now)
    {
        var envelope = new X12Envelope(
            new InterchangeHeader { SenderId = submitterId, ReceiverId = ClearinghouseReceiverId[..15], Created = now, ControlNumber = controlNumber },
            new FunctionalGroupHeader
            {
                FunctionalIdentifierCode = "HS", ApplicationSenderCode = submitterId, ApplicationReceiverCode = coverage.Payer.PayerId,
                Created = now, ControlNumber = controlNumber, Version = ImplementationGuide,
            },
            "0001");
        var subscriber = coverage.Subscriber;
        return new EligibilityInquiry270
        {
            Envelope = envelope,
            ReferenceId = checkId.ToString("N")[..30],
            Created = now,
            Payer = new EntityName { Type = EntityType.Organization, LastNameOrOrganization = coverage.Payer.Name, IdQualifier = "PI", Identifier = coverage.Payer.PayerId },
            Provider = new EntityName { Type = EntityType.Organization, LastNameOrOrganization = practice.Name, IdQualifier = "XX", Identifier = practice.Npi },
            Subscribers =
            [
                new SubscriberInquiry
                {
                    TraceNumber = checkId.ToString("N")[..30],
                    TraceOriginatorId = "1" + practice.TaxId,
                    Name = new PersonName(subscriber.LastName, subscriber.FirstName),
                    MemberId = coverage.MemberId,
                    BirthDate = subscriber.DateOfBirth,
                    Gender = subscriber.Sex switch { "F" => Gender.Female, "M" => Gender.Male, _ => null },
                    ServiceDate = serviceDate,
                },
            ],
        };
    }

    /// <summary>
    /// Reads the 271's answer about our subscriber. AAA at any level means the payer could not
    /// answer the question as asked (invalid member id, subscriber not found): that is an error the
    /// front desk must fix, not an inactive coverage.
    /// </summary>
    public static EligibilityOutcome Interpret(EligibilityResponse271 response, DateOnly serviceDate)
    {
        if (response.PayerRejections.FirstOrDefault() is { } payerRejection)
            return Error(payerRejection, "the payer could not answer");
        if (response.ProviderRejections.FirstOrDefault() is { } providerRejection)
            return Error(providerRejection, "the payer does not recognise the practice");
        var subscriber = response.Subscribers.FirstOrDefault();
        if (subscriber is null)
            return new EligibilityOutcome("error", null, null, null, null, null, null, null, "The 271 names no subscriber.");
        if (subscriber.Rejections.FirstOrDefault() is { } rejection)
            return Error(rejection, "the payer rejected the subscriber");

        var benefits = subscriber.Benefits;
        // Prefer in-network figures (EB12 Y) for plan coverage (30) or office visits (98).
        EligibilityBenefit? Pick(BenefitCode code, Func<EligibilityBenefit, bool>? also = null) =>
            benefits.Where(b => b.Code == code && (also is null || also(b)))
                .OrderBy(b => b.InPlanNetwork == "Y" ? 0 : b.InPlanNetwork is null or "W" ? 1 : 2)
                .FirstOrDefault();
        var copay = Pick(BenefitCode.CoPayment)?.Amount;
        var deductible = Pick(BenefitCode.Deductible, b => b.TimePeriod is "23" or "22" or null && b.Amount is not null)?.Amount;
        var remaining = Pick(BenefitCode.Deductible, b => b.TimePeriod == "29")?.Amount;
        var coinsurance = Pick(BenefitCode.CoInsurance)?.Percent is { } fraction ? fraction * 100m : (decimal?)null;
        var inPlanDates = (subscriber.PlanBeginDate is null || subscriber.PlanBeginDate <= serviceDate)
            && (subscriber.PlanEndDate is null || subscriber.PlanEndDate >= serviceDate);
        var status = subscriber.IsActive && inPlanDates ? "active" : "inactive";
        var reason = status == "inactive"
            ? subscriber.PlanEndDate is { } end && end < serviceDate ? $"Coverage ended {end:yyyy-MM-dd}." : "The payer reports the coverage inactive on the date of service."
            : null;
        return new EligibilityOutcome(status, copay, deductible, remaining, coinsurance, subscriber.PlanBeginDate, subscriber.PlanEndDate, null, reason);
    }

    static EligibilityOutcome Error(RequestRejection rejection, string context) =>
        new("error", null, null, null, null, null, null, rejection.ReasonCode,
            $"{char.ToUpperInvariant(context[0])}{context[1..]}: AAA {rejection.ReasonCode} {RejectionReasons.Describe(rejection.ReasonCode)}" +
            (rejection.FollowUpActionCode == RequestRejection.CorrectAndResubmit ? " — correct the coverage and check again." : "."));
}

/// <summary>AAA03 reject reason codes of the 271 (X279A1), as a front desk reads them.</summary>
public static class RejectionReasons
{
    static readonly Dictionary<string, string> Text = new()
    {
        ["04"] = "authorized quantity exceeded", ["15"] = "required application data missing", ["41"] = "authorization/access restrictions",
        ["42"] = "unable to respond at current time", ["43"] = "invalid/missing provider identification", ["45"] = "invalid/missing provider specialty",
        ["47"] = "invalid/missing provider state", ["48"] = "invalid/missing referring provider identification number",
        ["51"] = "provider not on file", ["52"] = "service dates not within provider plan enrollment", ["56"] = "inappropriate date",
        ["57"] = "invalid/missing date(s) of service", ["58"] = "invalid/missing date-of-birth", ["60"] = "date of birth follows date(s) of service",
        ["62"] = "date of death precedes date(s) of service", ["63"] = "date of service not within allowable inquiry period",
        ["64"] = "invalid/missing patient ID", ["65"] = "invalid/missing patient name", ["66"] = "invalid/missing patient gender code",
        ["67"] = "patient not found", ["68"] = "duplicate patient ID number", ["71"] = "patient birth date does not match that for the patient on the database",
        ["72"] = "invalid/missing subscriber/insured ID", ["73"] = "invalid/missing subscriber/insured name",
        ["74"] = "invalid/missing subscriber/insured gender code", ["75"] = "subscriber/insured not found",
        ["76"] = "duplicate subscriber/insured ID number", ["78"] = "subscriber/insured not in group/plan identified",
    };

    public static string Describe(string code) => Text.TryGetValue(code, out var text) ? $"({text})" : "";
}
