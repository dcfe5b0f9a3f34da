using System.Data.Common;
using System.Threading.Channels;
using System.Text.Json;
using Dapper;
using Npgsql;
using RevenueCycle.ClearinghouseSimulator.Adjudication;
using RevenueCycle.ClearinghouseSimulator.Remittances;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12;
using RevenueCycle.X12.Acknowledgments;
using RevenueCycle.X12.Claims;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.ClearinghouseSimulator.Submissions;

public abstract record FileOutcome
{
    public sealed record Taken(Guid FileId, string InterchangeControlNumber) : FileOutcome;
    public sealed record AlreadyTaken(Guid FileId, string InterchangeControlNumber) : FileOutcome;
    public sealed record BadX12(string Detail, string? SegmentId, long? SegmentPosition, int? ElementPosition) : FileOutcome;
}

/// <summary>
/// Takes an 837P interchange the way a clearinghouse and its payers do, in two steps. On the request
/// (<see cref="TakeAsync"/>): the 999 for syntax and the front-end edit on the payer id
/// (<see cref="PayerSettings.RejectIn999"/>), the file stored once per submitter and ISA13 with its 999 in the
/// mailbox, in one transaction. After it (<see cref="ProcessNextAsync"/>, by <see cref="ClaimFileLoop"/>): per claim
/// of the accepted transaction sets the payers' front-end edits (277CA) and adjudication (835), one file at a time
/// in the order received, each file in one transaction, so deductibles and duplicates see every claim before and a
/// file is wholly processed or not at all.
/// </summary>
public sealed partial class ClaimFileProcessor(NpgsqlDataSource db, TimeProvider clock, ILogger<ClaimFileProcessor> logger)
{
    const long AdjudicationLockKey = 0x52434D5F53494D; // "RCM_SIM": one file adjudicates at a time, so deductibles and duplicates see every claim before
    static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    readonly Channel<bool> taken = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Waits until this process takes a file (at once if it took one since the last wait), or <paramref name="timeout"/>.</summary>
    public async Task WaitForFileAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await taken.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async Task<FileOutcome> TakeAsync(string submitterId, string x12, CancellationToken cancellationToken)
    {
        IReadOnlyList<FunctionalAcknowledgment999> acknowledgments;
        try
        {
            acknowledgments = Claim837SyntaxValidator.Validate(x12);
        }
        catch (X12ParseException e)
        {
            return new FileOutcome.BadX12(e.Message, e.SegmentId, e.SegmentPosition, e.ElementPosition);
        }
        var interchangeControlNumber = OutboundEnvelope.InterchangeControlNumber(x12);
        if (acknowledgments.Count == 0 || interchangeControlNumber is null)
            return new FileOutcome.BadX12("The interchange has no ISA or no functional group (GS..GE) of 837 claims.", "GS", null, null);

        // Syntax alone decides whether a reader failure is the file's fault; the payers' front-end edits come after.
        var syntaxAccepted = acknowledgments.All(a => a.GroupStatus is AcknowledgmentCode.Accepted or AcknowledgmentCode.AcceptedWithErrors);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        acknowledgments = await PayerFrontEndEdit.ApplyAsync(acknowledgments, x12, connection, cancellationToken);

        var accepted = acknowledgments.SelectMany(a => a.TransactionSets)
            .Where(t => t.Status is AcknowledgmentCode.Accepted or AcknowledgmentCode.AcceptedWithErrors)
            .Select(t => t.ControlNumber).ToHashSet();
        var allAccepted = acknowledgments.All(a => a.GroupStatus is AcknowledgmentCode.Accepted or AcknowledgmentCode.AcceptedWithErrors);
        var (batches, stopped) = AcceptedBatches(x12, accepted);
        if (stopped is not null && syntaxAccepted)
            return new FileOutcome.BadX12(stopped.Message, stopped.SegmentId, stopped.SegmentPosition, stopped.ElementPosition);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var fileId = Guid.CreateVersion7();
        var status = allAccepted ? "accepted" : accepted.Count == 0 ? "rejected" : "partially-accepted";
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO received_files (id, submitter_id, interchange_control_number, kind, status, claim_count, x12, received_at, accepted_sets, processed_at)
            VALUES (@fileId, @submitterId, @interchangeControlNumber, '837', @status, @claims, @x12, @now, @acceptedSets,
                    CASE WHEN @nothingToProcess THEN clock_timestamp() END)
            ON CONFLICT (submitter_id, interchange_control_number) DO NOTHING
            """, new
            {
                fileId, submitterId, interchangeControlNumber, status, claims = batches.Sum(b => b.Claims.Count), x12, now,
                acceptedSets = batches.Select(b => b.Envelope.TransactionSetControlNumber).ToArray(), nothingToProcess = batches.Count == 0,
            }, transaction);
        if (inserted == 0)
        {
            var existing = await connection.QuerySingleAsync<Guid>(
                "SELECT id FROM received_files WHERE submitter_id = @submitterId AND interchange_control_number = @interchangeControlNumber",
                new { submitterId, interchangeControlNumber }, transaction);
            await transaction.RollbackAsync(cancellationToken);
            return new FileOutcome.AlreadyTaken(existing, interchangeControlNumber);
        }

        foreach (var acknowledgment in acknowledgments)
        {
            var incoming = acknowledgment.Envelope;
            var envelope = await OutboundEnvelope.NextAsync(connection, transaction, submitterId, incoming.Group.ApplicationSenderCode,
                X12Versions.AcknowledgmentGroup, X12Versions.FunctionalAcknowledgment999, now);
            var text = Acknowledgment999Writer.WriteToString(acknowledgment with { Envelope = envelope });
            await Mailbox.Mailbox.PutAsync(connection, transaction, submitterId, "999", OutboundEnvelope.Format(envelope.Interchange.ControlNumber), text, fileId);
        }
        await transaction.CommitAsync(cancellationToken);
        if (batches.Count > 0) taken.Writer.TryWrite(true);
        return new FileOutcome.Taken(fileId, interchangeControlNumber);
    }

    /// <summary>
    /// The transaction sets of the interchange that its 999 accepted. A set rejected for syntax may stop the reader:
    /// the accepted sets read before it stand, and <c>Stopped</c> says why it stopped.
    /// </summary>
    static (List<ClaimBatch837> Batches, X12ParseException? Stopped) AcceptedBatches(string x12, IReadOnlySet<string> accepted)
    {
        var batches = new List<ClaimBatch837>();
        if (accepted.Count == 0) return (batches, null);
        try
        {
            using var reader = new Claim837Reader(new StringReader(x12));
            while (reader.ReadNext() is { } batch)
                if (accepted.Contains(batch.Envelope.TransactionSetControlNumber))
                    batches.Add(batch);
        }
        catch (X12ParseException e)
        {
            return (batches, e);
        }
        return (batches, null);
    }

    sealed record Waiting
    {
        public Guid Id { get; init; }
        public string SubmitterId { get; init; } = "";
        public string InterchangeControlNumber { get; init; } = "";
        public string X12 { get; init; } = "";
        public string[] AcceptedSets { get; init; } = [];
        public DateTimeOffset ReceivedAt { get; init; }
    }

    /// <summary>
    /// Processes the oldest taken file not yet processed: a 277CA per accepted transaction set, adjudication, the 835s
    /// that are due. Returns false when no file waits. A failure leaves the file for a later try (with back-off) and
    /// lets the files after it go first.
    /// </summary>
    public async Task<bool> ProcessNextAsync(CancellationToken cancellationToken)
    {
        Guid? current = null;
        try
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync($"SELECT pg_advisory_xact_lock({AdjudicationLockKey})", transaction: transaction);
            var file = await connection.QuerySingleOrDefaultAsync<Waiting>(
                """
                SELECT id, submitter_id, interchange_control_number, x12, accepted_sets, received_at FROM received_files
                WHERE processed_at IS NULL AND next_attempt_at <= now()
                ORDER BY sequence LIMIT 1
                FOR UPDATE
                """, transaction: transaction);
            if (file is null)
            {
                await transaction.CommitAsync(cancellationToken);
                return false;
            }
            current = file.Id;
            await ProcessAsync(connection, transaction, file);
            await connection.ExecuteAsync("UPDATE received_files SET processed_at = clock_timestamp() WHERE id = @Id", new { file.Id }, transaction);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (current is { } id && !cancellationToken.IsCancellationRequested)
        {
            LogProcessingFailed(logger, id, e);
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(
                """
                UPDATE received_files SET process_attempts = process_attempts + 1, last_error = @error,
                       next_attempt_at = now() + least(make_interval(secs => 0.5 * power(2, least(process_attempts, 16))), make_interval(secs => @max))
                WHERE id = @id
                """, new { id, error = e.Message, max = MaxRetryDelay.TotalSeconds });
            return true;
        }
    }

    async Task ProcessAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Waiting file)
    {
        var (batches, _) = AcceptedBatches(file.X12, file.AcceptedSets.ToHashSet());
        var now = clock.GetUtcNow().UtcDateTime;
        // The payer received the claims when the clearinghouse took the file (timely filing counts to that day).
        var received = DateOnly.FromDateTime(file.ReceivedAt.UtcDateTime);
        var run = new AdjudicationRun(connection, transaction, file.SubmitterId, file.Id, received);
        var claimNumber = 0;
        foreach (var batch in batches)
        {
            var statuses = new List<ClaimStatus277>();
            for (var i = 0; i < batch.Claims.Count; i++)
                statuses.Add(await run.TakeAsync(batch.Claims[i], $"{file.InterchangeControlNumber}-{++claimNumber}"));
            var envelope = await OutboundEnvelope.NextAsync(connection, transaction, file.SubmitterId, batch.Envelope.Group.ApplicationReceiverCode,
                X12Versions.ClaimStatusGroup, X12Versions.ClaimAcknowledgment277, now);
            var acknowledgment = new ClaimAcknowledgment277
            {
                Envelope = envelope,
                ReferenceId = batch.OriginatorReference,
                Created = now,
                InformationSource = EntityName.Organization(batch.Receiver.LastNameOrOrganization, "46", batch.Receiver.Identifier ?? OutboundEnvelope.SimulatorId),
                ReceiptDate = received,
                ProcessDate = DateOnly.FromDateTime(now),
                InformationReceiver = batch.Submitter,
                Claims = statuses.ToValueList(),
            };
            await Mailbox.Mailbox.PutAsync(connection, transaction, file.SubmitterId, "277CA", OutboundEnvelope.Format(envelope.Interchange.ControlNumber),
                ClaimAcknowledgment277Writer.WriteToString(acknowledgment), file.Id);
        }

        await RemittanceEmitter.EmitDueAsync(connection, transaction, file.Id, now);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing received file {FileId} failed; it is tried again later")]
    static partial void LogProcessingFailed(ILogger logger, Guid fileId, Exception e);

    /// <summary>One file's claims, through the payers' front-end edits and adjudication.</summary>
    sealed class AdjudicationRun(DbConnection connection, DbTransaction transaction, string submitterId, Guid fileId, DateOnly today)
    {
        readonly Dictionary<string, PayerSettings> payers = [];

        public async Task<ClaimStatus277> TakeAsync(Claim837 claim, string trace)
        {
            var payerId = claim.Payer.PayerId;
            var memberId = claim.Subscriber.MemberId;
            if (!payers.TryGetValue(payerId, out var payer))
                payers[payerId] = payer = await SettingsStore.PayerAsync(connection, payerId, transaction);
            var plan = await SettingsStore.MemberAsync(connection, payerId, memberId, transaction);

            var acknowledgment = new ClaimStatus277
            {
                BillingProvider = EntityName.Organization(claim.BillingProvider.OrganizationName, EntityName.NpiQualifier, claim.BillingProvider.Npi),
                PatientName = claim.Patient?.Name ?? claim.Subscriber.Name,
                MemberId = memberId,
                PatientControlNumber = claim.PatientControlNumber,
                ClearinghouseTraceNumber = trace,
                ServiceDateFrom = claim.Lines.Count > 0 ? claim.Lines.Min(l => l.ServiceDate) : null,
                ServiceDateTo = claim.Lines.Count > 0 ? claim.Lines.Max(l => l.ServiceDate) : null,
            };
            if (plan?.Invalid == true)
                return Rejected(acknowledgment, claim, ClaimStatusDetail.ReturnedAsUnprocessable, ClaimStatusCodes277.SubscriberNotFound, "IL",
                    $"Subscriber id {memberId} is not a member of payer {payerId}.");

            Original? original = null;
            if (claim.Frequency is ClaimFrequency.Replacement or ClaimFrequency.Void)
            {
                if (string.IsNullOrWhiteSpace(claim.PayerClaimControlNumber))
                    return Rejected(acknowledgment, claim, ClaimStatusDetail.RejectedMissingInformation, ClaimStatusCodes277.MissingOrInvalidInformation, "PR",
                        "A replacement or void (CLM05-3 7 or 8) needs the payer's claim control number in REF F8.");
                original = await connection.QuerySingleOrDefaultAsync<Original>(
                    """
                    SELECT id, payment::text AS payment FROM claim_payments
                    WHERE payer_id = @payerId AND payer_claim_number = @number AND NOT reversed AND NOT is_reversal
                    ORDER BY sequence DESC LIMIT 1
                    """, new { payerId, number = claim.PayerClaimControlNumber }, transaction);
                if (original is null)
                    return Rejected(acknowledgment, claim, ClaimStatusDetail.RejectedInvalidInformation, ClaimStatusCodes277.MissingOrInvalidInformation, "PR",
                        $"REF F8 {claim.PayerClaimControlNumber} is not an adjudicated claim of payer {payerId} that can be replaced or voided.");
            }

            var payerClaimNumber = "SIM" + (await connection.ExecuteScalarAsync<long>("SELECT nextval('payer_claim_numbers')", transaction: transaction))
                .ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
            if (original is not null)
            {
                var reversed = JsonSerializer.Deserialize<AdjudicatedClaim>(original.Payment, SettingsStore.Json)!;
                await connection.ExecuteAsync("UPDATE claim_payments SET reversed = true WHERE id = @id", new { original.Id }, transaction);
                await connection.ExecuteAsync("UPDATE adjudicated_services SET active = false WHERE claim_payment_id = @id", new { original.Id }, transaction);
                await RecordAsync(payerId, memberId, payer, reversed.Reversal(), isReversal: true);
                plan = await SettingsStore.MemberAsync(connection, payerId, memberId, transaction);
            }
            if (claim.Frequency != ClaimFrequency.Void)
            {
                var services = (await connection.QueryAsync<ServiceRow>(
                    """
                    SELECT service_date, procedure_code FROM adjudicated_services
                    WHERE payer_id = @payerId AND member_id = @memberId AND active
                    """, new { payerId, memberId }, transaction)).Select(r => (r.ServiceDate, r.ProcedureCode)).ToHashSet();
                var adjudicated = Adjudicator.Adjudicate(claim, payer, plan ?? MemberPlan.Unknown,
                    new AdjudicationContext(today, payerClaimNumber, (date, code) => services.Contains((date, code))));
                var id = await RecordAsync(payerId, memberId, payer, adjudicated, isReversal: false);
                foreach (var line in adjudicated.Lines.Where(l => !l.IsDenied))
                    await connection.ExecuteAsync(
                        """
                        INSERT INTO adjudicated_services (claim_payment_id, payer_id, member_id, service_date, procedure_code)
                        VALUES (@id, @payerId, @memberId, @ServiceDate, @ProcedureCode)
                        """, new { id, payerId, memberId, line.ServiceDate, line.ProcedureCode }, transaction);
            }

            return acknowledgment with
            {
                Statuses = [new ClaimStatusDetail
                {
                    Category = ClaimStatusDetail.AcceptedForAdjudication, StatusCode = ClaimStatusCodes277.AcceptedForProcessing,
                    EffectiveDate = today, ActionCode = "WQ", ChargeAmount = claim.TotalCharge,
                }],
                PayerClaimControlNumber = payerClaimNumber,
            };
        }

        async Task<Guid> RecordAsync(string payerId, string memberId, PayerSettings payer, AdjudicatedClaim adjudicated, bool isReversal)
        {
            var id = Guid.CreateVersion7();
            await connection.ExecuteAsync(
                """
                INSERT INTO claim_payments (id, file_id, submitter_id, payer_id, member_id, patient_control_number, payer_claim_number, status_code,
                    charge, paid, patient_responsibility, deductible_applied, payment, is_reversal, due_at)
                VALUES (@id, @fileId, @submitterId, @payerId, @memberId, @PatientControlNumber, @PayerClaimNumber, @status,
                    @Charge, @Paid, @PatientResponsibility, @DeductibleApplied, @payment::jsonb, @isReversal, now() + make_interval(secs => @delay))
                """,
                new
                {
                    id, fileId, submitterId, payerId, memberId, adjudicated.PatientControlNumber, adjudicated.PayerClaimNumber, status = (int)adjudicated.Status,
                    adjudicated.Charge, adjudicated.Paid, adjudicated.PatientResponsibility, adjudicated.DeductibleApplied,
                    payment = JsonSerializer.Serialize(adjudicated, SettingsStore.Json), isReversal, delay = (double)payer.EraDelaySeconds,
                }, transaction);
            if (adjudicated.DeductibleApplied != 0)
                await connection.ExecuteAsync(
                    """
                    UPDATE members SET deductible_met = LEAST(deductible, GREATEST(0, deductible_met + @applied)), updated_at = now()
                    WHERE payer_id = @payerId AND member_id = @memberId
                    """, new { applied = adjudicated.DeductibleApplied, payerId, memberId }, transaction);
            return id;
        }

        ClaimStatus277 Rejected(ClaimStatus277 acknowledgment, Claim837 claim, string category, string code, string entity, string message) =>
            acknowledgment with
            {
                Statuses = [new ClaimStatusDetail
                {
                    Category = category, StatusCode = code, EntityCode = entity, EffectiveDate = today,
                    ActionCode = "U", ChargeAmount = claim.TotalCharge, Message = Printable(message),
                }],
            };

        // STC12 is free text inside the 277CA: it cannot carry the interchange's delimiters.
        static string Printable(string message) => new(message.Select(c => c is '*' or ':' or '^' or '~' or '|' ? ' ' : c).ToArray());

        sealed record ServiceRow
        {
            public DateOnly ServiceDate { get; init; }
            public string ProcedureCode { get; init; } = "";
        }

        sealed record Original
        {
            public Guid Id { get; init; }
            public string Payment { get; init; } = "";
        }
    }
}

/// <summary>Claim status codes (X12 code list 508) the simulator's 277CAs use.</summary>
public static class ClaimStatusCodes277
{
    public const string AcceptedForProcessing = "20";
    public const string MissingOrInvalidInformation = "21";
    public const string SubscriberNotFound = "33";
}
