using RevenueCycle.Claims.Building;
using RevenueCycle.Contracts.Identifiers;
using RevenueCycle.Contracts.Registration;

namespace RevenueCycle.Claims.Scrubbing;

/// <summary>What a rule needs besides the claim: today, the payer's rules, and which procedures another live claim already bills.</summary>
public sealed record ScrubContext(
    DateOnly Today, IReadOnlyList<PayerRule> PayerRules, IReadOnlySet<string> ProceduresBilledElsewhere, int Frequency = 1, string Responsibility = "primary")
{
    /// <summary>A line another live claim bills for the patient that day, as <see cref="ProceduresBilledElsewhere"/> holds it: the procedure and its rendering NPI.</summary>
    public static string BilledKey(string procedureCode, string renderingNpi) => $"{procedureCode}|{renderingNpi}";
}

/// <summary>One check a payer would make. <see cref="Id"/> is stable: work queues, reports and tests refer to it.</summary>
public sealed record ScrubRule(string Id, Func<ClaimData, ScrubContext, IEnumerable<ScrubEdit>> Check);

/// <summary>
/// The claim scrubber: every rule runs, and the claim is clean only when none finds an error. Rules are
/// checked in the order a biller fixes things: missing data first, then codes, then dates, then payer policy.
/// </summary>
public static class Scrubber
{
    public static IReadOnlyList<ScrubEdit> Scrub(ClaimData claim, ScrubContext context) =>
        Rules.SelectMany(rule => rule.Check(claim, context)).ToList();

    /// <summary>
    /// Places of service that are a facility rather than the practice's own office, so the claim names it in 2310C:
    /// hospitals (19, 21, 22, 23), surgical and birthing centers, military and nursing facilities, hospice, psychiatric,
    /// rehabilitation, dialysis and residential treatment facilities.
    /// </summary>
    public static readonly IReadOnlySet<string> FacilityPlacesOfService = new HashSet<string>
    {
        "19", "21", "22", "23", "24", "25", "26", "31", "32", "33", "34", "51", "52", "55", "56", "61", "65",
    };

