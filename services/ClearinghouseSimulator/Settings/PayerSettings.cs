using RevenueCycle.X12.Claims;

namespace RevenueCycle.ClearinghouseSimulator.Settings;

/// <summary>How one simulated payer adjudicates: <c>PUT /simulator/payers/{payerId}</c>.</summary>
public sealed record PayerSettings
{
    public const decimal DefaultAllowedPercent = 80m;

    /// <summary>The share of the charge the payer allows when the code is not in its fee table.</summary>
    public decimal AllowedPercent { get; init; } = DefaultAllowedPercent;

    /// <summary>The allowed amount per unit of a procedure code; beats <see cref="AllowedPercent"/>.</summary>
    public IReadOnlyList<FeeSetting> Fees { get; init; } = [];

    public IReadOnlyList<DenialRule> Denials { get; init; } = [];

    /// <summary>Seconds between adjudication and the 835 in the mailbox.</summary>
    public int EraDelaySeconds { get; init; }

    /// <summary>Codes the payer pays only with a prior authorization (837 2300 REF*G1); otherwise CO-197.</summary>
    public IReadOnlyList<string> RequirePriorAuthorizationFor { get; init; } = [];

    /// <summary>Days from the date of service within which the claim must arrive; otherwise CO-29. Null: no limit.</summary>
    public int? TimelyFilingDays { get; init; }

    /// <summary>
    /// The clearinghouse's front-end edit refuses the payer id: every 837 transaction set naming this payer in 2010BB
    /// (NM1*PR ... PI) is rejected in the 999 (IK5 R; IK3 NM1 at its position, loop 2010BB; IK4 element 9, code 7, the
    /// payer id) and none of its claims is acknowledged in a 277CA or adjudicated.
    /// </summary>
    public bool RejectIn999 { get; init; }

    /// <summary>
    /// The clearinghouse delivers every 835 of this payer twice, the second copy in a new envelope (new ISA13/GS06) with the
    /// same BPR, TRN and claims, as clearinghouses do when they re-send a mailbox: the payee must know it by its TRN02.
    /// </summary>
    public bool RedeliverEras { get; init; }

    /// <summary>The payer pays every paid claim a second time, in a later, separate check (its own TRN02).</summary>
    public bool PayTwice { get; init; }

    /// <summary>The payer pays a second time the paid claims that bill one of these codes (with or without <see cref="PayTwice"/>).</summary>
    public IReadOnlyList<string> PayTwiceProcedureCodes { get; init; } = [];

    /// <summary>
    /// The payer processes the claim as primary and forwards it to this payer (CLP02 19 with NM1*TT), which then sends its own
    /// 835 for the same claim as secondary: the provider never bills it.
    /// </summary>
    public CrossoverPayer? CrossoverTo { get; init; }

    /// <summary>The payer later reverses what it paid on a claim and pays a corrected, lower amount, in a later check.</summary>
    public RecoupmentSetting? Recoupment { get; init; }

    /// <summary>
    /// How a check whose claims net below zero is balanced: <c>WO</c> (the default) delays the recovery of each claim's
    /// overpayment (X221A1 1.10.2.17, option 3), <c>FB</c> forwards the balance (1.10.2.12); either is taken back, as a positive
    /// PLB of the same code and reference, from the next check that has the money.
    /// </summary>
    public string OverpaymentRecovery { get; init; } = ProviderAdjustmentCodes.OverpaymentRecovery;

    /// <summary>Interest on each paid claim, as a share of its payment (AMT*I on the claim, PLB L6 on the check).</summary>
    public decimal? InterestPercent { get; init; }

    /// <summary>Interest on each paid claim, a fixed amount (beats <see cref="InterestPercent"/>).</summary>
    public decimal? InterestAmount { get; init; }

    /// <summary>The payer sends no SVC loops: each claim's adjustments are summed into claim-level CAS.</summary>
    public bool ClaimLevelOnly { get; init; }

    /// <summary>Codes the payer pays under a capitation agreement: CO-24 for the charge (less the copay), paid 0.</summary>
    public IReadOnlyList<string> CapitatedCodes { get; init; } = [];

    /// <summary>Remark codes (RARC) every claim of this payer carries in a claim-level MOA, e.g. MA130.</summary>
    public IReadOnlyList<string> ClaimRemarks { get; init; } = [];

