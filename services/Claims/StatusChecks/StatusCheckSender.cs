using Dapper;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Clearinghouse;
using RevenueCycle.ServiceDefaults.Messaging;
using RevenueCycle.ServiceDefaults.Clearinghouse;
using RevenueCycle.X12;
using RevenueCycle.X12.ClaimStatus;
using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.Claims.StatusChecks;

/// <summary>
/// Asks the payer, through the clearinghouse, where one claim stands: a 276 (005010X212) built from the claim, sent in real time,
/// the 277's answer to its trace kept as the claim's next status check with both texts. A clearinghouse that does not answer (or
/// answers something unreadable) is kept as an <see cref="StatusCheckResults.Error"/> check with the reason, never thrown.
/// </summary>
public sealed partial class StatusCheckSender(ClearinghouseClient clearinghouse, NpgsqlDataSource db, ILogger<StatusCheckSender> logger)
{
    /// <summary>Claims that went to the payer (through the clearinghouse) and can be asked about.</summary>
    public static readonly string[] CheckableStatuses =
        [ClaimStatus.Submitted, ClaimStatus.Accepted, ClaimStatus.Rejected, ClaimStatus.Paid, ClaimStatus.PartiallyPaid, ClaimStatus.Denied,
         ClaimStatus.Appealed, ClaimStatus.Closed, ClaimStatus.Voided];

    public async Task<StatusCheckRow> CheckAsync(ClaimRow claim, string trigger, string by, DateTimeOffset at, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var row = new StatusCheckRow
        {
            Id = id, TenantId = claim.TenantId, ClaimId = claim.Id, PayerId = claim.PayerId, Trigger = trigger, CheckedBy = by, CheckedAt = at,
            TotalCharge = claim.TotalCharge,
        };
        var submitter = SubmitterIds.For(claim.TenantId);
        string x276;
        try
        {
            var controlNumber = await NextControlNumberAsync(claim.TenantId, ct);
            x276 = ClaimStatus276Writer.WriteToString(Inquiry(claim, submitter, controlNumber, id, at.UtcDateTime));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return await SaveAsync(row with { Result = StatusCheckResults.Error, Error = $"The 276 could not be written: {e.Message}" }, ct);
        }
        row = row with { X276 = x276 };

        var answer = await clearinghouse.RealtimeClaimStatusAsync(submitter, x276, ct);
        if (!answer.Succeeded)
            return await SaveAsync(row with { Result = StatusCheckResults.Error, Error = answer.Failure.Reason }, ct);
        row = row with { X277 = answer.Value };
        try
        {
            var trace = id.ToString("N");
            var found = ClaimStatus277Reader.Parse(answer.Value!).SelectMany(r => r.Claims).FirstOrDefault(c => c.TraceNumber == trace);
            return await SaveAsync(found is null
                ? row with { Result = StatusCheckResults.Error, Error = $"The clearinghouse's 277 does not answer the 276's trace {trace} (2200D TRN*2)." }
                : Read(row, found), ct);
        }
        catch (X12ParseException e)
        {
            LogUnreadable(logger, claim.Id, e.Message);
            return await SaveAsync(row with { Result = StatusCheckResults.Error, Error = $"The clearinghouse's 277 could not be read: {e.Message}" }, ct);
        }
    }

    public static StatusCheckRow Read(StatusCheckRow row, ClaimStatusAnswer answer)
    {
        var status = answer.Status;
        if (status is null)
            return row with { Result = StatusCheckResults.Error, Error = "The 277 answers the claim without a status (STC)." };
        // The payment may be reported on a later STC of the claim (a payer's second STC carrying STC05..STC09).
        var payment = answer.Statuses.FirstOrDefault(s => s.CheckNumber is not null || s.PaymentAmount is not null) ?? status;
        return row with
        {
            Result = status.Kind switch
            {
                ClaimStatusCategory.NotFound => StatusCheckResults.NotFound,
                ClaimStatusCategory.Pending => StatusCheckResults.Pending,
                ClaimStatusCategory.FinalizedPaid => StatusCheckResults.Paid,
                ClaimStatusCategory.FinalizedDenied => StatusCheckResults.Denied,
                ClaimStatusCategory.Finalized => StatusCheckResults.Finalized,
                ClaimStatusCategory.Acknowledgment => StatusCheckResults.Acknowledged,
                ClaimStatusCategory.RequestForInformation => StatusCheckResults.InformationRequested,
                ClaimStatusCategory.Error => StatusCheckResults.PayerError,
                _ => StatusCheckResults.Other,
            },
            CategoryCode = status.Status.Category,
            StatusCode = status.Status.Code,
            EntityCode = status.Status.EntityCode,
            Meaning = ClaimStatusCategories.Meaning(status.Status.Category),
            Message = status.Message,
            TotalCharge = status.TotalCharge ?? row.TotalCharge,
            PaidAmount = payment.PaymentAmount,
            AdjudicationDate = payment.AdjudicationDate,
            PaymentMethod = payment.PaymentMethod,
            CheckNumber = payment.CheckNumber,
            CheckDate = payment.CheckIssueDate,
            PayerClaimNumber = answer.PayerClaimControlNumber,
        };
    }

