namespace RevenueCycle.Contracts.Payments;

/// <summary>One CAS adjustment as posted: group (CO, PR, OA, PI, CR), CARC and amount; line number null at claim level.</summary>
public sealed record PostedAdjustment(string Group, string Carc, decimal Amount, int? LineNumber);

/// <summary>What the payer left to the patient, by kind (PR CARC 1 deductible, 2 coinsurance, 3 copay; the rest non-covered/other).</summary>
public sealed record PatientResponsibility(decimal Deductible, decimal Coinsurance, decimal Copay, decimal NonCovered, decimal Other)
{
    public decimal Total => Deductible + Coinsurance + Copay + NonCovered + Other;
}

/// <summary>A service line as the payer adjudicated it (835 SVC), matched to the claim's line.</summary>
public sealed record PostedLine(
    int? LineNumber, string ProcedureCode, IReadOnlyList<string> Modifiers, DateOnly? DateOfService, decimal Charge, decimal Paid,
    decimal PatientResponsibility, IReadOnlyList<string> Rarcs);

/// <summary>
/// One CLP of an 835 posted to a claim. Amounts are signed: a reversal (CLP02 22) posts the negative of
/// what it takes back. <see cref="InsuranceBalance"/> is what remains with insurance after this posting.
/// <see cref="ClaimRemarks"/> are the claim-level remark codes (MOA03-07, e.g. MA130); <see cref="CrossoverCarrierName"/>
/// and <see cref="CrossoverCarrierId"/> name the payer the claim was forwarded to (NM1*TT, CLP02 19/20/21).
/// </summary>
public sealed record ClaimPaymentPosted(
    Guid TenantId, Guid PostingId, Guid RemittanceId, Guid ClaimId, Guid PatientId, string PatientControlNumber,
    string? PayerClaimNumber, string ClaimStatusCode, string PayerId, string PayerName, DateOnly PaymentDate,
    DateOnly? DateOfService, decimal Charge, decimal Paid, IReadOnlyList<PostedAdjustment> Adjustments,
    PatientResponsibility PatientResponsibility, decimal InsuranceBalance, bool IsReversal,
    IReadOnlyList<PostedLine> Lines, IReadOnlyList<string> Rarcs, DateTimeOffset PostedAt,
    IReadOnlyList<string>? ClaimRemarks = null, string? CrossoverCarrierName = null, string? CrossoverCarrierId = null)
{
    /// <summary>CLP02 19, 20, 21: processed and forwarded to the next payer by the payer itself (a crossover).</summary>
    public bool IsCrossover => ClaimStatusCode is "19" or "20" or "21";
}

public sealed record RemittanceReceived(
    Guid TenantId, Guid RemittanceId, string PayerName, string TraceNumber, decimal PaymentAmount, DateOnly? PaymentDate,
    int ClaimCount, DateTimeOffset ReceivedAt);

/// <summary>
/// A payer paid a claim it had already paid (another CLP under another TRN, with no reversal between): posted as an
/// insurance credit balance, owed back to the payer, on the credit-balance work list. No patient share moves again.
/// </summary>
public sealed record InsuranceOverpaymentPosted(
    Guid TenantId, Guid ClaimId, Guid RemittanceId, string PatientControlNumber, string PayerName, string TraceNumber, decimal Amount,
    decimal CreditBalance, DateTimeOffset PostedAt);
