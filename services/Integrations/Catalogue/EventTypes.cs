namespace RevenueCycle.Integrations.Catalogue;

/// <summary>
/// The public event catalogue: the names integrators subscribe to. The shape of each event's <c>data</c> belongs to
/// <see cref="ApiVersion"/>; a change an integrator would notice is a new version, never an edit of this one.
/// </summary>
public static class EventTypes
{
    /// <summary>The version of the public event shapes, sent as <c>apiVersion</c> in every event.</summary>
    public const string ApiVersion = "2026-12-01";

    public const string PatientRegistered = "patient.registered";
    public const string CoverageChanged = "coverage.changed";
    public const string EligibilityChecked = "eligibility.checked";
    public const string EncounterCompleted = "encounter.completed";
    public const string EncounterCoded = "encounter.coded";
    public const string ClaimCreated = "claim.created";
    public const string ClaimHeld = "claim.held";
    public const string ClaimSubmitted = "claim.submitted";
    public const string ClaimAccepted = "claim.accepted";
    public const string ClaimRejected = "claim.rejected";
    public const string ClaimDenied = "claim.denied";
    public const string ClaimPaid = "claim.paid";
    public const string ClaimStatusChecked = "claim.status_checked";
    public const string RemittancePosted = "remittance.posted";
    public const string PatientBalanceChanged = "patient_balance.changed";
    public const string StatementIssued = "statement.issued";
    public const string PatientPaymentReceived = "patient_payment.received";

    /// <summary>Sent by <c>POST /api/webhooks/{id}/test</c> only; never in the change feed.</summary>
    public const string WebhookTest = "webhook.test";

    /// <summary>Every type a webhook may subscribe to, with what it tells (the OpenAPI description lists them).</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [PatientRegistered] = "A patient was registered: patientId, mrn.",
        [CoverageChanged] = "A coverage was added or changed: patientId, coverageId, payerId, priority, active.",
        [EligibilityChecked] = "A 270/271 eligibility check finished: checkId, patientId, coverageId, status, copay, deductibleRemaining, coinsurancePercent, rejectionReason.",
        [EncounterCompleted] = "An encounter was completed: encounterId, patientId, dateOfService, placeOfService, selfPay.",
        [EncounterCoded] = "An encounter's coding was finalized: encounterId, patientId, diagnoses, procedures.",
        [ClaimCreated] = "A claim was built from a coded encounter: claimId, encounterId, patientId, patientControlNumber, totalCharge, status.",
        [ClaimHeld] = "The scrubber held a claim: claimId, patientId, patientControlNumber, findings.",
        [ClaimSubmitted] = "A claim was sent to its payer (837P): claimId, encounterId, patientId, patientControlNumber, payerId, payerName, payerResponsibility, frequency, dateOfService, totalCharge.",
        [ClaimAccepted] = "The clearinghouse or payer accepted a claim (999/277CA): claimId, patientId, patientControlNumber, payerClaimNumber.",
        [ClaimRejected] = "The clearinghouse or payer rejected a claim (999/277CA): claimId, patientId, patientControlNumber, reason.",
        [ClaimDenied] = "The payer denied a claim (835): claimId, patientId, patientControlNumber, carc, rarc, category.",
        [ClaimPaid] = "The payer paid a claim in full or in part (835): claimId, patientId, paid, partiallyPaid.",
        [ClaimStatusChecked] = "A 276/277 claim status inquiry was answered: claimId, checkId, trigger (manual, scheduled), result (not-found, pending, paid, denied, finalized, error…), categoryCode, statusCode, paidAmount, checkNumber, checkDate.",
        [RemittancePosted] = "An 835 remittance was posted: remittanceId, payerName, traceNumber, paymentAmount, paymentDate, claimCount.",
        [PatientBalanceChanged] = "A patient's balance changed: patientId, owed, credit.",
        [StatementIssued] = "A patient statement was issued: statementId, patientId, amountDue, dueDate, dunningStep.",
        [PatientPaymentReceived] = "A patient paid: paymentId, patientId, amount, method, receivedOn.",
    };

    public static bool IsKnown(string type) => All.ContainsKey(type);

    /// <summary>For the OpenAPI descriptions: every type, one a line.</summary>
    public static string Described() => string.Join("\n", All.Select(t => $"- `{t.Key}`: {t.Value}"));
}
