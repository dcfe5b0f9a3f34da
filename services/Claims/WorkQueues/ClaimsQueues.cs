using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Claims.WorkQueues;

/// <summary>The Claims service's work queues: what each holds open for a practice, and whose patient an item is.</summary>
public static class ClaimsQueues
{
    public const string HeldClaims = "held-claims";
    public const string RejectedClaims = "rejected-claims";
    public const string Denials = "denials";
    public const string Underpayments = "underpayments";
    public const string AcknowledgementExceptions = "acknowledgement-exceptions";
    public const string ArFollowUp = "ar-follow-up";

    const string PatientsOfClaims = "SELECT patient_id FROM claims WHERE tenant_id = @Tenant AND id = ANY(@ItemIds)";

    public static readonly WorkQueue[] All =
    [
        new(HeldClaims, "SELECT id FROM claims WHERE tenant_id = @Tenant AND status = 'held'", PatientsOfClaims),
        new(RejectedClaims, "SELECT id FROM claims WHERE tenant_id = @Tenant AND status = 'rejected'", PatientsOfClaims),
        new(Denials, "SELECT id FROM claims WHERE tenant_id = @Tenant AND status = 'denied'", PatientsOfClaims),
        new(Underpayments, "SELECT id FROM underpayments WHERE tenant_id = @Tenant AND status = 'open'",
            "SELECT c.patient_id FROM underpayments u JOIN claims c ON c.tenant_id = u.tenant_id AND c.id = u.claim_id WHERE u.tenant_id = @Tenant AND u.id = ANY(@ItemIds)"),
        new(AcknowledgementExceptions, "SELECT id FROM acknowledgement_exceptions WHERE tenant_id = @Tenant AND status = 'open'"),
        new(ArFollowUp, StatusChecks.FollowUpEndpoints.OpenItemsSql, PatientsOfClaims),
    ];

    /// <summary>The queue a claims list with this status is (held and rejected claims), or null.</summary>
    public static string? OfStatus(string? status) => status switch
    {
        "held" => HeldClaims,
        "rejected" => RejectedClaims,
        _ => null,
    };
}