    /// <summary>Remark codes (RARC) a denied claim (CLP02 4) carries in its MOA besides <see cref="ClaimRemarks"/>, e.g. MA01.</summary>
    public IReadOnlyList<string> DeniedClaimRemarks { get; init; } = [];

    /// <summary>
    /// Two 277CAs per claim, as real flows send them (X214 1.4): the clearinghouse's (2100A NM1*AY) with STC A1:19 (received,
    /// REF*D9 its trace), then the payer's (NM1*PR) with A2 and REF*1K, or its rejection. Both are written when the file is
    /// processed, as separate mailbox files, the clearinghouse's first. Off: one 277CA, A2 or a rejection.
    /// </summary>
    public bool TwoStageAcknowledgments { get; init; }

    /// <summary>The payer's own front-end rejections (277CA A3/A6/A7/A8) of claims billing a code and/or a diagnosis.</summary>
    public IReadOnlyList<PayerRejectRule> PayerRejects { get; init; } = [];

    /// <summary>
    /// IK501 of the 999 for every transaction set naming this payer in 2010BB: A (default), E (accepted, errors noted with IK3/IK4),
    /// or the rejections M (MAC failed), W (assurance failed validity tests), X (content after decryption could not be analysed).
    /// </summary>
    public string Acknowledgment999 { get; init; } = Acknowledgment999Codes.Accepted;

    /// <summary>Rejects (A6) a claim whose CLM05-1 is a hospital or surgical-center place of service and that has no 2310C.</summary>
    public bool Require2310CForFacilityPos { get; init; }

    /// <summary>Rejects (A6) a claim to Medicare as secondary (SBR01 S or T, SBR09 MA/MB) without SBR05.</summary>
    public bool RequireSbr05OnMedicareSecondary { get; init; }

    /// <summary>Rejects (A6) a claim with a prior payer's adjudication (2320) without that payer's AMT*EAF.</summary>
    public bool RequireAmtEafAfterPriorPayer { get; init; }

    /// <summary>
    /// The payer loses every claim sent to it: the clearinghouse takes the file (999 A) and says so in its 277CA (A1:19,
    /// NM1*AY), but the payer never acknowledges, adjudicates or pays the claim, and answers a 276 about it with A4:35 (not found).
    /// </summary>
    public bool LoseClaims { get; init; }

    /// <summary>
    /// The payer adjudicates and pays (the check is issued, with its number and date) but its 835s never reach the mailbox:
    /// a 276 answers F1:65 with the amount, check number and date, and no ERA ever comes.
    /// </summary>
    public bool WithholdEras { get; init; }

    public static PayerSettings Default { get; } = new();

    public bool PaysTwice(IEnumerable<string> procedureCodes) =>
        PayTwice || procedureCodes.Any(code => PayTwiceProcedureCodes.Contains(code, StringComparer.OrdinalIgnoreCase));

    public bool IsCapitated(string code) => CapitatedCodes.Contains(code, StringComparer.OrdinalIgnoreCase);

    /// <summary>The interest the payer adds to a claim it pays this much on.</summary>
    public decimal InterestOn(decimal paid) =>
        paid <= 0 ? 0 : InterestAmount ?? (InterestPercent is { } percent ? Math.Round(paid * percent / 100m, 2, MidpointRounding.AwayFromZero) : 0);

    public decimal? FeeFor(string code) => Fees.FirstOrDefault(f => string.Equals(f.Code, code, StringComparison.OrdinalIgnoreCase))?.Allowed;
}

public sealed record FeeSetting(string Code, decimal Allowed);

/// <summary>The payer a crossover claim is forwarded to (NM1*TT*2*<see cref="Name"/>*****PI*<see cref="PayerId"/>).</summary>
public sealed record CrossoverPayer(string PayerId, string Name);

/// <summary>
/// A later re-adjudication: the claim's payment is reversed (CLP02 22) and the claim paid again at <see cref="PaidPercent"/> of
/// what was paid (the difference a further CO-45), in a later check; only claims billing one of <see cref="ProcedureCodes"/>
/// when any are given.
/// </summary>
public sealed record RecoupmentSetting(decimal PaidPercent, IReadOnlyList<string> ProcedureCodes)
{
    public bool Applies(IEnumerable<string> codes) =>
        ProcedureCodes.Count == 0 || codes.Any(code => ProcedureCodes.Contains(code, StringComparer.OrdinalIgnoreCase));
}

