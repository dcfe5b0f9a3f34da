using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Clearinghouse;
using RevenueCycle.ServiceDefaults.Messaging;
using RevenueCycle.X12;
using RevenueCycle.X12.Claims;

namespace RevenueCycle.Claims.Submission;

public sealed class SubmissionOptions
{
    /// <summary>Claims per 837P interchange; a batch goes when it is full or its oldest claim has waited <see cref="MaxWait"/>.</summary>
    public int MaxBatchSize { get; set; } = 100;
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A file not yet accepted by the clearinghouse after this long is sent again (same ISA13, so safe).</summary>
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The submission worker's core. A batch is taken from <c>pending_submission</c> with <c>FOR UPDATE SKIP LOCKED</c>;
/// the 837P is written, stored, its claims marked submitted and their pending rows deleted in one transaction, so
/// a claim lands in exactly one interchange however many workers run. The file is sent after commit; a failed
/// send is retried with the same ISA13, which the clearinghouse de-duplicates.
/// </summary>
public sealed partial class BatchSubmitter(NpgsqlDataSource db, ClearinghouseAdapter clearinghouse, IOptions<SubmissionOptions> options, ILogger<BatchSubmitter> logger)
{
    public static readonly string Worker = $"{Environment.MachineName}:{Environment.ProcessId}";
    public const string ReceiverId = "CLEARINGHOUSE";

    sealed record Pending
    {
        public Guid ClaimId { get; init; }
        public bool Due { get; init; }
    }

    /// <summary>What one batch transaction wrote: the file to send (none when every claim went back to the work queue) and its claim count.</summary>
    sealed record Created(Unsent? File, int Claims);

    /// <summary>Writes and sends every due batch of one tenant and payer; returns how many claims went.</summary>
    public async Task<int> FlushAsync(Guid tenant, string payerId, string route, CancellationToken ct)
    {
        var total = 0;
        // One file on the wire while the next is written: the two overlap, and files still reach the clearinghouse
        // in the order they were written (one send at a time), so its adjudication sees the claims in that order.
        Task sending = Task.CompletedTask;
        try
        {
            while (await CreateBatchAsync(tenant, payerId, route, ct) is { } batch)
            {
                total += batch.Claims;
                await sending;
                if (batch.File is { } file && route == Routes.Simulator) sending = SendAsync(file, ct);
            }
        }
        finally
        {
            // A failed write still lets the file before it finish sending (what it did not send, the sweep resends).
            await sending;
        }
        return total;
    }

