using RevenueCycle.Contracts.Payments;

namespace RevenueCycle.Claims.PayerContracts;

/// <summary>
/// One line of a payer's contract: a contracted allowed amount per unit for a code (and modifiers), or — with no code — a
/// percent of a reference schedule for every code that schedule lists. A null <see cref="EffectiveFrom"/> is from any date.
/// </summary>
public sealed record ContractLine(
    Guid Id, string? Code, IReadOnlyList<string> Modifiers, decimal? Allowed, string? ReferenceSchedule, decimal? Percent,
    DateOnly? EffectiveFrom, DateOnly? EffectiveTo)
{
    public bool EffectiveOn(DateOnly date) => (EffectiveFrom is null || EffectiveFrom <= date) && (EffectiveTo is null || date <= EffectiveTo);
}

/// <summary>An amount of a reference schedule (e.g. the Medicare physician fee schedule); <see cref="Modifier"/> "" is the code without one.</summary>
public sealed record ReferenceItem(string Schedule, string Code, string Modifier, decimal Amount, DateOnly EffectiveFrom, DateOnly? EffectiveTo)
{
    public bool EffectiveOn(DateOnly date) => EffectiveFrom <= date && (EffectiveTo is null || date <= EffectiveTo);
}

/// <summary>What the contract allows for one claim line: the rate per unit, times the units, and how it was found (for the biller).</summary>
public sealed record Expectation(decimal PerUnit, decimal Expected, string Basis);

/// <summary>
/// The expected allowed amount of a claim line under the payer's contract, for the line's date of service.
/// Contracts are per unit, as fee schedules are (the CMS physician fee schedule is per unit of service): expected = rate × units,
/// to the cent. Of the contract lines effective on the date of service whose code and modifiers fit the claim line:
/// a line for the code beats a percent of a reference schedule; a line naming modifiers (all of them on the claim line, e.g. 26)
/// beats a code-only line, more modifiers first; then the latest version (effectiveFrom) wins. A percent of a reference schedule
/// is the schedule's amount for the code (its modifier-specific row first) times the percent, rounded to the cent per unit.
/// </summary>
public static class ExpectedPayment
{
    public static Expectation? For(IEnumerable<ContractLine> contract, IEnumerable<ReferenceItem> reference, string code,
        IReadOnlyCollection<string> modifiers, decimal units, DateOnly dateOfService)
    {
        var candidates = contract
            .Where(l => l.EffectiveOn(dateOfService) && (l.Code is null || l.Code == code) && l.Modifiers.All(modifiers.Contains))
            .OrderByDescending(l => l.Code is not null)
            .ThenByDescending(l => l.Modifiers.Count)
            .ThenByDescending(l => l.EffectiveFrom ?? DateOnly.MinValue);
        var table = reference as IReadOnlyCollection<ReferenceItem> ?? reference.ToList();
        foreach (var line in candidates)
        {
            if (line.Allowed is { } allowed)
                return new(allowed, Cents(allowed * units), $"contract {Describe(code, line.Modifiers)} {allowed:0.00} per unit{(line.EffectiveFrom is { } from ? $" from {from:yyyy-MM-dd}" : "")}");
            var item = table
                .Where(r => r.Schedule == line.ReferenceSchedule && r.Code == code && r.EffectiveOn(dateOfService) && (r.Modifier.Length == 0 || modifiers.Contains(r.Modifier)))
                .OrderByDescending(r => r.Modifier.Length > 0)
                .ThenByDescending(r => r.EffectiveFrom)
                .FirstOrDefault();
            if (item is null) continue;
            var rate = Cents(item.Amount * line.Percent!.Value / 100m);
            return new(rate, Cents(rate * units), $"{line.Percent.Value:0.###}% of {item.Schedule} {Describe(code, item.Modifier.Length == 0 ? [] : [item.Modifier])} {item.Amount:0.00}");
        }
        return null;
    }

    /// <summary>
    /// The payer's allowed amount for a paid line: its charge less the contractual adjustments that bring a charge down to the
    /// allowed amount (CARC 45 "charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement", 42, 59,
    /// 131…, classed in AdjustmentReasons.tsv); sequestration (253) and withholds reduce the payment, not the allowed amount.
    /// </summary>
    public static decimal AllowedOf(ClaimPaymentPosted posting, PostedLine line) =>
        line.Charge - posting.Adjustments
            .Where(a => a.LineNumber is not null && a.LineNumber == line.LineNumber && AdjustmentReasons.ReducesToAllowed(a.Group, a.Carc))
            .Sum(a => a.Amount);

    static decimal Cents(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    static string Describe(string code, IReadOnlyList<string> modifiers) => modifiers.Count == 0 ? code : $"{code}-{string.Join("-", modifiers)}";
}
