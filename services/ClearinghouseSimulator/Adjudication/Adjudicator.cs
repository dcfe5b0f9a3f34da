using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12;
using RevenueCycle.X12.Claims;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.ClearinghouseSimulator.Adjudication;

/// <summary>What adjudication needs besides the claim, the payer and the plan.</summary>
/// <param name="IsDuplicate">Whether the payer already adjudicated this procedure for the member on this date (CARC 18).</param>
public sealed record AdjudicationContext(DateOnly ReceivedOn, string PayerClaimNumber, Func<DateOnly, string, bool> IsDuplicate);

/// <summary>
/// The simulated payer's rules, pure and deterministic: eligibility, timely filing, duplicates, prior
/// authorization and configured denials first; then the allowed amount (fee table or a share of the
/// charge) less copay, deductible and coinsurance, line by line, in claim order. A secondary (or
/// tertiary) claim pays the patient's share the earlier payer left (2320/2430), under this member's
/// deductible and coinsurance.
/// </summary>
public static class Adjudicator
{
    public static AdjudicatedClaim Adjudicate(Claim837 claim, PayerSettings payer, MemberPlan plan, AdjudicationContext context)
    {
        var serviceDate = claim.Lines.Count > 0 ? claim.Lines.Min(l => l.ServiceDate) : context.ReceivedOn;
        var claimDenial = ClaimDenial(claim, payer, plan, serviceDate, context.ReceivedOn);
        var secondary = claim.Subscriber.Responsibility is PayerResponsibility.Secondary or PayerResponsibility.Tertiary;
        var priorShares = secondary ? PriorPatientShares(claim) : null;

        var copayLeft = secondary ? 0m : plan.Copay;
        var deductibleLeft = plan.DeductibleRemaining;
        var lines = new List<AdjudicatedLine>(claim.Lines.Count);
        for (var i = 0; i < claim.Lines.Count; i++)
        {
            var line = claim.Lines[i];
            var basis = new AdjudicatedLine
            {
                ProcedureCode = line.Procedure.Code,
                Modifiers = [.. line.Procedure.Modifiers],
                Charge = line.ChargeAmount,
                Paid = 0,
                Units = line.Units,
                ServiceDate = line.ServiceDate,
                LineItemControlNumber = line.LineItemControlNumber,
            };
            var denial = claimDenial ?? LineDenial(claim, line, payer, context);
            if (denial is { } d)
            {
                lines.Add(basis with
                {
                    Adjustments = [new LineAdjustment(d.Group, d.Carc, line.ChargeAmount)],
                    Remarks = d.Rarc is null ? [] : [d.Rarc],
                });
                continue;
            }

            if (!secondary && payer.IsCapitated(line.Procedure.Code))
            {
                // Paid under the capitation agreement: nothing per service, CO-24 for the charge; the visit's copay is still the patient's.
                var capitatedCopay = Math.Min(copayLeft, line.ChargeAmount);
                copayLeft -= capitatedCopay;
                var capitated = new List<LineAdjustment>();
                Add(capitated, "CO", Carcs.Capitation, line.ChargeAmount - capitatedCopay);
                Add(capitated, "PR", Carcs.Copay, capitatedCopay);
                lines.Add(basis with { Adjustments = capitated });
                continue;
            }

            var allowed = Allowed(line, payer);
            var adjustments = new List<LineAdjustment>();
            decimal patientShare;
            if (priorShares is not null)
            {
                // COB: what the earlier payer paid and wrote off is not ours to pay (CARC 23); we pay the patient's share it left.
                patientShare = Math.Min(priorShares[i], line.ChargeAmount);
                Add(adjustments, "CO", Carcs.PriorPayerAdjudication, line.ChargeAmount - patientShare);
            }
            else
            {
                patientShare = allowed;
                Add(adjustments, "CO", Carcs.ContractualReduction, line.ChargeAmount - allowed);
            }

            var copay = Math.Min(copayLeft, patientShare);
            copayLeft -= copay;
            var deductible = Math.Min(deductibleLeft, patientShare - copay);
            deductibleLeft -= deductible;
            var coinsurance = Money((patientShare - copay - deductible) * plan.CoinsurancePercent / 100m);
            Add(adjustments, "PR", Carcs.Deductible, deductible);
            Add(adjustments, "PR", Carcs.Coinsurance, coinsurance);
            Add(adjustments, "PR", Carcs.Copay, copay);
            lines.Add(basis with
            {
                Paid = patientShare - copay - deductible - coinsurance,
                Allowed = priorShares is null ? allowed : null,
                Adjustments = adjustments,
            });
        }

        var allDenied = lines.Count > 0 && lines.All(l => l.IsDenied);
        // CLP02 19: processed as primary and forwarded; the provider need not bill the next payer (X12 RFI 2365).
        var forwarded = !allDenied && !secondary && payer.CrossoverTo is not null;
        var paid = lines.Sum(l => l.Paid);
        return new AdjudicatedClaim
        {
            PatientControlNumber = claim.PatientControlNumber,
            Status = allDenied ? ClaimStatusCode.Denied : claim.Subscriber.Responsibility switch
            {
                PayerResponsibility.Secondary => ClaimStatusCode.ProcessedAsSecondary,
                PayerResponsibility.Tertiary => ClaimStatusCode.ProcessedAsTertiary,
                _ when forwarded => ClaimStatusCode.ProcessedAsPrimaryForwarded,
                _ => ClaimStatusCode.ProcessedAsPrimary,
            },
            CrossoverCarrier = forwarded ? new ClaimParty(payer.CrossoverTo!.Name, null, EntityName.PayerIdQualifier, payer.CrossoverTo.PayerId) : null,
            ClaimRemarks = ClaimRemarks(payer, allDenied),
            Interest = payer.InterestOn(paid),
            ClaimLevelOnly = payer.ClaimLevelOnly,
            PayerClaimNumber = context.PayerClaimNumber,
            ClaimFilingCode = claim.Subscriber.ClaimFilingCode,
            PlaceOfService = claim.PlaceOfService,
            Frequency = (int)claim.Frequency,
            Patient = claim.Patient is { } patient
                ? new ClaimParty(patient.Name.LastName, patient.Name.FirstName, null, null)
                : new ClaimParty(claim.Subscriber.Name.LastName, claim.Subscriber.Name.FirstName, EntityName.MemberIdQualifier, claim.Subscriber.MemberId),
            Insured = claim.Patient is null ? null
                : new ClaimParty(claim.Subscriber.Name.LastName, claim.Subscriber.Name.FirstName, EntityName.MemberIdQualifier, claim.Subscriber.MemberId),
            Payee = new ClaimParty(claim.BillingProvider.OrganizationName, null, EntityName.NpiQualifier, claim.BillingProvider.Npi),
            PayerName = claim.Payer.Name,
            ReceivedOn = context.ReceivedOn,
            Lines = lines,
            DeductibleApplied = plan.DeductibleRemaining - deductibleLeft,
        };
    }

