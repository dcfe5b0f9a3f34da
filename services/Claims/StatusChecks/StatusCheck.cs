namespace RevenueCycle.Claims.StatusChecks;

/// <summary>What a claim status check found: the 277's first STC of the claim, grouped as code list 507 groups it, or <see cref="Error"/>.</summary>
public static class StatusCheckResults
{
    public const string NotFound = "not-found";
    public const string Pending = "pending";
    public const string Paid = "paid";
    public const string Denied = "denied";
    public const string Finalized = "finalized";
    public const string Acknowledged = "acknowledged";
    public const string InformationRequested = "information-requested";
    public const string PayerError = "payer-error";
    public const string Other = "other";

    /// <summary>No answer: the clearinghouse was unreachable or refused the 276, or its 277 could not be read.</summary>
    public const string Error = "error";

    /// <summary>Finalized at the payer (F0–F4): an 835 should follow; without one the claim is a missing-ERA item.</summary>
    public static readonly string[] FinalizedResults = [Paid, Denied, Finalized];
}

public static class StatusCheckTriggers
{
    public const string Manual = "manual";
    public const string Scheduled = "scheduled";
}

/// <summary>One status check as stored (<c>claim_status_checks</c>).</summary>
public sealed record StatusCheckRow
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public Guid ClaimId { get; init; }
    public string PayerId { get; init; } = "";
    public string Trigger { get; init; } = "";
    public string Result { get; init; } = "";
    public string? CategoryCode { get; init; }
    public string? StatusCode { get; init; }
    public string? EntityCode { get; init; }
    public string? Meaning { get; init; }
    public string? Message { get; init; }
    public decimal? TotalCharge { get; init; }
    public decimal? PaidAmount { get; init; }
    public DateOnly? AdjudicationDate { get; init; }
    public string? PaymentMethod { get; init; }
    public string? CheckNumber { get; init; }
    public DateOnly? CheckDate { get; init; }
    public string? PayerClaimNumber { get; init; }
    public string? Error { get; init; }
    public string? X276 { get; init; }
    public string? X277 { get; init; }
    public string CheckedBy { get; init; } = "";
    public DateTimeOffset CheckedAt { get; init; }

    public const string Columns =
        "id, tenant_id, claim_id, payer_id, trigger, result, category_code, status_code, entity_code, meaning, message, total_charge, paid_amount, " +
        "adjudication_date, payment_method, check_number, check_date, payer_claim_number, error, x276, x277, checked_by, checked_at";

    public StatusCheckView View(bool withX12) => new(Id, ClaimId, CheckedAt, Trigger, Result, CategoryCode, StatusCode, EntityCode, Meaning, Message,
        TotalCharge, PaidAmount, AdjudicationDate, PaymentMethod, CheckNumber, CheckDate, PayerClaimNumber, Error,
        withX12 ? X276 : null, withX12 ? X277 : null);
}

/// <summary>
/// A status check as the API shows it: <see cref="Result"/> one of <see cref="StatusCheckResults"/>; the category (STC01-1), status
/// (STC01-2) and entity (STC01-3) codes with their meaning; STC04 charge, STC05 paid, STC06 adjudication date, STC07 payment method,
/// STC08 check date, STC09 check number; REF*1K; <see cref="Error"/> why there was no answer. The 276 and 277 inline on one check.
/// </summary>
public sealed record StatusCheckView(
    Guid Id, Guid ClaimId, DateTimeOffset At, string Trigger, string Result, string? CategoryCode, string? StatusCode, string? EntityCode,
    string? Meaning, string? Message, decimal? TotalCharge, decimal? PaidAmount, DateOnly? AdjudicationDate, string? PaymentMethod,
    string? CheckNumber, DateOnly? CheckDate, string? PayerClaimNumber, string? Error, string? X276, string? X277);
