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
/// </summary>
public sealed record ClaimPaymentPosted(
    Guid TenantId, Guid PostingId, Guid RemittanceId, Guid ClaimId, Guid PatientId, string PatientControlNumber,
    string? PayerClaimNumber, string ClaimStatusCode, string PayerId, string PayerName, DateOnly PaymentDate,
    DateOnly? DateOfService, decimal Charge, decimal Paid, IReadOnlyList<PostedAdjustment> Adjustments,
    PatientResponsibility PatientResponsibility, decimal InsuranceBalance, bool IsReversal,
    IReadOnlyList<PostedLine> Lines, IReadOnlyList<string> Rarcs, DateTimeOffset PostedAt);

public sealed record RemittanceReceived(
    Guid TenantId, Guid RemittanceId, string PayerName, string TraceNumber, decimal PaymentAmount, DateOnly? PaymentDate,
    int ClaimCount, DateTimeOffset ReceivedAt);