    /// <summary>
    /// The crossover payer's own adjudication of a claim the primary forwarded (CLP02 19): as secondary (CLP02 2), it considers
    /// each line's patient share the primary left (its PR adjustments); the primary's payment and write-offs are the prior
    /// payer's impact, OA-23 (CARC 23 under OA, the group X221A1 keeps for such situations, CAS01 note); this member's
    /// deductible and coinsurance apply to the share, no copay. <paramref name="primary"/> is the primary's adjudication.
    /// </summary>
    public static AdjudicatedClaim Crossover(AdjudicatedClaim primary, CrossoverPayer crossover, PayerSettings payer, MemberPlan plan, AdjudicationContext context)
    {
        var deductibleLeft = plan.DeductibleRemaining;
        var lines = new List<AdjudicatedLine>(primary.Lines.Count);
        foreach (var line in primary.Lines)
        {
            var share = Math.Min(line.Charge, line.Adjustments.Where(a => a.Group == "PR").Sum(a => a.Amount));
            var adjustments = new List<LineAdjustment>();
            Add(adjustments, "OA", Carcs.PriorPayerAdjudication, line.Charge - share);
            var deductible = Math.Min(deductibleLeft, share);
            deductibleLeft -= deductible;
            var coinsurance = Money((share - deductible) * plan.CoinsurancePercent / 100m);
            Add(adjustments, "PR", Carcs.Deductible, deductible);
            Add(adjustments, "PR", Carcs.Coinsurance, coinsurance);
            lines.Add(line with { Paid = share - deductible - coinsurance, Allowed = null, Adjustments = adjustments, Remarks = [] });
        }
        var paid = lines.Sum(l => l.Paid);
        return primary with
        {
            Status = ClaimStatusCode.ProcessedAsSecondary,
            PayerClaimNumber = context.PayerClaimNumber,
            PayerName = crossover.Name,
            CrossoverCarrier = null,
            ReceivedOn = context.ReceivedOn,
            Lines = lines,
            DeductibleApplied = plan.DeductibleRemaining - deductibleLeft,
            ClaimRemarks = ClaimRemarks(payer, denied: false),
            Interest = payer.InterestOn(paid),
            ClaimLevelOnly = payer.ClaimLevelOnly,
        };
    }

    // MOA03..MOA07 hold five remark codes.
    static List<string> ClaimRemarks(PayerSettings payer, bool denied) =>
        payer.ClaimRemarks.Concat(denied ? payer.DeniedClaimRemarks : []).Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(OutpatientAdjudication.MaxRemarkCodes).ToList();

    /// <summary>The allowed amount of a line: the fee table's amount per unit, or the payer's share of the charge; never more than the charge.</summary>
    public static decimal Allowed(ServiceLine837 line, PayerSettings payer) =>
        Math.Min(line.ChargeAmount, payer.FeeFor(line.Procedure.Code) is { } fee
            ? Money(fee * line.Units)
            : Money(line.ChargeAmount * payer.AllowedPercent / 100m));

