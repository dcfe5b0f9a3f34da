using RevenueCycle.Contracts.Identifiers;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.X12;
using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.Registration.Eligibility;

/// <summary>What the front desk learns from a 271: active or not, and the patient's cost share for the visit's service type.</summary>
public sealed record EligibilityOutcome(string Status, string? Reason)
{
    public CostShare CostShare { get; init; } = CostShare.None;
    public DateOnly? PlanBegin { get; init; }
    public DateOnly? PlanEnd { get; init; }
    public string? RejectionCode { get; init; }

    public decimal? Copay => CostShare.Copay;
    public decimal? Deductible => CostShare.Deductible;
    public decimal? DeductibleRemaining => CostShare.DeductibleRemaining;
    public decimal? CoinsurancePercent => CostShare.CoinsurancePercent;

    public static EligibilityOutcome Error(string reason) => new("error", reason);
}

/// <summary>Builds the 270 for one coverage and reads the payer's 271 (005010X279A1).</summary>
public static class EligibilityExchange
{
    public const string ClearinghouseReceiverId = "RCMCLEARINGHOUSE"; // ISA08: the clearinghouse, 15 characters at most
    const string ImplementationGuide = "005010X279A1";

    public static EligibilityInquiry270 Inquiry(
        string submitterId, int controlNumber, Guid checkId, PracticeProfile practice, Contracts.Registration.Coverage coverage, Subscriber patient,
        DateOnly serviceDate, string serviceType, DateTime now)
    {
        var envelope = new X12Envelope(
            new InterchangeHeader { SenderId = submitterId, ReceiverId = ClearinghouseReceiverId[..15], Created = now, ControlNumber = controlNumber },
            new FunctionalGroupHeader
            {
                FunctionalIdentifierCode = "HS", ApplicationSenderCode = submitterId, ApplicationReceiverCode = coverage.Payer.PayerId,
                Created = now, ControlNumber = controlNumber, Version = ImplementationGuide,
            },
            "0001");
        var trace = checkId.ToString("N")[..30];
        // X279A1 1.4.7 and the 2100C notes: a dependent the payer identifies by a member id of their own is the
        // subscriber of the inquiry; one known only through the subscriber's id is asked about in 2000D/2100D.
        var (subscriber, memberId, dependent) = coverage switch
        {
            { Relationship: "self" } => (coverage.Subscriber, coverage.MemberId, null),
            { PatientMemberId: { } own } => (patient, own, null),
            _ => (coverage.Subscriber, coverage.MemberId, new DependentInquiry
            {
                Name = new PersonName(patient.LastName, patient.FirstName), BirthDate = patient.DateOfBirth, Gender = GenderOf(patient.Sex),
            }),
        };
        return new EligibilityInquiry270
        {
            Envelope = envelope,
            ReferenceId = trace,
            Created = now,
            Payer = new EntityName { Type = EntityType.Organization, LastNameOrOrganization = coverage.Payer.Name, IdQualifier = "PI", Identifier = coverage.Payer.PayerId },
            // 2100B NM102 is the practice's stated NPI entity type (1 person, 2 non-person), never read from the NPI.
            Provider = new EntityName
            {
                Type = practice.NpiEntityType == NpiEntityType.Individual ? EntityType.Person : EntityType.Organization,
                LastNameOrOrganization = practice.Name, IdQualifier = "XX", Identifier = practice.Npi,
            },
            Subscribers =
            [
                new SubscriberInquiry
                {
                    TraceNumber = trace,
                    TraceOriginatorId = "1" + practice.TaxId,
                    Name = new PersonName(subscriber.LastName, subscriber.FirstName),
                    MemberId = memberId,
                    BirthDate = subscriber.DateOfBirth,
                    Gender = GenderOf(subscriber.Sex),
                    ServiceDate = serviceDate,
                    ServiceTypeCodes = [serviceType],
                    Dependent = dependent,
                },
            ],
        };
    }

    static Gender? GenderOf(string sex) => sex switch { "F" => Gender.Female, "M" => Gender.Male, _ => null };

    /// <summary>
    /// Reads the 271's answer about the patient asked about (<paramref name="trace"/>, the 270's TRN02, echoed in
    /// TRN*2). AAA at any level above the patient means the payer could not answer the question as asked
    /// (invalid member id, subscriber not found): that is an error the front desk must fix, not an inactive coverage.
    /// </summary>
    public static EligibilityOutcome Interpret(EligibilityResponse271 response, DateOnly serviceDate, string serviceType = SubscriberInquiry.HealthBenefitPlanCoverage, string? trace = null)
    {
        if (response.PayerRejections.FirstOrDefault() is { } payerRejection)
            return Error(payerRejection, "the payer could not answer");
        if (response.ProviderRejections.FirstOrDefault() is { } providerRejection)
            return Error(providerRejection, "the payer does not recognise the practice");
        var (patient, policyHolder) = FindPatient(response.Subscribers, trace);
        if (patient is null)
            return EligibilityOutcome.Error("The 271 names no subscriber.");
        if ((policyHolder?.Rejections.FirstOrDefault() ?? patient.Rejections.FirstOrDefault()) is { } rejection)
            return Error(rejection, policyHolder is null ? "the payer rejected the subscriber" : "the payer rejected the subscriber or dependent");

        var inPlanDates = (patient.PlanBeginDate is null || patient.PlanBeginDate <= serviceDate)
            && (patient.PlanEndDate is null || patient.PlanEndDate >= serviceDate);
        var active = patient.IsActive && inPlanDates;
        var reason = !active
            ? patient.PlanEndDate is { } end && end < serviceDate ? $"Coverage ended {end:yyyy-MM-dd}." : "The payer reports the coverage inactive on the date of service."
            : patient.IsInactiveFor(serviceType) ? $"The plan is active, but the payer reports service type {serviceType} not covered." : null;
        return new EligibilityOutcome(active ? "active" : "inactive", reason)
        {
            CostShare = CostShare.For(patient.Benefits, serviceType),
            PlanBegin = patient.PlanBeginDate,
            PlanEnd = patient.PlanEndDate,
        };
    }

    /// <summary>
    /// The person whose TRN*2 echoes our trace (2000C, or 2000D under its subscriber); without a match, the
    /// first dependent, else the first subscriber. A dependent comes with the subscriber above it, whose 2100C
    /// AAA (an unknown member id) answers for both.
    /// </summary>
    static (SubscriberEligibility? Patient, SubscriberEligibility? PolicyHolder) FindPatient(IReadOnlyList<SubscriberEligibility> people, string? trace)
    {
        var index = -1;
        for (var i = 0; i < people.Count && index < 0; i++)
            if (trace is not null && people[i].TraceNumber == trace) index = i;
        if (index < 0)
            for (var i = 0; i < people.Count && index < 0; i++)
                if (people[i].IsDependent) index = i;
        if (index < 0 && people.Count > 0) index = 0;
        if (index < 0) return (null, null);
        if (!people[index].IsDependent) return (people[index], null);
        var holder = index - 1;
        while (holder >= 0 && people[holder].IsDependent) holder--;
        return (people[index], holder >= 0 ? people[holder] : null);
    }

    static EligibilityOutcome Error(RequestRejection rejection, string context) =>
        new("error",
            $"{char.ToUpperInvariant(context[0])}{context[1..]}: AAA {rejection.ReasonCode} {RejectionReasons.Describe(rejection.ReasonCode)}" +
            (rejection.FollowUpActionCode == RequestRejection.CorrectAndResubmit ? " — correct the coverage and check again." : "."))
        {
            RejectionCode = rejection.ReasonCode,
        };
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
