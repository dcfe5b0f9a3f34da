using System.Text.Json.Nodes;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Coding;
using RevenueCycle.Contracts.PatientBilling;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Contracts.Registration;

namespace RevenueCycle.Integrations.Catalogue;

/// <summary>
/// From the internal contracts to the public catalogue. The public shape is ours to keep stable: a field renamed inside
/// the platform changes a line here, not an integrator's code. Each event carries the ids an integrator joins on and
/// no more of the patient than that (no names, dates of birth, addresses or member ids): the PM system has them already.
/// </summary>
public static class CatalogueMapping
{
    static ResourceRef Patient(Guid id) => new("patient", id);
    static ResourceRef Claim(Guid id) => new("claim", id);

    public static EventDraft Map(PatientRegistered e) => new(EventTypes.PatientRegistered, e.TenantId, Patient(e.PatientId), e.RegisteredAt,
        new JsonObject { ["patientId"] = e.PatientId, ["mrn"] = e.Mrn });

    public static EventDraft Map(CoverageChanged e) => new(EventTypes.CoverageChanged, e.TenantId, new("coverage", e.Coverage.Id), e.ChangedAt,
        new JsonObject
        {
            ["coverageId"] = e.Coverage.Id, ["patientId"] = e.PatientId, ["payerId"] = e.Coverage.Payer.PayerId,
            ["payerName"] = e.Coverage.Payer.Name, ["priority"] = e.Coverage.Priority, ["active"] = e.Active,
            ["effectiveFrom"] = e.Coverage.EffectiveFrom.ToString("yyyy-MM-dd"), ["effectiveTo"] = e.Coverage.EffectiveTo?.ToString("yyyy-MM-dd"),
        });

    public static EventDraft Map(EligibilityVerified e) => new(EventTypes.EligibilityChecked, e.TenantId, new("eligibility_check", e.CheckId), e.CheckedAt,
        new JsonObject
        {
            ["checkId"] = e.CheckId, ["patientId"] = e.PatientId, ["coverageId"] = e.CoverageId, ["status"] = e.Status,
            ["copay"] = e.Copay, ["deductibleRemaining"] = e.DeductibleRemaining, ["coinsurancePercent"] = e.CoinsurancePercent,
            ["rejectionReason"] = e.RejectionReason,
        });

    public static EventDraft Map(EncounterCompleted e) => new(EventTypes.EncounterCompleted, e.TenantId, new("encounter", e.EncounterId), e.CompletedAt,
        new JsonObject
        {
            ["encounterId"] = e.EncounterId, ["patientId"] = e.Patient.Id, ["dateOfService"] = e.DateOfService.ToString("yyyy-MM-dd"),
            ["placeOfService"] = e.PlaceOfService, ["selfPay"] = e.SelfPay,
        });

    public static EventDraft Map(EncounterCoded e) => new(EventTypes.EncounterCoded, e.TenantId, new("encounter", e.EncounterId), e.CodedAt,
        new JsonObject
        {
            ["encounterId"] = e.EncounterId, ["patientId"] = e.Encounter.Patient.Id,
            ["diagnoses"] = new JsonArray([.. e.Diagnoses.Select(d => (JsonNode?)d)]),
            ["procedures"] = new JsonArray([.. e.Procedures.Select(p => (JsonNode?)new JsonObject
            {
                ["code"] = p.Code, ["modifiers"] = new JsonArray([.. p.Modifiers.Select(m => (JsonNode?)m)]), ["units"] = p.Units,
            })]),
        });

    public static EventDraft Map(ClaimCreated e) => new(EventTypes.ClaimCreated, e.TenantId, Claim(e.ClaimId), e.CreatedAt,
        new JsonObject
        {
            ["claimId"] = e.ClaimId, ["encounterId"] = e.EncounterId, ["patientId"] = e.PatientId,
            ["patientControlNumber"] = e.PatientControlNumber, ["totalCharge"] = e.TotalCharge, ["status"] = e.Status,
        });

    /// <summary>Only a held claim is public (<c>claim.held</c>); a clean scrub is nothing an integrator acts on.</summary>
    public static EventDraft? Map(ClaimScrubbed e) => !e.Held ? null : new(EventTypes.ClaimHeld, e.TenantId, Claim(e.ClaimId), e.ScrubbedAt,
        new JsonObject
        {
            ["claimId"] = e.ClaimId, ["patientControlNumber"] = e.PatientControlNumber,
            ["findings"] = new JsonArray([.. e.Findings.Select(f => (JsonNode?)new JsonObject
            {
                ["rule"] = f.Rule, ["severity"] = f.Severity, ["message"] = f.Message, ["target"] = f.Target,
            })]),
        });

