using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12;
using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.ClearinghouseSimulator.Eligibility;

/// <summary>
/// Answers a 270 the way a payer does from its member file: EB*1 with copay (B), deductible (C, calendar
/// year and remaining) and coinsurance (A) for an active member; EB*6 outside the plan's dates or when
/// inactive; AAA*Y**72*C for a member id the payer does not recognise.
/// </summary>
public static class EligibilityResponder
{
    const string IndividualCoverage = "IND";

    public static EligibilityResponse271 Respond(EligibilityInquiry270 inquiry, X12Envelope envelope, DateTime now, Func<string, MemberPlan?> members)
    {
        var people = new List<SubscriberEligibility>();
        foreach (var subscriber in inquiry.Subscribers)
        {
            var person = new SubscriberEligibility
            {
                TraceNumber = subscriber.TraceNumber,
                TraceOriginatorId = subscriber.TraceOriginatorId,
                Name = subscriber.Name,
                MemberId = subscriber.MemberId,
                BirthDate = subscriber.BirthDate,
                Gender = subscriber.Gender,
            };
            var plan = members(subscriber.MemberId) ?? MemberPlan.Unknown;
            if (plan.Invalid)
            {
                people.Add(person with { Rejections = [new RequestRejection(true, RequestRejection.InvalidMemberId, RequestRejection.CorrectAndResubmit)] });
                continue;
            }
            var date = subscriber.ServiceDate ?? DateOnly.FromDateTime(now);
            var serviceTypes = subscriber.ServiceTypeCodes.Count > 0 ? subscriber.ServiceTypeCodes : [SubscriberInquiry.HealthBenefitPlanCoverage];
            person = person with { PlanBeginDate = plan.EffectiveFrom, PlanEndDate = plan.EffectiveTo };
            if (!plan.IsActiveOn(date))
            {
                people.Add(person with { Benefits = [new EligibilityBenefit { Code = BenefitCode.Inactive, CoverageLevel = IndividualCoverage, ServiceTypeCodes = serviceTypes }] });
                continue;
            }
            people.Add(person with
            {
                Benefits =
                [
                    new EligibilityBenefit { Code = BenefitCode.ActiveCoverage, CoverageLevel = IndividualCoverage, ServiceTypeCodes = serviceTypes },
                    new EligibilityBenefit { Code = BenefitCode.CoPayment, CoverageLevel = IndividualCoverage, ServiceTypeCodes = serviceTypes, TimePeriod = "27", Amount = plan.Copay, InPlanNetwork = "Y" },
                    new EligibilityBenefit { Code = BenefitCode.Deductible, CoverageLevel = IndividualCoverage, ServiceTypeCodes = serviceTypes, TimePeriod = EligibilityBenefit.CalendarYear, Amount = plan.Deductible, InPlanNetwork = "Y" },
                    new EligibilityBenefit { Code = BenefitCode.Deductible, CoverageLevel = IndividualCoverage, ServiceTypeCodes = serviceTypes, TimePeriod = EligibilityBenefit.Remaining, Amount = plan.DeductibleRemaining, InPlanNetwork = "Y" },
                    new EligibilityBenefit { Code = BenefitCode.CoInsurance, CoverageLevel = IndividualCoverage, ServiceTypeCodes = serviceTypes, Percent = plan.CoinsurancePercent / 100m, InPlanNetwork = "Y" },
                ],
            });
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
}