    /// <summary>The 276 for one claim: the practice asks its payer (2100A PI) about the claim's CLM01 (REF*EJ), REF*1K when known.</summary>
    public static ClaimStatusInquiry276 Inquiry(ClaimRow claim, string submitter, int controlNumber, Guid checkId, DateTime now)
    {
        var data = claim.ClaimData();
        var practice = data.Practice ?? throw new InvalidOperationException("The claim has no practice profile (2100C service provider).");
        var coverage = data.Coverage;
        // The patient is sent as the subscriber when they are, or when the payer gave them a member id of their own (X212 2000D notes).
        var patientIsSubscriber = coverage.Relationship is "self" || coverage.PatientMemberId is not null;
        var patient = data.Patient;
        return new ClaimStatusInquiry276
        {
            Envelope = new X12Envelope(
                new InterchangeHeader { SenderId = submitter, ReceiverId = BatchSubmitter.ReceiverId, Created = now, ControlNumber = controlNumber },
                new FunctionalGroupHeader
                {
                    FunctionalIdentifierCode = X12Versions.ClaimStatusInquiryGroup, ApplicationSenderCode = submitter,
                    ApplicationReceiverCode = BatchSubmitter.ReceiverId, Created = now, ControlNumber = controlNumber, Version = X12Versions.ClaimStatusInquiry276,
                },
                BatchSubmitter.TransactionNumber(controlNumber)),
            ReferenceId = checkId.ToString("N"),
            Created = now,
            Payer = EntityName.Organization(claim.PayerName, EntityName.PayerIdQualifier, claim.PayerId),
            InformationReceiver = EntityName.Organization(practice.Name, "46", submitter),
            Claims =
            [
                new ClaimStatusQuestion
                {
                    ServiceProvider = new EntityName
                    {
                        Type = practice.NpiEntityType == 1 ? EntityType.Person : EntityType.Organization,
                        LastNameOrOrganization = practice.Name, IdQualifier = EntityName.NpiQualifier, Identifier = practice.Npi,
                    },
                    Subscriber = patientIsSubscriber
                        ? new PersonName(patient.LastName, patient.FirstName)
                        : new PersonName(coverage.Subscriber.LastName, coverage.Subscriber.FirstName),
                    MemberId = coverage.PatientMemberId ?? coverage.MemberId,
                    SubscriberBirthDate = patientIsSubscriber ? patient.DateOfBirth : coverage.Subscriber.DateOfBirth,
                    SubscriberGender = Gender(patientIsSubscriber ? patient.Sex : coverage.Subscriber.Sex),
                    Dependent = patientIsSubscriber ? null : new DependentInquiry
                    {
                        Name = new PersonName(patient.LastName, patient.FirstName), BirthDate = patient.DateOfBirth, Gender = Gender(patient.Sex),
                    },
                    TraceNumber = checkId.ToString("N"),
                    PayerClaimControlNumber = claim.PayerClaimNumber,
                    PatientControlNumber = claim.PatientControlNumber,
                    TotalCharge = claim.TotalCharge,
                    ServiceDateFrom = claim.DateOfService,
                    ServiceDateTo = claim.DateOfService,
                },
            ],
        };
    }

    static Gender Gender(string sex) => sex switch { "F" => X12.Gender.Female, "M" => X12.Gender.Male, _ => X12.Gender.Unknown };

    /// <summary>ISA13/GS06 from the same counter as the tenant's 837P interchanges: control numbers stay unique per sender.</summary>
    async Task<int> NextControlNumberAsync(Guid tenant, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var next = await ClaimStore.NextAsync(connection, tx, tenant, "interchange-control-number");
        await tx.CommitAsync(ct);
        return (int)((next - 1) % InterchangeHeader.MaxControlNumber + 1);
    }

    /// <summary>The check and a line in the claim's history, in one transaction.</summary>
    async Task<StatusCheckRow> SaveAsync(StatusCheckRow row, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(
            $"""
            INSERT INTO claim_status_checks ({StatusCheckRow.Columns})
            VALUES (@Id, @TenantId, @ClaimId, @PayerId, @Trigger, @Result, @CategoryCode, @StatusCode, @EntityCode, @Meaning, @Message, @TotalCharge,
                    @PaidAmount, @AdjudicationDate, @PaymentMethod, @CheckNumber, @CheckDate, @PayerClaimNumber, @Error, @X276, @X277, @CheckedBy, @CheckedAt)
            """, row, tx);
        var status = await connection.QuerySingleAsync<string>("SELECT status FROM claims WHERE id = @ClaimId FOR UPDATE", new { row.ClaimId }, tx);
        var detail = row.Result == StatusCheckResults.Error
            ? $"Status check ({row.Trigger}) got no answer: {row.Error}"
            : $"Status check ({row.Trigger}): {row.CategoryCode}:{row.StatusCode} {row.Meaning}" +
              (row.CheckNumber is null ? "" : $", paid {row.PaidAmount:0.00} by check {row.CheckNumber} of {row.CheckDate:yyyy-MM-dd}");
        await ClaimStore.AddHistoryAsync(connection, tx, row.TenantId, row.ClaimId, status, detail);
        await Outbox.Enqueue(connection, tx, new ClaimStatusChecked(row.TenantId, row.ClaimId, row.Id, row.Trigger, row.Result, row.CategoryCode,
            row.StatusCode, row.PaidAmount, row.CheckNumber, row.CheckDate, row.CheckedAt), row.TenantId);
        await tx.CommitAsync(ct);
        return row;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The 277 answering a status check of claim {ClaimId} could not be read: {Reason}")]
    static partial void LogUnreadable(ILogger logger, Guid claimId, string reason);
}