    public static EventDraft Map(ClaimSubmitted e) => new(EventTypes.ClaimSubmitted, e.TenantId, Claim(e.ClaimId), e.SubmittedAt,
        new JsonObject
        {
            ["claimId"] = e.ClaimId, ["encounterId"] = e.EncounterId, ["patientId"] = e.PatientId,
            ["patientControlNumber"] = e.PatientControlNumber, ["payerId"] = e.PayerId, ["payerName"] = e.PayerName,
            ["payerResponsibility"] = e.PayerResponsibility, ["frequency"] = e.Frequency, ["replacesClaimId"] = e.ReplacesClaimId,
            ["dateOfService"] = e.DateOfService.ToString("yyyy-MM-dd"), ["totalCharge"] = e.TotalCharge,
        });

    public static EventDraft Map(ClaimAccepted e) => new(EventTypes.ClaimAccepted, e.TenantId, Claim(e.ClaimId), e.AcceptedAt,
        new JsonObject { ["claimId"] = e.ClaimId, ["patientControlNumber"] = e.PatientControlNumber, ["payerClaimNumber"] = e.PayerClaimNumber });

    public static EventDraft Map(ClaimRejected e) => new(EventTypes.ClaimRejected, e.TenantId, Claim(e.ClaimId), e.RejectedAt,
        new JsonObject { ["claimId"] = e.ClaimId, ["patientControlNumber"] = e.PatientControlNumber, ["reason"] = e.Reason });

    public static EventDraft Map(ClaimDenied e) => new(EventTypes.ClaimDenied, e.TenantId, Claim(e.ClaimId), e.DeniedAt,
        new JsonObject
        {
            ["claimId"] = e.ClaimId, ["patientId"] = e.PatientId, ["patientControlNumber"] = e.PatientControlNumber,
            ["carc"] = e.Carc, ["rarc"] = e.Rarc, ["category"] = e.Category,
        });

    public static EventDraft Map(ClaimPaid e) => new(EventTypes.ClaimPaid, e.TenantId, Claim(e.ClaimId), e.PaidAt,
        new JsonObject { ["claimId"] = e.ClaimId, ["patientId"] = e.PatientId, ["paid"] = e.Paid, ["partiallyPaid"] = e.PartiallyPaid });

    public static EventDraft Map(ClaimStatusChecked e) => new(EventTypes.ClaimStatusChecked, e.TenantId, Claim(e.ClaimId), e.CheckedAt,
        new JsonObject
        {
            ["claimId"] = e.ClaimId, ["checkId"] = e.CheckId, ["trigger"] = e.Trigger, ["result"] = e.Result, ["categoryCode"] = e.CategoryCode,
            ["statusCode"] = e.StatusCode, ["paidAmount"] = e.PaidAmount, ["checkNumber"] = e.CheckNumber, ["checkDate"] = e.CheckDate?.ToString("yyyy-MM-dd"),
        });

    public static EventDraft Map(RemittanceReceived e) => new(EventTypes.RemittancePosted, e.TenantId, new("remittance", e.RemittanceId), e.ReceivedAt,
        new JsonObject
        {
            ["remittanceId"] = e.RemittanceId, ["payerName"] = e.PayerName, ["traceNumber"] = e.TraceNumber,
            ["paymentAmount"] = e.PaymentAmount, ["paymentDate"] = e.PaymentDate?.ToString("yyyy-MM-dd"), ["claimCount"] = e.ClaimCount,
        });

    public static EventDraft Map(PatientBalanceChanged e) => new(EventTypes.PatientBalanceChanged, e.TenantId, new("patient_balance", e.PatientId), e.ChangedAt,
        new JsonObject { ["patientId"] = e.PatientId, ["owed"] = e.Owed, ["credit"] = e.Credit });

    public static EventDraft Map(StatementIssued e) => new(EventTypes.StatementIssued, e.TenantId, new("statement", e.StatementId), e.IssuedAt,
        new JsonObject
        {
            ["statementId"] = e.StatementId, ["patientId"] = e.PatientId, ["amountDue"] = e.AmountDue,
            ["dueDate"] = e.DueDate.ToString("yyyy-MM-dd"), ["dunningStep"] = e.DunningStep,
        });

    public static EventDraft Map(PatientPaymentReceived e) => new(EventTypes.PatientPaymentReceived, e.TenantId, new("patient_payment", e.PaymentId), e.ReceivedAt,
        new JsonObject
        {
            ["paymentId"] = e.PaymentId, ["patientId"] = e.PatientId, ["amount"] = e.Amount, ["method"] = e.Method,
            ["receivedOn"] = (e.ReceivedOn ?? DateOnly.FromDateTime(e.ReceivedAt.UtcDateTime)).ToString("yyyy-MM-dd"),
        });
}