    async Task<Created?> CreateBatchAsync(Guid tenant, string payerId, string route, CancellationToken ct)
    {
        var o = options.Value;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var pending = (await connection.QueryAsync<Pending>(
            """
            SELECT claim_id, enqueued_at <= clock_timestamp() - make_interval(secs => @Wait) AS due
            FROM pending_submission
            WHERE tenant_id = @Tenant AND payer_id = @PayerId AND route = @Route
            ORDER BY enqueued_at, claim_id
            LIMIT @Max
            FOR UPDATE SKIP LOCKED
            """, new { Tenant = tenant, PayerId = payerId, Route = route, Wait = o.MaxWait.TotalSeconds, Max = o.MaxBatchSize }, tx)).ToList();
        if (pending.Count == 0 || (pending.Count < o.MaxBatchSize && !pending[0].Due)) return null;

        // A claim locked elsewhere is being changed (a re-scrub for a new coverage, fee or profile): it is skipped
        // and keeps its queue row, which that transaction replaces or leaves for the next batch.
        var locked = (await connection.QueryAsync<ClaimRow>(
            $"SELECT {ClaimStore.Columns} FROM claims WHERE tenant_id = @Tenant AND id = ANY(@Ids) ORDER BY id FOR UPDATE SKIP LOCKED",
            new { Tenant = tenant, Ids = pending.Select(p => p.ClaimId).ToArray() }, tx)).ToList();
        if (locked.Count == 0) return null;
        await connection.ExecuteAsync("DELETE FROM pending_submission WHERE claim_id = ANY(@Ids)", new { Ids = locked.Select(c => c.Id).ToArray() }, tx);
        var claims = locked.Where(c => c.Status == ClaimStatus.Ready).ToList();

        var built = new List<(ClaimRow Row, ClaimData Data, Claim837 Claim)>();
        foreach (var row in claims)
        {
            var data = row.ClaimData();
            try
            {
                built.Add((row, data, Claim837Mapping.ToClaim837(row, data)));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                await ClaimStore.SaveEditsAsync(connection, tx, row.Id, [ScrubEdit.Error("x12.invalid", e.Message)]);
                await ClaimStore.TransitionAsync(connection, tx, tenant, row.Id, ClaimEvent.NotWritable, $"The 837P could not be written: {e.Message}");
            }
        }
        if (built.Count == 0)
        {
            await tx.CommitAsync(ct);
            return new Created(null, 0);
        }

        var controlNumber = (int)((await ClaimStore.NextAsync(connection, tx, tenant, "interchange-control-number") - 1) % InterchangeHeader.MaxControlNumber + 1);
        var batchId = Guid.CreateVersion7();
        var x12 = Write(tenant, controlNumber, batchId, route, built[0].Data, built.Select(b => b.Claim).ToValueList());
        await connection.ExecuteAsync(
            """
            INSERT INTO batches (id, tenant_id, payer_id, route, interchange_number, group_number, transaction_number, claim_count, x12, worker)
            VALUES (@Id, @Tenant, @PayerId, @Route, @Number, @Number, @Transaction, @Count, @X12, @Worker)
            """, new { Id = batchId, Tenant = tenant, PayerId = payerId, Route = route, Number = controlNumber, Transaction = TransactionNumber(controlNumber),
                Count = built.Count, X12 = x12, Worker }, tx);
        // Set-based from here: a batch costs the same few round trips whether it holds 1 claim or 5,000.
        var claimIds = built.Select(b => b.Row.Id).ToArray();
        await connection.ExecuteAsync(
            """
            INSERT INTO batch_claims (batch_id, claim_id) SELECT @BatchId, unnest(@ClaimIds);
            UPDATE claims SET last_batch_id = @BatchId WHERE tenant_id = @Tenant AND id = ANY(@ClaimIds);
            """, new { BatchId = batchId, Tenant = tenant, ClaimIds = claimIds }, tx);
        await ClaimStore.TransitionAsync(connection, tx, tenant, claimIds, ClaimEvent.Sent,
            route == Routes.Manual ? $"In 837P batch {controlNumber}, kept for download (payer routed manual)." : $"In 837P batch {controlNumber} to the clearinghouse.");
        var now = DateTimeOffset.UtcNow;
        await Outbox.EnqueueAll(connection, tx, built.Select(b => new ClaimSubmitted(tenant, b.Row.Id, b.Row.EncounterId, b.Row.PatientId,
            b.Row.PatientControlNumber, b.Row.PayerClaimNumber, b.Row.PayerRef, b.Row.PayerId, b.Row.PayerName, b.Row.Responsibility, b.Row.Frequency,
            b.Row.ReplacesClaimId, b.Data.DateOfService, b.Data.TotalCharge,
            b.Data.Lines.Select(l => new ClaimLineInfo(l.LineNumber, l.ProcedureCode, l.Modifiers, l.Units, l.Charge ?? 0m, b.Data.DateOfService)).ToList(),
            now)).ToList(), tenant);
        await tx.CommitAsync(ct);
        LogBatch(logger, controlNumber, built.Count, payerId, Worker);
        return new Created(new Unsent { Id = batchId, TenantId = tenant, X12 = x12, InterchangeNumber = controlNumber }, built.Count);
    }