    public static readonly IReadOnlyList<ScrubRule> Rules =
    [
        new("fee-schedule.missing", (c, _) => c.Lines.Where(l => l.Charge is null).Select(l =>
            ScrubEdit.Error("fee-schedule.missing", $"Procedure {l.ProcedureCode} has no fee in the fee schedule; add it to bill this line.", $"lines[{l.LineNumber}].charge"))),

        Required("required.subscriber-id", c => c.Coverage.MemberId, "The subscriber's member id is missing (2010BA NM109).", "coverage.memberId"),
        Required("required.payer-id", c => c.Coverage.Payer.PayerId, "The payer id is missing (2010BB NM109).", "coverage.payer.payerId"),
        Required("required.billing-npi", c => c.Practice?.Npi, "The practice's NPI is missing; complete the practice profile (2010AA NM109).", "practice.npi"),
        Required("required.tax-id", c => c.Practice?.TaxId, "The practice's tax id (EIN) is missing; complete the practice profile (2010AA REF*EI).", "practice.taxId"),
        new("required.zip9", (c, _) => c.Practice?.Address.Zip is { Length: 9 } zip && zip.All(char.IsAsciiDigit)
            ? []
            : [ScrubEdit.Error("required.zip9", "The practice address needs a 9-digit ZIP code (ZIP+4) for the billing provider (2010AA N403).", "practice.address.zip")]),
        new("required.practice-phone", (c, _) => c.Practice is not null && Submission.Claim837Mapping.ContactPhone(c.Practice.Phone) is null
            ? [ScrubEdit.Error("required.practice-phone",
                "The practice has no 10-digit telephone number: payers call the billing office at it (837P 1000A PER). Add it with PUT /api/practice (phone).", "practice.phone")]
            : []),
        // X222A1 2010AA N3: the billing provider's address must be a street address; a P.O. box or lock box is the pay-to address (2010AB).
        new("billing-address.street", (c, _) => c.Practice is { } p && PostOfficeBox.LineOf(p.Address) is { } line
            ? [ScrubEdit.Error("billing-address.street",
                $"The practice address '{(line == "line1" ? p.Address.Line1 : p.Address.Line2)}' is a P.O. box or lockbox; payers refuse one as the billing provider's address (837P 2010AA N3). "
                + "Give the practice's street address and the P.O. box as payToAddress (PUT /api/practice).", $"practice.address.{line}")]
            : []),
        // X222A1 2310C: required when the care was given somewhere other than the billing provider's address.
        new("required.service-facility", (c, _) => c.ServiceFacility is null && FacilityPlacesOfService.Contains(c.PlaceOfService)
            ? [ScrubEdit.Error("required.service-facility",
                $"Place of service {c.PlaceOfService} is a facility, not the practice: name the facility where the care was given (serviceFacility on the encounter; 837P 2310C).", "serviceFacility")]
            : []),
        // X222A1 2000B SBR05: required when the destination payer is Medicare and Medicare is not the primary payer.
        new("required.medicare-secondary-payer-type", (c, ctx) => ctx.Responsibility is not "primary"
            && MedicareSecondaryPayerTypes.IsMedicare(c.Coverage.Payer.ClaimFilingCode) && c.Coverage.MedicareSecondaryPayerType is null
            ? [ScrubEdit.Error("required.medicare-secondary-payer-type",
                $"{c.Coverage.Payer.Name} is Medicare billed as the {ctx.Responsibility} payer: say why Medicare is not primary (837P SBR05: 12 working aged, 13 ESRD, 14 no-fault, "
                + "15 workers' compensation, 16 public health service, 41 black lung, 42 veterans affairs, 43 disability, 47 other liability) with medicareSecondaryPayerType on the coverage.",
                "coverage.medicareSecondaryPayerType")]
            : []),
        new("required.patient-dob", (c, ctx) => c.Patient.DateOfBirth == default || c.Patient.DateOfBirth > ctx.Today
            ? [ScrubEdit.Error("required.patient-dob", "The patient's date of birth is missing or in the future.", "patient.dateOfBirth")]
            : []),
        new("required.patient-sex", (c, _) => c.Patient.Sex is "F" or "M" or "U"
            ? []
            : [ScrubEdit.Error("required.patient-sex", "The patient's sex is missing (F, M or U).", "patient.sex")]),

        new("npi.billing-check-digit", (c, _) => c.Practice?.Npi is { Length: > 0 } npi && Npi.Check(npi) is var p && p != Npi.Problem.None
            ? [ScrubEdit.Error("npi.billing-check-digit", $"The practice's NPI {npi} {Npi.Describe(p)}", "practice.npi")]
            : []),
        new("npi.rendering-check-digit", (c, _) => Npi.Check(c.RenderingProvider.Npi) is var p && p != Npi.Problem.None
            ? [ScrubEdit.Error("npi.rendering-check-digit", $"The rendering provider's NPI {c.RenderingProvider.Npi} {Npi.Describe(p)}", "renderingProvider.npi")]
            : []),

        new("diagnosis.present", (c, _) => c.Diagnoses.Count is > 0 and <= X12.Claims.Claim837.MaxDiagnosesPerClaim
            ? []
            : [ScrubEdit.Error("diagnosis.present", $"A claim needs 1 to {X12.Claims.Claim837.MaxDiagnosesPerClaim} diagnoses (837P HI).", "diagnoses")]),
        new("pointers.valid", (c, _) => c.Lines.Where(l => l.DiagnosisPointers.Count is 0 or > 4 || l.DiagnosisPointers.Any(p => p < 1 || p > c.Diagnoses.Count)).Select(l =>
            ScrubEdit.Error("pointers.valid", $"Line {l.LineNumber} ({l.ProcedureCode}) must point to 1 to 4 of the claim's {c.Diagnoses.Count} diagnoses.", $"lines[{l.LineNumber}].diagnosisPointers"))),

        new("dos.not-future", (c, ctx) => c.DateOfService > ctx.Today
            ? [ScrubEdit.Error("dos.not-future", $"The date of service {c.DateOfService:yyyy-MM-dd} is in the future.", "dateOfService")]
            : []),
        // A secondary's (or tertiary's) filing limit runs from the prior payer's remittance, not the date of service (payers' COB rules,
        // e.g. Medicare as secondary: 12 months, or later within 6 months of the primary's EOB, 42 CFR 424.44(b)); a corrected claim is
        // subject to the filing limit too — it is a claim like any other.
        new("dos.timely-filing", (c, ctx) =>
        {
            var days = c.Coverage.Payer.TimelyFilingDays;
            var afterPrior = ctx.Responsibility != "primary" && c.PriorPayer is not null;
            var from = afterPrior ? c.PriorPayer!.PaymentDate : c.DateOfService;
            return days > 0 && from.AddDays(days) < ctx.Today
                ? [ScrubEdit.Error("dos.timely-filing", afterPrior
                    ? $"{c.Coverage.Payer.Name} accepts claims up to {days} days after the prior payer's remittance ({from:yyyy-MM-dd}); this one is past it."
                    : $"{c.Coverage.Payer.Name} accepts claims up to {days} days after the date of service; this one is past it.", "dateOfService")]
                : [];
        }),
        new("coverage.active", (c, _) => c.CoverageActive && c.Coverage.EffectiveFrom <= c.DateOfService && (c.Coverage.EffectiveTo is null || c.Coverage.EffectiveTo >= c.DateOfService)
            ? []
            : [ScrubEdit.Error("coverage.active", $"The patient's {c.Coverage.Payer.Name} coverage is not active on {c.DateOfService:yyyy-MM-dd}; verify eligibility or bill another coverage.", "coverage")]),

        // SBR01 says which payer in the order of benefits this claim goes to; registration decides that order.
        // (A replacement or void goes to the payer of the claim it names, whatever the order says now.)
        new("coverage.priority", (c, ctx) => ctx.Frequency == 1 && !string.Equals(c.Coverage.Priority, ctx.Responsibility, StringComparison.Ordinal)
            ? [ScrubEdit.Error("coverage.priority",
                $"The claim bills {c.Coverage.Payer.Name} as the {ctx.Responsibility} payer, but registration lists that coverage as {c.Coverage.Priority}; register the patient's {ctx.Responsibility} coverage for {c.DateOfService:yyyy-MM-dd}.",
                "coverage.priority")]
            : []),

        // A $0.00 line is valid (99024, Category II quality codes); only a negative charge is refused (the id stays stable).
        new("charge.positive", (c, _) => c.Lines.Where(l => l.Charge is < 0m).Select(l =>
            ScrubEdit.Error("charge.positive", $"Line {l.LineNumber} ({l.ProcedureCode}) has a negative charge.", $"lines[{l.LineNumber}].charge"))
            .Concat(c.Lines.Count == 0 ? [ScrubEdit.Error("charge.positive", "The claim has no service lines.", "lines")] : [])),
        new("units.positive", (c, _) => c.Lines.Where(l => l.Units <= 0).Select(l =>
            ScrubEdit.Error("units.positive", $"Line {l.LineNumber} ({l.ProcedureCode}) must bill at least one unit.", $"lines[{l.LineNumber}].units"))),

        // The same procedure by the same rendering provider for the patient that day is a duplicate (CARC 18), unless the line says it
        // was repeated: 76 repeat procedure by the same physician, 77 by another physician, 91 repeat clinical diagnostic lab test (CPT,
        // NCCI policy manual ch. I). Another provider's service that day is not a duplicate of this one.
        new("duplicate", (c, ctx) => ctx.Frequency == 1
            ? c.Lines.Where(l => !l.Modifiers.Any(m => m is "76" or "77" or "91")
                    && ctx.ProceduresBilledElsewhere.Contains(ScrubContext.BilledKey(l.ProcedureCode, c.RenderingProvider.Npi))).Select(l =>
                ScrubEdit.Error("duplicate", $"{l.ProcedureCode} on {c.DateOfService:yyyy-MM-dd} is already billed for this patient on another claim; void or correct that one instead.", $"lines[{l.LineNumber}].procedureCode"))
            : []),

        new("payer.prior-authorization", (c, ctx) => string.IsNullOrWhiteSpace(c.PriorAuthorizationNumber)
            ? c.Lines.Where(l => ctx.PayerRules.Any(r => r.Kind == PayerRule.PriorAuthorization && r.ProcedureCode == l.ProcedureCode)).Select(l =>
                ScrubEdit.Error("payer.prior-authorization", $"{c.Coverage.Payer.Name} requires a prior authorization number for {l.ProcedureCode}.", "priorAuthorizationNumber"))
            : []),
        new("payer.required-modifier", (c, ctx) => c.Lines.SelectMany(l => ctx.PayerRules
            .Where(r => r.Kind == PayerRule.RequiredModifier && r.ProcedureCode == l.ProcedureCode && r.Modifier is not null && !l.Modifiers.Contains(r.Modifier))
            .Select(r => ScrubEdit.Error("payer.required-modifier", $"{c.Coverage.Payer.Name} requires modifier {r.Modifier} on {l.ProcedureCode}.", $"lines[{l.LineNumber}].modifiers")))),
        new("payer.unit-limit", (c, ctx) => c.Lines.SelectMany(l => ctx.PayerRules
            .Where(r => r.Kind == PayerRule.UnitLimit && r.ProcedureCode == l.ProcedureCode && r.MaxUnits is { } max && l.Units > max)
            .Select(r => ScrubEdit.Error("payer.unit-limit", $"{c.Coverage.Payer.Name} pays at most {r.MaxUnits:0.###} units of {l.ProcedureCode} per line; this line bills {l.Units:0.###}.", $"lines[{l.LineNumber}].units")))),
    ];

    static ScrubRule Required(string id, Func<ClaimData, string?> value, string message, string target) =>
        new(id, (c, _) => string.IsNullOrWhiteSpace(value(c)) ? [ScrubEdit.Error(id, message, target)] : []);
}
