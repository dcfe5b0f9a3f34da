namespace RevenueCycle.X12.Remittance;

/// <summary>MIA: inpatient adjudication information (Medicare Part A and payers that follow it).</summary>
public sealed record InpatientAdjudication
{
    /// <summary>MIA01.</summary>
    public required decimal CoveredDaysOrVisits { get; init; }

    /// <summary>MIA02..MIA24 as they appear; amounts, counts and remark codes (MIA05, MIA20..MIA23) by position.</summary>
    public ValueList<string?> OtherElements { get; init; } = [];

    /// <summary>MIA04: the DRG amount.</summary>
    public decimal? DrgAmount => OtherElements.Count > 2 && OtherElements[2] is { } v && X12Text.TryParseDecimal(v, out var amount) ? amount : null;
}

/// <summary>MOA: outpatient adjudication information.</summary>
public sealed record OutpatientAdjudication
{
    public const int MaxRemarkCodes = 5; // MOA03..MOA07

    /// <summary>MOA01.</summary>
    public decimal? ReimbursementRate { get; init; }

    /// <summary>MOA02: the HCPCS payable amount.</summary>
    public decimal? HcpcsPayableAmount { get; init; }

    /// <summary>MOA03..MOA07: claim-level remark codes (RARC).</summary>
    public ValueList<string> RemarkCodes { get; init; } = [];

    /// <summary>MOA08.</summary>
    public decimal? EsrdPaymentAmount { get; init; }

    /// <summary>MOA09.</summary>
    public decimal? NonPayableProfessionalComponentAmount { get; init; }
}
