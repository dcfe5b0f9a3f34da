namespace RevenueCycle.X12;

/// <summary>CAS01: who bears an adjustment.</summary>
public enum AdjustmentGroup
{
    /// <summary>CO: contractual obligation, written off by the provider.</summary>
    Contractual,

    /// <summary>PR: the patient owes it (CARC 1 deductible, 2 coinsurance, 3 copay).</summary>
    PatientResponsibility,

    /// <summary>OA: other adjustment.</summary>
    Other,

    /// <summary>PI: payer-initiated reduction.</summary>
    PayerInitiated,

    /// <summary>CR: correction or reversal of a prior claim.</summary>
    Correction,
}

public static class AdjustmentGroupCodes
{
    public static string ToCode(this AdjustmentGroup group) => group switch
    {
        AdjustmentGroup.Contractual => "CO",
        AdjustmentGroup.PatientResponsibility => "PR",
        AdjustmentGroup.Other => "OA",
        AdjustmentGroup.PayerInitiated => "PI",
        AdjustmentGroup.Correction => "CR",
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, null),
    };

    public static bool TryParse(ReadOnlySpan<char> code, out AdjustmentGroup group)
    {
        group = code switch
        {
            "CO" => AdjustmentGroup.Contractual,
            "PR" => AdjustmentGroup.PatientResponsibility,
            "OA" => AdjustmentGroup.Other,
            "PI" => AdjustmentGroup.PayerInitiated,
            "CR" => AdjustmentGroup.Correction,
            _ => (AdjustmentGroup)(-1),
        };
        return (int)group >= 0;
    }
}
