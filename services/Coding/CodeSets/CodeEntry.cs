namespace RevenueCycle.Coding.CodeSets;

/// <summary>
/// One code of a code set as the edits need it: when it is valid, whether it may be billed, and the
/// sex and age (in whole years on the date of service) it is restricted to, if any.
/// </summary>
public sealed record CodeEntry(
    string System,
    string Code,
    string ShortDescription,
    string LongDescription,
    bool Billable,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo = null,
    Sex RequiredSex = Sex.Unknown,
    int? AgeMin = null,
    int? AgeMax = null)
{
    /// <summary>Valid from <see cref="EffectiveFrom"/> through <see cref="EffectiveTo"/>, both inclusive.</summary>
    public bool IsEffectiveOn(DateOnly date) => date >= EffectiveFrom && (EffectiveTo is null || date <= EffectiveTo);

    public bool HasAgeRestriction => AgeMin is not null || AgeMax is not null;

    public bool AllowsAge(int age) => age >= (AgeMin ?? 0) && age <= (AgeMax ?? int.MaxValue);
}
