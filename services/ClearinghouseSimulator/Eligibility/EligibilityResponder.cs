using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12;
using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.ClearinghouseSimulator.Eligibility;

/// <summary>
/// Answers a 270 the way a commercial payer does from its member file, with the shapes real 271s have
/// (X279A1 2110C/2110D): plan coverage (EB*1 for 30 and the service types the plan covers), one service
/// type the plan does not cover (EB*6 for 33 chiropractic while the plan is active), and cost share at
/// several levels — family (FAM) and individual (IND), in network (EB12 Y) and out (N), calendar year
/// (EB06 23), year to date (24, met so far) and remaining (29), emergency copays beside office ones —
/// with the figures the front desk needs in no particular position. EB*6 for 30 outside the plan's dates
/// or when inactive; AAA*Y**72*C for a member id the payer does not recognise. A question about a
/// dependent (2000D) is answered at the dependent's level, under the subscriber who holds the policy.
/// </summary>
public static class EligibilityResponder
{
    const string Chiropractic = "33";
    const string Emergency = SubscriberInquiry.EmergencyServices;
    const string Plan = SubscriberInquiry.HealthBenefitPlanCoverage;
    const string Office = SubscriberInquiry.ProfessionalOfficeVisit;
    const string InNetwork = "Y";
    const string OutOfNetwork = "N";
    const decimal EmergencyCopay = 150m;
    const decimal OutOfNetworkCopaySurcharge = 25m;
    const decimal OutOfNetworkCoinsuranceSurcharge = 20m; // percentage points
    const int FamilyMultiple = 2; // a family deductible of twice the individual's, as most plans
    const int OutOfNetworkMultiple = 2;

    public static EligibilityResponse271 Respond(EligibilityInquiry270 inquiry, X12Envelope envelope, DateTime now, Func<string, MemberPlan?> members)
    {
        var people = new List<SubscriberEligibility>();
        foreach (var asked in inquiry.Subscribers)
        {
            var subscriber = new SubscriberEligibility
            {
                Name = asked.Name,
                MemberId = asked.MemberId,
                BirthDate = asked.BirthDate,
                Gender = asked.Gender,
            };
            var patient = asked.Dependent is { } dependent
                ? new SubscriberEligibility { IsDependent = true, Name = dependent.Name, BirthDate = dependent.BirthDate, Gender = dependent.Gender }
                : subscriber;
            patient = patient with { TraceNumber = asked.TraceNumber, TraceOriginatorId = asked.TraceOriginatorId };

            var plan = members(asked.MemberId) ?? MemberPlan.Unknown;
            if (plan.Invalid)
            {
                // 2100C AAA: the member id is the subscriber's, so the rejection is at the subscriber's level.
                var rejected = subscriber with { Rejections = [new RequestRejection(true, RequestRejection.InvalidMemberId, RequestRejection.CorrectAndResubmit)] };
                people.Add(asked.Dependent is null ? rejected with { TraceNumber = asked.TraceNumber, TraceOriginatorId = asked.TraceOriginatorId } : rejected);
                continue;
            }
            var date = asked.ServiceDate ?? DateOnly.FromDateTime(now);
            patient = patient with { PlanBeginDate = plan.EffectiveFrom, PlanEndDate = plan.EffectiveTo, Benefits = Benefits(plan, date, asked.ServiceTypeCodes) };
            if (asked.Dependent is not null)
                people.Add(subscriber);
            people.Add(patient);
        }
        return new EligibilityResponse271
        {
            Envelope = envelope,
            ReferenceId = inquiry.ReferenceId,
            Created = now,
            Payer = inquiry.Payer,
            Provider = inquiry.Provider,
            Subscribers = people.ToValueList(),
        };
    }

    static ValueList<EligibilityBenefit> Benefits(MemberPlan plan, DateOnly date, ValueList<string> asked)
    {
        if (!plan.IsActiveOn(date))
            return [new EligibilityBenefit { Code = BenefitCode.Inactive, CoverageLevel = EligibilityBenefit.Individual, ServiceTypeCodes = [Plan] }];

        var covered = new[] { Plan, "1", Office, Emergency, "88", "AL", "MH", "UC" }.Union(asked.Where(t => t != Chiropractic)).ToValueList();
        var familyDeductible = plan.Deductible * FamilyMultiple;
        var outOfNetworkDeductible = plan.Deductible * OutOfNetworkMultiple;
        return
        [
            new() { Code = BenefitCode.ActiveCoverage, CoverageLevel = EligibilityBenefit.Family, ServiceTypeCodes = covered, InsuranceType = "PR", PlanCoverageDescription = "SIMULATED CHOICE PLUS" },
            new() { Code = BenefitCode.Inactive, ServiceTypeCodes = [Chiropractic], Messages = ["CHIROPRACTIC SERVICES NOT COVERED UNDER THIS PLAN"] },
            Amount(BenefitCode.CoPayment, EligibilityBenefit.Individual, [Emergency], EligibilityBenefit.Visit, EmergencyCopay, InNetwork),
            Amount(BenefitCode.CoPayment, EligibilityBenefit.Individual, [Plan, Office], EligibilityBenefit.Visit, plan.Copay + OutOfNetworkCopaySurcharge, OutOfNetwork),
            Amount(BenefitCode.CoPayment, EligibilityBenefit.Individual, [Plan, Office], EligibilityBenefit.Visit, plan.Copay, InNetwork),
            Amount(BenefitCode.Deductible, EligibilityBenefit.Family, [Plan], EligibilityBenefit.CalendarYear, familyDeductible, InNetwork),
            Amount(BenefitCode.Deductible, EligibilityBenefit.Family, [Plan], EligibilityBenefit.Remaining, Math.Max(0, familyDeductible - plan.DeductibleMet), InNetwork),
            Amount(BenefitCode.Deductible, EligibilityBenefit.Individual, [Plan], EligibilityBenefit.CalendarYear, outOfNetworkDeductible, OutOfNetwork),
            Amount(BenefitCode.Deductible, EligibilityBenefit.Individual, [Plan], EligibilityBenefit.Remaining, Math.Max(0, outOfNetworkDeductible - plan.DeductibleMet), OutOfNetwork),
            Amount(BenefitCode.Deductible, EligibilityBenefit.Individual, [Plan], EligibilityBenefit.YearToDate, plan.DeductibleMet, InNetwork),
            Amount(BenefitCode.Deductible, EligibilityBenefit.Individual, [Plan], EligibilityBenefit.CalendarYear, plan.Deductible, InNetwork),
            Amount(BenefitCode.Deductible, EligibilityBenefit.Individual, [Plan], EligibilityBenefit.Remaining, plan.DeductibleRemaining, InNetwork),
            new() { Code = BenefitCode.CoInsurance, CoverageLevel = EligibilityBenefit.Individual, ServiceTypeCodes = [Plan], Percent = Math.Min(100m, plan.CoinsurancePercent + OutOfNetworkCoinsuranceSurcharge) / 100m, InPlanNetwork = OutOfNetwork },
            new() { Code = BenefitCode.CoInsurance, CoverageLevel = EligibilityBenefit.Individual, ServiceTypeCodes = [Plan], Percent = plan.CoinsurancePercent / 100m, InPlanNetwork = InNetwork },
        ];
    }

    static EligibilityBenefit Amount(BenefitCode code, string level, ValueList<string> serviceTypes, string period, decimal amount, string network) =>
        new() { Code = code, CoverageLevel = level, ServiceTypeCodes = serviceTypes, TimePeriod = period, Amount = amount, InPlanNetwork = network };
}
