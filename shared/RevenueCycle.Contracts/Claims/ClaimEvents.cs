namespace RevenueCycle.Contracts.Claims;

/// <summary>A claim line as billed (837P 2400): the line number is LX01.</summary>
public sealed record ClaimLineInfo(
    int LineNumber, string ProcedureCode, IReadOnlyList<string> Modifiers, decimal Units, decimal Charge, DateOnly DateOfService);

/// <summary>
/// A claim sent to a payer. <see cref="Frequency"/> is CLM05-3 (1 original, 7 replacement, 8 void);
/// <see cref="PayerResponsibility"/> is primary, secondary or tertiary.
/// </summary>
public sealed record ClaimSubmitted(
    Guid TenantId, Guid ClaimId, Guid EncounterId, Guid PatientId, string PatientControlNumber, string? PayerClaimNumber,
    Guid PayerRef, string PayerId, string PayerName, string PayerResponsibility, int Frequency, Guid? ReplacesClaimId,
    DateOnly DateOfService, decimal TotalCharge, IReadOnlyList<ClaimLineInfo> Lines, DateTimeOffset SubmittedAt);

public sealed record ClaimCreated(
    Guid TenantId, Guid ClaimId, Guid EncounterId, Guid PatientId, string PatientControlNumber, decimal TotalCharge,
    string Status, DateTimeOffset CreatedAt);

public sealed record ClaimAccepted(Guid TenantId, Guid ClaimId, string PatientControlNumber, string? PayerClaimNumber, DateTimeOffset AcceptedAt);

public sealed record ClaimRejected(Guid TenantId, Guid ClaimId, string PatientControlNumber, string Reason, DateTimeOffset RejectedAt);

/// <summary>A denial: CARC/RARC and a category (eligibility, authorization, coding, medical-necessity, timely-filing, duplicate, other).</summary>
public sealed record ClaimDenied(
    Guid TenantId, Guid ClaimId, Guid PatientId, string PatientControlNumber, string Carc, string? Rarc, string Category, DateTimeOffset DeniedAt);

public sealed record ClaimPaid(Guid TenantId, Guid ClaimId, Guid PatientId, decimal Paid, bool PartiallyPaid, DateTimeOffset PaidAt);

/// <summary>
/// A 276/277 claim status inquiry was answered (or went unanswered: <see cref="Result"/> <c>error</c>): the result, the STC category and
/// status codes (code lists 507/508) and, for a finalized claim, what the payer paid and by which check.
/// </summary>
public sealed record ClaimStatusChecked(
    Guid TenantId, Guid ClaimId, Guid CheckId, string Trigger, string Result, string? CategoryCode, string? StatusCode, decimal? PaidAmount,
    string? CheckNumber, DateOnly? CheckDate, DateTimeOffset CheckedAt);

/// <summary>A rule a claim broke at its scrub (see <see cref="ClaimScrubbed"/>).</summary>
public sealed record ScrubFinding(string Rule, string Severity, string Message, string? Target);

/// <summary>
/// A scrub held the claim (<see cref="Held"/>, with the rules it broke), or cleared a claim that was held (<see cref="Held"/> false, no
/// findings). A claim clean at its first scrub is not announced: it joins the submission queue and <see cref="ClaimSubmitted"/> follows.
/// </summary>
public sealed record ClaimScrubbed(
    Guid TenantId, Guid ClaimId, string PatientControlNumber, bool Held, IReadOnlyList<ScrubFinding> Findings, DateTimeOffset ScrubbedAt);

/// <summary>
/// The practice wrote off what is left of a claim with insurance (a denial not worth appealing, a small balance):
/// Payments posts the adjustment with its reason, so the balance leaves AR.
/// </summary>
public sealed record ClaimWrittenOff(Guid TenantId, Guid ClaimId, Guid WriteOffId, string Reason, string? Carc, DateTimeOffset WrittenOffAt);

/// <summary>
/// A biller corrected the codes of a claim the payer has answered. Codes are the coder's business: Coding runs the
/// same edits as at finalize and answers <see cref="Coding.ClaimCorrectionCoded"/> (Claims then builds the corrected
/// claim) or <see cref="Coding.ClaimCorrectionRefused"/> (the claim stays as it was). Diagnoses are ICD-10-CM, principal first.
/// </summary>
public sealed record ClaimCorrectionRequested(
    Guid TenantId, Guid CorrectionId, Guid ClaimId, Guid EncounterId, IReadOnlyList<string> Diagnoses,
    IReadOnlyList<Coding.CodedProcedure> Procedures, string RequestedBy, DateTimeOffset RequestedAt);
