namespace RevenueCycle.Contracts.Coding;

/// <summary>One finding of the coding edits: a stable rule id, error or warning, where (as in the correction's body) and why.</summary>
public sealed record CodingEditFinding(string Rule, string Severity, string Target, string Message);

/// <summary>The corrected codes passed the coding edits (warnings may remain): normalized, now the encounter's coding.</summary>
public sealed record ClaimCorrectionCoded(
    Guid TenantId, Guid CorrectionId, Guid ClaimId, Guid EncounterId, IReadOnlyList<string> Diagnoses,
    IReadOnlyList<CodedProcedure> Procedures, IReadOnlyList<CodingEditFinding> Edits, DateTimeOffset CodedAt);

/// <summary>The corrected codes did not pass the coding edits (or the encounter was never coded here): no claim is built.</summary>
public sealed record ClaimCorrectionRefused(
    Guid TenantId, Guid CorrectionId, Guid ClaimId, string Reason, IReadOnlyList<CodingEditFinding> Edits, DateTimeOffset RefusedAt);
