using System.Threading.Channels;
using Dapper;
using Npgsql;
using RevenueCycle.ClearinghouseSimulator.Adjudication;
using RevenueCycle.ClearinghouseSimulator.Remittances;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12;
using RevenueCycle.X12.Acknowledgments;
using RevenueCycle.X12.Claims;

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
        var run = await AdjudicationRun.StartAsync(connection, transaction, file.SubmitterId, file.Id, received,
            batches.SelectMany(b => b.Claims.AsEnumerable()).ToList());
        var claimNumber = 0;
        foreach (var batch in batches)
        {
            var statuses = new List<(Claim837 Claim, ClaimStatus277 Status)>();
            for (var i = 0; i < batch.Claims.Count; i++)
                statuses.Add((batch.Claims[i], run.Take(batch.Claims[i], $"{file.InterchangeControlNumber}-{++claimNumber}")));
            // A payer that loses its claims: the clearinghouse's receipt (A1) like a two-stage payer's, and no payer 277CA after it.
            var lost = statuses.Where(s => run.SettingsOf(s.Claim.Payer.PayerId).LoseClaims).ToList();
            var twoStage = statuses.Where(s => run.SettingsOf(s.Claim.Payer.PayerId) is { TwoStageAcknowledgments: true, LoseClaims: false }).ToList();
            var oneStage = statuses.Where(s => run.SettingsOf(s.Claim.Payer.PayerId) is { TwoStageAcknowledgments: false, LoseClaims: false }).ToList();
            var clearinghouse = EntityName.Organization(batch.Receiver.LastNameOrOrganization, "46", batch.Receiver.Identifier ?? OutboundEnvelope.SimulatorId);

            if (oneStage.Count > 0)
                await Put277Async(connection, transaction, file, batch, received, now, clearinghouse, ClaimAcknowledgment277.Payer, oneStage.Select(s => s.Status));
            if (twoStage.Count == 0 && lost.Count == 0) continue;
            // X214 1.4: the clearinghouse's 277CA first, every claim received (A1:19, with its REF*D9 trace, no payer claim number);
            // then each payer's own, accepting into adjudication (A2 with REF*1K) or rejecting. Both now, as separate files, in that order.
            await Put277Async(connection, transaction, file, batch, received, now, clearinghouse, ClaimAcknowledgment277.Clearinghouse,
                twoStage.Concat(lost).Select(s => Receipt(s.Status, s.Claim, received)));
            foreach (var byPayer in twoStage.GroupBy(s => s.Claim.Payer.PayerId, StringComparer.Ordinal))
                await Put277Async(connection, transaction, file, batch, received, now,
                    EntityName.Organization(byPayer.First().Claim.Payer.Name, EntityName.PayerIdQualifier, byPayer.Key), ClaimAcknowledgment277.Payer,
                    byPayer.Select(s => s.Status));
        }

        await run.SaveAsync();
        await RemittanceEmitter.EmitDueAsync(connection, transaction, file.Id, now);
    }

    static async Task Put277Async(NpgsqlConnection connection, NpgsqlTransaction transaction, Waiting file, ClaimBatch837 batch, DateOnly received, DateTime now,
        EntityName source, string sourceEntityCode, IEnumerable<ClaimStatus277> claims)
    {
        var envelope = await OutboundEnvelope.NextAsync(connection, transaction, file.SubmitterId, batch.Envelope.Group.ApplicationReceiverCode,
            X12Versions.ClaimStatusGroup, X12Versions.ClaimAcknowledgment277, now);
        var acknowledgment = new ClaimAcknowledgment277
        {
            Envelope = envelope,
            ReferenceId = batch.OriginatorReference,
            Created = now,
            InformationSource = source,
            InformationSourceEntityCode = sourceEntityCode,
            ReceiptDate = received,
            ProcessDate = DateOnly.FromDateTime(now),
            InformationReceiver = batch.Submitter,
            Claims = claims.ToValueList(),
        };
        await Mailbox.Mailbox.PutAsync(connection, transaction, file.SubmitterId, "277CA", OutboundEnvelope.Format(envelope.Interchange.ControlNumber),
            ClaimAcknowledgment277Writer.WriteToString(acknowledgment), file.Id);
    }

    /// <summary>The clearinghouse's word on a claim it passed on: received (A1), 19 "entity acknowledges receipt", the entity the payer (PR).</summary>
    static ClaimStatus277 Receipt(ClaimStatus277 payerStatus, Claim837 claim, DateOnly received) => payerStatus with
    {
        Statuses = [new ClaimStatusDetail
        {
            Category = ClaimStatusDetail.Received, StatusCode = ClaimStatusCodes277.EntityAcknowledgesReceipt, EntityCode = ClaimAcknowledgment277.Payer,
            EffectiveDate = received, ActionCode = "WQ", ChargeAmount = claim.TotalCharge,
        }],
        PayerClaimControlNumber = null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing received file {FileId} failed; it is tried again later")]
    static partial void LogProcessingFailed(ILogger logger, Guid fileId, Exception e);
}

/// <summary>Claim status codes (X12 code list 508) the simulator's 277CAs use.</summary>
public static class ClaimStatusCodes277
{
    public const string EntityAcknowledgesReceipt = "19";
    public const string AcceptedForProcessing = "20";
    public const string MissingOrInvalidInformation = "21";
    public const string SubscriberNotFound = "33";
}
