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

    public static PayerSettings Default { get; } = new();

    public decimal? FeeFor(string code) => Fees.FirstOrDefault(f => string.Equals(f.Code, code, StringComparison.OrdinalIgnoreCase))?.Allowed;
}

public sealed record FeeSetting(string Code, decimal Allowed);

/// <summary>
/// A configured denial: a line whose procedure is <see cref="ProcedureCode"/> (any when null) with a
/// diagnosis starting with <see cref="DiagnosisPrefix"/> (any when null) is denied with the CARC and RARC,
/// e.g. 50 + N115 for a service the payer's coverage policy deems not medically necessary.
/// </summary>
public sealed record DenialRule(string? ProcedureCode, string? DiagnosisPrefix, string Carc, string? Rarc);

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
