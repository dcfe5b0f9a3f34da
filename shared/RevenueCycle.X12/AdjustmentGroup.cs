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
        // Every CAS of an 835 comes here: the two characters as one number, compared at once (a switch on the span
        // compared it with each code in turn).
        group = (AdjustmentGroup)(-1);
        if (code.Length != 2)
            return false;
        group = (code[0] << 16 | code[1]) switch
        {
            'C' << 16 | 'O' => AdjustmentGroup.Contractual,
            'P' << 16 | 'R' => AdjustmentGroup.PatientResponsibility,
            'O' << 16 | 'A' => AdjustmentGroup.Other,
            'P' << 16 | 'I' => AdjustmentGroup.PayerInitiated,
            'C' << 16 | 'R' => AdjustmentGroup.Correction,
            _ => (AdjustmentGroup)(-1),
        };
        return (int)group >= 0;
    }
}
