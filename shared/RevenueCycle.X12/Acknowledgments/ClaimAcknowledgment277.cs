namespace RevenueCycle.X12.Acknowledgments;

/// <summary>
/// A 277CA claim acknowledgment (005010X214): for each claim of an 837, whether the payer (or
/// clearinghouse) accepted it into adjudication or rejected it, and why.
/// </summary>
public sealed record ClaimAcknowledgment277
{
    public required X12Envelope Envelope { get; init; }

    /// <summary>BHT03.</summary>
    public required string ReferenceId { get; init; }

    public required DateTime Created { get; init; }

    /// <summary>2100A NM1: the information source (payer or clearinghouse).</summary>
    public required EntityName InformationSource { get; init; }

    /// <summary>
    /// 2100A NM101: <see cref="Payer"/> (PR, the default) or <see cref="Clearinghouse"/> (AY). A claim usually gets a clearinghouse's
    /// 277CA first (A1, received) and then the payer's (A2 or a rejection); only the payer's A2 accepts it (X214 1.4).
    /// </summary>
    public string InformationSourceEntityCode { get; init; } = Payer;

    public const string Payer = "PR";
    public const string Clearinghouse = "AY";

    public bool IsFromClearinghouse => InformationSourceEntityCode == Clearinghouse;

    /// <summary>2200A DTP*050: when the 837 was received.</summary>
    public required DateOnly ReceiptDate { get; init; }

    /// <summary>2200A DTP*009: when it was processed.</summary>
    public required DateOnly ProcessDate { get; init; }

    /// <summary>2100B NM1*41: the submitter of the 837.</summary>
    public required EntityName InformationReceiver { get; init; }

    /// <summary>Loop 2200D, grouped under their billing provider (2000C) by the writer.</summary>
    public ValueList<ClaimStatus277> Claims { get; init; } = [];
}

/// <summary>Loops 2000C..2200D: one claim's status.</summary>
public sealed record ClaimStatus277
{
    /// <summary>2100C NM1*85 with XX NPI.</summary>
    public required EntityName BillingProvider { get; init; }

    /// <summary>2100D NM1*QC.</summary>
    public required PersonName PatientName { get; init; }

    /// <summary>2100D NM109 (MI).</summary>
    public string? MemberId { get; init; }

    /// <summary>2200D TRN*2: CLM01 of the claim acknowledged.</summary>
    public required string PatientControlNumber { get; init; }

    /// <summary>STC: the first is the claim's status; others add reasons.</summary>
    public ValueList<ClaimStatusDetail> Statuses { get; init; } = [];

    /// <summary>REF*1K: the payer's claim number, given when the claim is accepted.</summary>
    public string? PayerClaimControlNumber { get; init; }

    /// <summary>REF*D9: the clearinghouse's trace number.</summary>
    public string? ClearinghouseTraceNumber { get; init; }

    /// <summary>DTP*472: the claim's service dates (D8, or RD8 for a range).</summary>
    public DateOnly? ServiceDateFrom { get; init; }

    public DateOnly? ServiceDateTo { get; init; }

    /// <summary>
    /// Accepted into adjudication: A2 only (X214 STC01-1 code list 507: "A2 Acknowledgement/Acceptance into adjudication system").
    /// A1 ("Acknowledgement/Receipt — the claim has been received") is a clearinghouse's or payer's receipt, not an acceptance.
    /// </summary>
    public bool IsAccepted => Statuses.Count > 0 && Statuses[0].Category == ClaimStatusDetail.AcceptedForAdjudication && !IsRejected;

    /// <summary>A1: received, not yet accepted or rejected (usually the clearinghouse's first 277CA).</summary>
    public bool IsReceived => Statuses.Count > 0 && Statuses[0].Category == ClaimStatusDetail.Received && !IsRejected;

    public bool IsRejected => Statuses.Any(s => s.IsRejection);
}

/// <summary>STC: category (STC01-1), status (STC01-2), entity (STC01-3), date, action, amount.</summary>
public sealed record ClaimStatusDetail
{
    public required string Category { get; init; }

    /// <summary>Claim status code, e.g. 20 accepted for processing, 21 missing or invalid information, 33 subscriber not found.</summary>
    public required string StatusCode { get; init; }

    /// <summary>Entity the status refers to (PR payer, 85 billing provider, IL subscriber, QC patient).</summary>
    public string? EntityCode { get; init; }

    /// <summary>STC02.</summary>
    public required DateOnly EffectiveDate { get; init; }

    /// <summary>STC03: WQ accepted, U rejected.</summary>
    public string? ActionCode { get; init; }

    /// <summary>STC04: the claim's total charge.</summary>
    public decimal? ChargeAmount { get; init; }

    /// <summary>STC12: free-form message.</summary>
    public string? Message { get; init; }

    public const string Received = "A1";
    public const string AcceptedForAdjudication = "A2";
    public const string ReturnedAsUnprocessable = "A3";
    public const string NotFound = "A4";
    public const string RejectedMissingInformation = "A6";
    public const string RejectedInvalidInformation = "A7";
    public const string RejectedRelationalField = "A8";

    public bool IsRejection => Category is ReturnedAsUnprocessable or NotFound or RejectedMissingInformation or RejectedInvalidInformation or RejectedRelationalField;
}