/// <summary>PLB03-1 adjustment reason codes the simulated payers use (X221A1 PLB03-1).</summary>
public static class ProviderAdjustmentCodes
{
    /// <summary>WO: the recovery of a previous overpayment; PLB03-2 the payer claim number (1.10.2.17).</summary>
    public const string OverpaymentRecovery = "WO";

    /// <summary>FB: a balance moving forward (negative) or applied from a previous payment advice (positive); 1.10.2.12.</summary>
    public const string ForwardingBalance = "FB";

    /// <summary>L6: interest owed on the claims of this 835, supported by their AMT*I (1.10.2.9).</summary>
    public const string InterestOwed = "L6";
}

/// <summary>
/// A configured denial: a line whose procedure is <see cref="ProcedureCode"/> (any when null) with a
/// diagnosis starting with <see cref="DiagnosisPrefix"/> (any when null) is denied with the CARC and RARC,
/// e.g. 50 + N115 for a service the payer's coverage policy deems not medically necessary.
/// </summary>
public sealed record DenialRule(string? ProcedureCode, string? DiagnosisPrefix, string Carc, string? Rarc);

/// <summary>
/// A payer's own front-end rejection, after the clearinghouse's receipt: a claim with a line whose procedure is
/// <see cref="ProcedureCode"/> (any when null) pointing to a diagnosis starting with <see cref="DiagnosisPrefix"/> (any when
/// null) is answered <c>STC*Category:StatusCode:EntityCode</c> with <see cref="Message"/> in STC12, and never adjudicated.
/// </summary>
public sealed record PayerRejectRule(string? ProcedureCode, string? DiagnosisPrefix, string Category, string StatusCode, string? EntityCode, string Message)
{
    public bool Matches(Claim837 claim) => claim.Lines.Any(line =>
        (ProcedureCode is null || string.Equals(ProcedureCode, line.Procedure.Code, StringComparison.OrdinalIgnoreCase))
        && (DiagnosisPrefix is null || line.DiagnosisPointers
            .Where(p => p >= 1 && p <= claim.Diagnoses.Count)
            .Any(p => claim.Diagnoses[p - 1].StartsWith(DiagnosisPrefix, StringComparison.OrdinalIgnoreCase))));
}

/// <summary>The IK501 codes <see cref="PayerSettings.Acknowledgment999"/> takes (X231A1; R is <see cref="PayerSettings.RejectIn999"/>'s).</summary>
public static class Acknowledgment999Codes
{
    public const string Accepted = "A";
    public const string AcceptedWithErrors = "E";
    public const string MacFailed = "M";
    public const string AssuranceFailed = "W";
    public const string ContentNotAnalysed = "X";

    public static readonly string[] All = [Accepted, AcceptedWithErrors, MacFailed, AssuranceFailed, ContentNotAnalysed];
}

/// <summary>A member's plan: <c>PUT /simulator/payers/{payerId}/members/{memberId}</c>.</summary>
public sealed record MemberPlan
{
    public bool Active { get; init; } = true;

    /// <summary>The member id is not one the payer knows: 270 → AAA 72, claim → 277CA rejection.</summary>
    public bool Invalid { get; init; }

    public DateOnly? EffectiveFrom { get; init; }
    public DateOnly? EffectiveTo { get; init; }

    /// <summary>Per visit (per claim).</summary>
    public decimal Copay { get; init; }

    /// <summary>Per calendar year.</summary>
    public decimal Deductible { get; init; }

    public decimal DeductibleMet { get; init; }
    public decimal CoinsurancePercent { get; init; } = DefaultCoinsurancePercent;

    public const decimal DefaultCoinsurancePercent = 20m;

    /// <summary>An unknown member: active, no copay, no deductible, 20% coinsurance (API.md).</summary>
    public static MemberPlan Unknown { get; } = new();

    public decimal DeductibleRemaining => Math.Max(0, Deductible - DeductibleMet);

    public bool IsActiveOn(DateOnly date) =>
        Active && (EffectiveFrom is not { } from || date >= from) && (EffectiveTo is not { } to || date <= to);
}
