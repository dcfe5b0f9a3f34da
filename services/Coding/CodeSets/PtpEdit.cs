namespace RevenueCycle.Coding.CodeSets;

/// <summary>NCCI procedure-to-procedure modifier indicator (column 6 of the CMS PTP tables).</summary>
public enum PtpModifierIndicator
{
    /// <summary>0: the pair is never paid together; no modifier bypasses the edit.</summary>
    NotAllowed = 0,

    /// <summary>1: an NCCI-associated modifier on the column-2 code bypasses the edit when clinically appropriate.</summary>
    Allowed = 1,

    /// <summary>9: the edit does not apply (it was deleted retroactively).</summary>
    NotApplicable = 9,
}

/// <summary>
/// One NCCI PTP edit: the column-2 code is not paid with the column-1 code for the same patient and date
/// of service. The edit is in force from <see cref="EffectiveFrom"/> through <see cref="DeletionDate"/>.
/// </summary>
public sealed record PtpEdit(
    string Column1,
    string Column2,
    DateOnly EffectiveFrom,
    DateOnly? DeletionDate,
    PtpModifierIndicator ModifierIndicator,
    string Rationale,
    bool InExistencePriorTo1996 = false)
{
    public bool IsInForceOn(DateOnly date) => date >= EffectiveFrom && (DeletionDate is null || date <= DeletionDate);
}