    public static decimal Money(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    readonly record struct Denial(string Group, string Carc, string? Rarc);

    static Denial? ClaimDenial(Claim837 claim, PayerSettings payer, MemberPlan plan, DateOnly serviceDate, DateOnly receivedOn)
    {
        // The patient had no coverage that day: the patient owes the charge (PR-27).
        if (!plan.IsActiveOn(serviceDate))
            return new Denial("PR", Carcs.CoverageTerminated, null);
        if (payer.TimelyFilingDays is { } days && receivedOn.DayNumber - serviceDate.DayNumber > days)
            return new Denial("CO", Carcs.TimelyFilingExpired, null);
        return null;
    }

    static Denial? LineDenial(Claim837 claim, ServiceLine837 line, PayerSettings payer, AdjudicationContext context)
    {
        if (context.IsDuplicate(line.ServiceDate, line.Procedure.Code))
            return new Denial("CO", Carcs.Duplicate, null);
        if (string.IsNullOrEmpty(claim.PriorAuthorization)
            && payer.RequirePriorAuthorizationFor.Contains(line.Procedure.Code, StringComparer.OrdinalIgnoreCase))
            return new Denial("CO", Carcs.AuthorizationAbsent, Rarcs.AuthorizationMissing);
        var diagnoses = line.DiagnosisPointers
            .Where(p => p >= 1 && p <= claim.Diagnoses.Count)
            .Select(p => claim.Diagnoses[p - 1])
            .ToList();
        foreach (var rule in payer.Denials)
        {
            var procedureMatches = rule.ProcedureCode is null || string.Equals(rule.ProcedureCode, line.Procedure.Code, StringComparison.OrdinalIgnoreCase);
            var prefix = rule.DiagnosisPrefix?.Replace(".", "", StringComparison.Ordinal);
            var diagnosisMatches = string.IsNullOrEmpty(prefix) || diagnoses.Any(d => d.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
            if (procedureMatches && diagnosisMatches)
                return new Denial("CO", rule.Carc, rule.Rarc);
        }
        return null;
    }

    /// <summary>
    /// The patient's share each line still carries after the earlier payer (loop 2320/2330B): its PR
    /// adjustments on the line (2430 CAS) where it adjudicated lines, and its claim-level PR (2320 CAS)
    /// spread over the lines in order. With no PR at all, the share is what the earlier payer neither paid
    /// (AMT*D) nor wrote off.
    /// </summary>
    public static decimal[] PriorPatientShares(Claim837 claim)
    {
        var shares = new decimal[claim.Lines.Count];
        // The earlier payer is the one that adjudicated (AMT*D or CAS in its 2320); others listed are only known to be involved.
        var prior = claim.OtherPayers.FirstOrDefault(o => o.PaidAmount is not null || o.Adjustments.Count > 0
            || claim.Lines.Any(l => l.Adjudications.Any(a => a.PayerId == o.PayerId)));
        if (prior is null)
        {
            // A secondary claim without the primary's adjudication: the whole charge is the patient's share.
            for (var i = 0; i < shares.Length; i++) shares[i] = claim.Lines[i].ChargeAmount;
            return shares;
        }
        var capacity = new decimal[claim.Lines.Count];
        var lineLevelPr = false;
        var lineNonPr = 0m;
        var linePaid = 0m;
        for (var i = 0; i < claim.Lines.Count; i++)
        {
            var line = claim.Lines[i];
            var adjudication = line.Adjudications.FirstOrDefault(a => a.PayerId == prior.PayerId) ?? line.Adjudications.FirstOrDefault();
            if (adjudication is null)
            {
                capacity[i] = line.ChargeAmount;
                continue;
            }
            var pr = adjudication.Adjustments.Where(a => a.Group == AdjustmentGroup.PatientResponsibility).Sum(a => a.Amount);
            lineLevelPr |= pr != 0;
            lineNonPr += adjudication.Adjustments.Where(a => a.Group != AdjustmentGroup.PatientResponsibility).Sum(a => a.Amount);
            linePaid += adjudication.PaidAmount;
            shares[i] = pr;
            capacity[i] = Math.Max(0, line.ChargeAmount - adjudication.PaidAmount - adjudication.Adjustments.Sum(a => a.Amount));
        }
        var claimPr = prior.Adjustments.Where(a => a.Group == AdjustmentGroup.PatientResponsibility).Sum(a => a.Amount);
        if (claimPr == 0 && !lineLevelPr)
        {
            var claimNonPr = prior.Adjustments.Where(a => a.Group != AdjustmentGroup.PatientResponsibility).Sum(a => a.Amount);
            var paid = prior.PaidAmount ?? linePaid;
            claimPr = Math.Max(0, claim.TotalCharge - paid - claimNonPr - lineNonPr);
        }
        for (var i = 0; i < shares.Length && claimPr > 0; i++)
        {
            var take = Math.Min(claimPr, capacity[i]);
            shares[i] += take;
            claimPr -= take;
        }
        return shares;
    }

    static void Add(List<LineAdjustment> adjustments, string group, string carc, decimal amount)
    {
        if (amount != 0) adjustments.Add(new LineAdjustment(group, carc, amount));
    }
}
