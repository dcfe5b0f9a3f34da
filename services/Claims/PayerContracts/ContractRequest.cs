using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Claims.PayerContracts;

/// <summary>A contracted allowed amount per unit for a code, with the modifiers it is for (none: the code whatever its modifiers).</summary>
public sealed record ContractItem(string? Code, IReadOnlyList<string>? Modifiers, decimal? Allowed, DateOnly? EffectiveFrom, DateOnly? EffectiveTo = null);

/// <summary>
/// A version of a payer's contract: lines per code, and/or a percent of a reference schedule for the codes without a line of their own
/// (e.g. <c>{ "referenceSchedule": "medicare-2026", "percent": 110 }</c>), effective from <see cref="EffectiveFrom"/> (any date when absent).
/// </summary>
public sealed record ContractRequest(
    IReadOnlyList<ContractItem>? Items = null, string? ReferenceSchedule = null, decimal? Percent = null, DateOnly? EffectiveFrom = null, DateOnly? EffectiveTo = null);

public sealed record ContractLineView(
    Guid Id, string? Code, IReadOnlyList<string> Modifiers, decimal? Allowed, string? ReferenceSchedule, decimal? Percent, DateOnly? EffectiveFrom, DateOnly? EffectiveTo);

/// <summary>What a PUT did: the versions (effectiveFrom dates) it replaced, how many lines they had before and have now.</summary>
public sealed record ContractSaved(string PayerId, IReadOnlyList<DateOnly?> Versions, int Removed, int Stored)
{
    /// <summary>The paid claims of this payer judged again against the contract as saved (see UnderpaymentReview.RejudgeAsync).</summary>
    public Rejudged? Rejudged { get; init; }
}

public static class ContractRules
{
    public const decimal MaxAmount = 9_999_999.99m; // numeric(12,2)
    public const decimal MaxPercent = 1000m;
    public const int MaxLines = 50_000;
    const int MaxModifiers = 4; // 837P SV101-3..SV101-6

    public static bool IsCode(string? code) => code is { Length: >= 4 and <= 7 } && code.All(char.IsAsciiLetterOrDigit);

    public static bool IsModifier(string? modifier) => modifier is { Length: 2 } && modifier.All(char.IsAsciiLetterOrDigit);

    public static bool IsName(string? name) => name is { Length: >= 1 and <= 80 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static bool IsAmount(decimal amount) => amount >= 0 && amount <= MaxAmount && decimal.Round(amount, 2) == amount;

    /// <summary>Checks one item; <paramref name="field"/> names a field of it in the errors (items[3].allowed, or a CSV line and column).</summary>
    public static void Check(Validation v, ContractItem item, Func<string, string> field)
    {
        if (v.Required(item.Code, field("code")))
            v.Check(IsCode(item.Code), field("code"), "must be a CPT or HCPCS code (5 letters or digits).");
        var modifiers = item.Modifiers ?? [];
        for (var m = 0; m < modifiers.Count; m++)
            v.Check(IsModifier(modifiers[m]), field($"modifiers[{m}]"), "must be a two-character modifier.");
        v.Check(modifiers.Count <= MaxModifiers, field("modifiers"), $"must list at most {MaxModifiers} modifiers (837P SV101-3 to SV101-6).");
        v.Check(modifiers.Distinct(StringComparer.OrdinalIgnoreCase).Count() == modifiers.Count, field("modifiers"), "must not repeat a modifier.");
        if (v.Check(item.Allowed is not null, field("allowed"), "is required."))
            v.Check(IsAmount(item.Allowed!.Value), field("allowed"), $"must be an amount in dollars and cents from 0.00 to {MaxAmount}.");
        v.Check(item.EffectiveFrom is not null, field("effectiveFrom"), "is required (YYYY-MM-DD).");
        v.Check(item.EffectiveTo is null || item.EffectiveFrom is null || item.EffectiveTo >= item.EffectiveFrom, field("effectiveTo"),
            "must not be before effectiveFrom.");
    }

    /// <summary>The modifiers as stored and compared: upper case, in order, ':'-separated.</summary>
    public static string Key(IEnumerable<string>? modifiers) =>
        string.Join(':', (modifiers ?? []).Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal));

    public static IReadOnlyList<string> Modifiers(string key) => key.Length == 0 ? [] : key.Split(':');
}