    public static string TransactionNumber(int controlNumber) => (controlNumber % 1_000_000_000).ToString("0000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One 837P interchange (ISA13 = GS06 = ST02 = the tenant's next control number) for one payer's claims.</summary>
    public static string Write(Guid tenant, int controlNumber, Guid batchId, string route, ClaimData first, ValueList<Claim837> claims)
    {
        var submitter = SubmitterIds.For(tenant);
        var now = DateTime.UtcNow;
        var practice = first.Practice!;
        var receiver = route == Routes.Manual
            ? EntityName.Organization(first.Coverage.Payer.Name, "46", first.Coverage.Payer.PayerId)
            : EntityName.Organization("RCM CLEARINGHOUSE", "46", ReceiverId);
        var batch = new ClaimBatch837
        {
            Envelope = new X12Envelope(
                new InterchangeHeader { SenderId = submitter, ReceiverId = receiver.Identifier!, Created = now, ControlNumber = controlNumber, AcknowledgmentRequested = true },
                new FunctionalGroupHeader
                {
                    FunctionalIdentifierCode = X12Versions.ClaimGroup, ApplicationSenderCode = submitter, ApplicationReceiverCode = receiver.Identifier!,
                    Created = now, ControlNumber = controlNumber, Version = X12Versions.ProfessionalClaim837,
                },
                TransactionNumber(controlNumber)),
            OriginatorReference = batchId.ToString("N")[..30],
            Created = now,
            Submitter = EntityName.Organization(practice.Name, "46", submitter),
            // 1000A PER: the number a payer calls about the file; never a made-up one (the scrubber holds claims of a practice without).
            SubmitterContact = new Contact
            {
                FunctionCode = "IC", Name = "BILLING OFFICE",
                Numbers = [new CommunicationNumber(CommunicationNumber.Telephone, Claim837Mapping.ContactPhone(practice.Phone)
                    ?? throw new InvalidOperationException("The practice has no telephone number for the 837P submitter contact (1000A PER); PUT /api/practice with phone."))],
            },
            Receiver = receiver,
            Claims = claims,
        };
        return Claim837Writer.WriteToString(batch);
    }

    sealed record Unsent
    {
        public Guid Id { get; init; }
        public Guid TenantId { get; init; }
        public string X12 { get; init; } = "";
        public int InterchangeNumber { get; init; }
    }

    async Task SendAsync(Unsent batch, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await SendAsync(connection, batch, ct);
    }

    async Task SendAsync(NpgsqlConnection connection, Unsent batch, CancellationToken ct)
    {
        try
        {
            var accepted = await clearinghouse.SubmitAsync(SubmitterIds.For(batch.TenantId), batch.X12, ct);
            await connection.ExecuteAsync(
                "UPDATE batches SET sent_at = now(), file_id = @FileId, send_attempts = send_attempts + 1, last_error = NULL WHERE id = @Id",
                new { batch.Id, accepted.FileId });
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogSendFailed(logger, batch.InterchangeNumber, e.Message);
            await connection.ExecuteAsync("UPDATE batches SET send_attempts = send_attempts + 1, last_error = @Error WHERE id = @Id",
                new { batch.Id, Error = e.Message });
        }
    }

    /// <summary>Sends again the files written but not yet accepted (a crash or an outage between commit and send).</summary>
    public async Task ResendUnsentAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var unsent = await connection.QueryAsync<Unsent>(
            """
            SELECT id, tenant_id, x12, interchange_number FROM batches
            WHERE sent_at IS NULL AND route = 'simulator' AND created_at < now() - make_interval(secs => @After)
            ORDER BY created_at LIMIT 20 FOR UPDATE SKIP LOCKED
            """, new { After = options.Value.ResendAfter.TotalSeconds }, tx);
        foreach (var batch in unsent) await SendAsync(connection, batch, ct);
        await tx.CommitAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "837P batch {ControlNumber}: {Count} claims to {PayerId} by {Worker}")]
    static partial void LogBatch(ILogger logger, int controlNumber, int count, string payerId, string worker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending 837P batch {ControlNumber} failed; it will be sent again: {Error}")]
    static partial void LogSendFailed(ILogger logger, int controlNumber, string error);
}
