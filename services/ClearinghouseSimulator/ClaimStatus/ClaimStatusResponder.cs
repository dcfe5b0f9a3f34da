using System.Data.Common;
using System.Text.Json;
using Dapper;
using RevenueCycle.ClearinghouseSimulator.Adjudication;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12;
using RevenueCycle.X12.ClaimStatus;

namespace RevenueCycle.ClearinghouseSimulator.ClaimStatus;

/// <summary>
/// Answers a 276 from what the payer holds of each claim asked about (by the submitter, the payer, and REF*EJ or REF*1K):
/// <list type="bullet">
/// <item>nothing (never received, lost by a <see cref="PayerSettings.LoseClaims"/> payer, or rejected at the front end): A4:35, not found;</item>
/// <item>adjudicated, the payment cycle (<see cref="PayerSettings.EraDelaySeconds"/>) not yet run: P1:20, in process, with the date the cycle runs;</item>
/// <item>paid: F1:65 with STC04 the charge, STC05 the amount paid, STC06 the adjudication date, STC07 CHK, STC08 the check date and
/// STC09 its number (the 835's TRN02) — also when the payer <see cref="PayerSettings.WithholdEras"/>;</item>
/// <item>denied: F2:1 (see the remittance advice); adjudicated to nothing payable: F4:1; reversed: F3:1.</item>
/// </list>
/// Each finalized claim's lines follow in 2220D with their own STC (code list 507 and 508, x12.org).
/// </summary>
public static class ClaimStatusResponder
{
    const string NotOnFile = "CLAIM NOT ON FILE";
    const int DeniedStatus = 4; // CLP02 4

    public static async Task<ClaimStatusResponse277> RespondAsync(DbConnection connection, string submitterId, ClaimStatusInquiry276 inquiry,
        X12Envelope envelope, DateTime now)
    {
        var payerId = inquiry.Payer.Identifier ?? "";
        var today = DateOnly.FromDateTime(now);
        var answers = new List<ClaimStatusAnswer>();
        foreach (var question in inquiry.Claims.ToList())
        {
            var row = question.PatientControlNumber is null && question.PayerClaimControlNumber is null
                ? null
                : await connection.QueryFirstOrDefaultAsync<PaymentRow>(
                    """
                    SELECT patient_control_number, payer_claim_number, status_code, charge, paid, is_reversal, remittance_id, check_number, check_date,
                           due_at, created_at, payment::text AS payment
                    FROM claim_payments
                    WHERE submitter_id = @submitterId AND payer_id = @payerId AND NOT is_duplicate
                      AND (patient_control_number = @pcn OR payer_claim_number = @number)
                    ORDER BY sequence DESC
                    LIMIT 1
                    """, new { submitterId, payerId, pcn = question.PatientControlNumber, number = question.PayerClaimControlNumber });
            answers.Add(Answer(question, row, today));
        }
        return new ClaimStatusResponse277
        {
            Envelope = envelope,
            ReferenceId = inquiry.ReferenceId,
            Created = now,
            Payer = inquiry.Payer,
            InformationReceiver = inquiry.InformationReceiver,
            Claims = answers.ToValueList(),
        };
    }

    static ClaimStatusAnswer Answer(ClaimStatusQuestion question, PaymentRow? row, DateOnly today)
    {
        var answer = new ClaimStatusAnswer
        {
            ServiceProvider = question.ServiceProvider,
            Subscriber = question.Subscriber,
            MemberId = question.MemberId,
            Dependent = question.Dependent?.Name,
            TraceNumber = question.TraceNumber,
            PatientControlNumber = question.PatientControlNumber,
            ServiceDateFrom = question.ServiceDateFrom,
            ServiceDateTo = question.ServiceDateTo,
        };
        if (row is null)
            return answer with { Statuses = [Status(ClaimStatusCategories.NotFound, ClaimStatusCategories.Codes.ClaimNotFound, today, question.TotalCharge) with { Message = NotOnFile }] };

        answer = answer with { PayerClaimControlNumber = row.PayerClaimNumber, PatientControlNumber = row.PatientControlNumber };
        var adjudicated = DateOnly.FromDateTime(row.CreatedAt.UtcDateTime);
        if (row.RemittanceId is null)
            return answer with
            {
                Statuses = [Status(ClaimStatusCategories.PendingInProcess, ClaimStatusCategories.Codes.AcceptedForProcessing, today, row.Charge) with
                {
                    Message = $"IN PROCESS, PAYMENT CYCLE {row.DueAt.UtcDateTime:yyyy-MM-dd}",
                }],
            };

        var claim = JsonSerializer.Deserialize<AdjudicatedClaim>(row.Payment, SettingsStore.Json)!;
        var (category, code) = row switch
        {
            { IsReversal: true } => (ClaimStatusCategories.FinalizedRevised, ClaimStatusCategories.Codes.SeeRemittanceAdvice),
            { StatusCode: DeniedStatus } => (ClaimStatusCategories.FinalizedDenial, ClaimStatusCategories.Codes.SeeRemittanceAdvice),
            { Paid: > 0 } => (ClaimStatusCategories.FinalizedPayment, ClaimStatusCategories.Codes.Paid),
            _ => (ClaimStatusCategories.FinalizedNoPaymentForthcoming, ClaimStatusCategories.Codes.SeeRemittanceAdvice),
        };
        var finalized = Status(category, code, today, row.Charge) with
        {
            PaymentAmount = row.Paid,
            AdjudicationDate = adjudicated,
            PaymentMethod = row.Paid > 0 ? "CHK" : "NON",
            CheckIssueDate = row.CheckDate,
            CheckNumber = row.CheckNumber,
        };
        return answer with
        {
            Statuses = [finalized],
            ServiceLines = claim.Lines.Select(line => new ServiceLineStatus
            {
                Procedure = new ProcedureCode { Code = line.ProcedureCode, Modifiers = line.Modifiers.ToValueList() },
                ChargeAmount = line.Charge,
                PaidAmount = line.Paid,
                Units = line.Units,
                Statuses = [line.IsDenied
                    ? Status(ClaimStatusCategories.FinalizedDenial, ClaimStatusCategories.Codes.SeeRemittanceAdvice, today, null)
                    : Status(line.Paid > 0 ? ClaimStatusCategories.FinalizedPayment : ClaimStatusCategories.FinalizedNoPaymentForthcoming,
                        line.Paid > 0 ? ClaimStatusCategories.Codes.Paid : ClaimStatusCategories.Codes.SeeRemittanceAdvice, today, null)],
                LineItemControlNumber = line.LineItemControlNumber,
                ServiceDateFrom = line.ServiceDate,
                ServiceDateTo = line.ServiceDate,
            }).ToValueList(),
        };
    }

    static StatusInformation Status(string category, string code, DateOnly date, decimal? charge) =>
        new() { Status = new StatusCode(category, code), EffectiveDate = date, TotalCharge = charge };

    sealed record PaymentRow
    {
        public string PatientControlNumber { get; init; } = "";
        public string PayerClaimNumber { get; init; } = "";
        public int StatusCode { get; init; }
        public decimal Charge { get; init; }
        public decimal Paid { get; init; }
        public bool IsReversal { get; init; }
        public Guid? RemittanceId { get; init; }
        public string? CheckNumber { get; init; }
        public DateOnly? CheckDate { get; init; }
        public DateTimeOffset DueAt { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string Payment { get; init; } = "";
    }
}
