using Dapper;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Clearinghouse;
using RevenueCycle.ServiceDefaults.Clearinghouse;
using RevenueCycle.ServiceDefaults.Messaging;
using RevenueCycle.X12;
using RevenueCycle.X12.Acknowledgments;

namespace RevenueCycle.Claims.Acknowledgements;

public sealed class AcknowledgementOptions
{
    /// <summary>How often the mailbox of a practice that has just sent a batch is looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest a practice's mailbox goes unlooked at while it keeps coming back empty (<see cref="MailboxSchedule"/>).</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Collects 999s and 277CAs from the clearinghouse mailbox of every tenant that has sent files: collect, apply
/// and record in one transaction (de-duplicated on ISA13 + sender), then delete from the mailbox. A crash between
/// applying and deleting collects the file again, and the record drops it.
/// </summary>
public sealed partial class AcknowledgementCollector(
    NpgsqlDataSource db, ClearinghouseAdapter clearinghouse, Microsoft.Extensions.Options.IOptions<AcknowledgementOptions> options, TimeProvider clock,
    ILogger<AcknowledgementCollector> logger)
    : BackgroundService
{
    readonly MailboxSchedule schedule = new(options.Value.PollInterval, options.Value.IdlePollInterval);

    public const string Kind999 = "999";
    public const string Kind277 = "277CA";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CollectAllAsync(schedule, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCollectFailed(logger, e.Message);
            }
            try { await Task.Delay(options.Value.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Collects from the mailbox of every practice that has sent a batch through the clearinghouse (all of them when no schedule is given).</summary>
    public async Task CollectAllAsync(MailboxSchedule? schedule, CancellationToken ct)
    {
        List<(Guid Tenant, DateTimeOffset? LastActivity)> senders;
        await using (var connection = await db.OpenConnectionAsync(ct))
            senders = [.. await connection.QueryAsync<(Guid, DateTimeOffset?)>(
                "SELECT tenant_id, max(sent_at) FROM batches WHERE route = 'simulator' AND sent_at IS NOT NULL GROUP BY tenant_id")];
        var tenants = schedule is null ? senders.Select(s => s.Tenant).ToList() : schedule.Due(senders, clock.GetUtcNow());
        foreach (var tenant in tenants)
        {
            var submitter = SubmitterIds.For(tenant);
            var found = false;
            // 999 first: a file rejected for syntax has no 277CA worth applying.
            foreach (var kind in new[] { Kind999, Kind277 })
            {
                foreach (var item in await clearinghouse.MailboxAsync(submitter, kind, ct))
                {
                    found = true;
                    var x12 = await clearinghouse.ReadAsync(submitter, item.Id, ct);
                    try
                    {
                        await ApplyAsync(tenant, kind, x12, ct);
                    }
                    catch (X12ParseException e)
                    {
                        // Never thrown away: kept, raw, as an exception a person sees (GET /api/claims/acknowledgements/exceptions).
                        LogUnreadable(logger, kind, item.Id.ToString(), e.Message);
                        await KeepUnreadableAsync(tenant, kind, item.Id.ToString(), x12, e, ct);
                    }
                    await clearinghouse.DeleteAsync(submitter, item.Id, ct);
                }
            }
            schedule?.Looked(tenant, found, clock.GetUtcNow());
        }
    }

    public async Task ApplyAsync(Guid tenant, string kind, string x12, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (kind == Kind999)
        {
            foreach (var ack in Acknowledgment999Reader.Parse(x12))
                if (await FirstTimeAsync(connection, tx, tenant, kind, ack.Envelope, x12)) await Apply999Async(connection, tx, tenant, ack);
        }
        else
        {
            foreach (var ack in ClaimAcknowledgment277Reader.Parse(x12))
                if (await FirstTimeAsync(connection, tx, tenant, kind, ack.Envelope, x12)) await Apply277Async(connection, tx, tenant, ack);
        }
        await tx.CommitAsync(ct);
    }

    async Task KeepUnreadableAsync(Guid tenant, string kind, string item, string x12, X12ParseException e, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(
            """
            INSERT INTO acknowledgement_exceptions (id, tenant_id, kind, mailbox_item, x12, error, segment, position)
            VALUES (@Id, @Tenant, @Kind, @Item, @X12, @Error, @Segment, @Position) ON CONFLICT DO NOTHING
            """, new { Id = Guid.CreateVersion7(), Tenant = tenant, Kind = kind, Item = item, X12 = x12.Replace("\0", "", StringComparison.Ordinal),
                Error = e.Message, Segment = e.SegmentId, Position = e.SegmentPosition });
    }

    static async Task<bool> FirstTimeAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, string kind, X12Envelope envelope, string x12) =>
        await connection.ExecuteAsync(
            """
            INSERT INTO collected_acknowledgements (tenant_id, kind, sender, interchange_number, x12)
            VALUES (@Tenant, @Kind, @Sender, @Number, @X12) ON CONFLICT DO NOTHING
            """, new
            {
                Tenant = tenant, Kind = kind, Sender = envelope.Interchange.SenderId,
                Number = envelope.Interchange.ControlNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + envelope.TransactionSetControlNumber, X12 = x12,
            }, tx) == 1;

    /// <summary>AK1 names our GS06 (= the batch's control number); a rejected transaction sends its claims back to the work queue.</summary>
    static async Task Apply999Async(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, FunctionalAcknowledgment999 ack)
    {
        var batchId = await connection.ExecuteScalarAsync<Guid?>(
            "SELECT id FROM batches WHERE tenant_id = @Tenant AND group_number = @Group ORDER BY created_at DESC LIMIT 1",
            new { Tenant = tenant, Group = ack.GroupControlNumber }, tx);
        if (batchId is null) return;
        // X231A1: IK501/AK901 R, M (MAC failed), W (assurance failed validity tests) and X (content could not be analysed) all reject.
        var rejected = ack.GroupStatus.IsRejection() || ack.TransactionSets.Any(t => t.Status.IsRejection());
        await connection.ExecuteAsync("UPDATE batches SET ack_status = @Status WHERE id = @Id",
            new { Id = batchId, Status = rejected ? "rejected" : ack.GroupStatus == AcknowledgmentCode.AcceptedWithErrors ? "accepted-with-errors" : "accepted" }, tx);
        if (!rejected) return;

        var reason = Describe(ack);
        var claims = await connection.QueryAsync<Guid>(
            "SELECT c.id FROM batch_claims bc JOIN claims c ON c.id = bc.claim_id WHERE bc.batch_id = @Id AND c.status = 'submitted' FOR UPDATE OF c",
            new { Id = batchId }, tx);
        foreach (var id in claims)
        {
            await ClaimStore.SaveEditsAsync(connection, tx, id, [ScrubEdit.Error("999.rejected", reason)]);
            await ClaimStore.TransitionAsync(connection, tx, tenant, id, ClaimEvent.RejectedInFile, $"The clearinghouse rejected the file (999): {reason}");
        }
    }

    public static string Describe(FunctionalAcknowledgment999 ack)
    {
        var errors = ack.TransactionSets.SelectMany(t => t.SegmentErrors.Select(s =>
            $"segment {s.SegmentId} at position {s.Position}{(s.LoopId is null ? "" : $" (loop {s.LoopId})")}: error {s.ErrorCode}"
            + string.Concat(s.ElementErrors.Select(e => $"; element {e.ElementPosition} error {e.ErrorCode}{(e.BadData is null ? "" : $" '{e.BadData}'")}"))))
            .Concat(ack.TransactionSets.SelectMany(t => t.ErrorCodes.Select(c => $"transaction {t.ControlNumber}: IK5 error {c}")))
            .Concat(ack.GroupErrorCodes.Select(c => $"group: AK9 error {c}"))
            .ToList();
        var code = ack.TransactionSets.Select(t => t.Status).Append(ack.GroupStatus).FirstOrDefault(c => c.IsRejection()) switch
        {
            AcknowledgmentCode.RejectedMacFailed => "M: the message authentication code failed",
            AcknowledgmentCode.RejectedAssuranceFailed => "W: the assurance failed validity tests",
            AcknowledgmentCode.RejectedContentNotAnalysed => "X: the content could not be analysed",
            _ => null,
        };
        if (code is not null) errors.Insert(0, $"rejected ({code})");
        return errors.Count == 0 ? "file rejected (AK9 R) without detail." : string.Join(" | ", errors);
    }

    /// <summary>
    /// X214: a claim usually gets several 277CAs — the clearinghouse's (A1 received), then the payer's (A2 accepted into adjudication,
    /// or A3/A6/A7/A8 rejected). A1 leaves the claim submitted; only A2 accepts it; a rejection after an A1 or an A2 rejects it, until
    /// a remittance for it arrives (then the payer has adjudicated it and the late rejection is only recorded).
    /// </summary>
    static async Task Apply277Async(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, ClaimAcknowledgment277 ack)
    {
        foreach (var status in ack.Claims.ToList())
        {
            var claim = await connection.QuerySingleOrDefaultAsync<ClaimRow>(
                $"SELECT {ClaimStore.Columns} FROM claims WHERE tenant_id = @Tenant AND patient_control_number = @Pcn FOR UPDATE",
                new { Tenant = tenant, Pcn = status.PatientControlNumber }, tx);
            if (claim is null) continue;
            // The simulator (like a fast payer) can put the 835 in the mailbox with the 277CA: when the payment
            // was posted first, the acknowledgement is still recorded in the history, without moving the status back.
            var adjudicated = claim.Status is ClaimStatus.Paid or ClaimStatus.PartiallyPaid or ClaimStatus.Denied or ClaimStatus.Appealed;
            var open = claim.Status is ClaimStatus.Submitted or ClaimStatus.Accepted;
            if (!open && !adjudicated) continue;
            var now = DateTimeOffset.UtcNow;
            var first = status.Statuses.FirstOrDefault();
            if (status.IsRejected)
            {
                var stc = status.Statuses.First(s => s.IsRejection);
                var reason = $"STC {stc.Category}:{stc.StatusCode}{(stc.EntityCode is null ? "" : ":" + stc.EntityCode)}{(stc.Message is null ? "" : " " + stc.Message)}";
                if (!open)
                {
                    await ClaimStore.AddHistoryAsync(connection, tx, tenant, claim.Id, claim.Status, $"277CA rejection after the remittance, recorded only: {reason}");
                    continue;
                }
                var who = claim.Status == ClaimStatus.Accepted ? "The payer rejected the claim after accepting it" : "The payer's front end rejected the claim";
                await ClaimStore.SaveEditsAsync(connection, tx, claim.Id, [ScrubEdit.Error("277ca.rejected", $"{who}: {reason}")]);
                await ClaimStore.TransitionAsync(connection, tx, tenant, claim.Id, ClaimEvent.RejectedByPayer, $"277CA: {reason}");
                await Outbox.Enqueue(connection, tx, new ClaimRejected(tenant, claim.Id, claim.PatientControlNumber, reason, now), tenant);
            }
            else if (status.IsAccepted)
            {
                var payerClaimNumber = status.PayerClaimControlNumber ?? claim.PayerClaimNumber;
                if (payerClaimNumber != claim.PayerClaimNumber) // the claim's row is locked: what it holds is current
                    await connection.ExecuteAsync("UPDATE claims SET payer_claim_number = @Number WHERE id = @Id", new { claim.Id, Number = payerClaimNumber }, tx);
                var detail = $"277CA {first!.Category}: accepted into adjudication{(payerClaimNumber is null ? "" : $", payer claim number {payerClaimNumber}")}.";
                if (claim.Status != ClaimStatus.Submitted)
                {
                    await ClaimStore.AddHistoryAsync(connection, tx, tenant, claim.Id, ClaimStatus.Accepted, detail + (adjudicated ? " (after the remittance)" : ""));
                    if (claim.Status == ClaimStatus.Accepted) continue;
                }
                else
                    await ClaimStore.TransitionAsync(connection, tx, tenant, claim.Id, ClaimEvent.AcceptedByPayer, detail);
                await Outbox.Enqueue(connection, tx, new ClaimAccepted(tenant, claim.Id, claim.PatientControlNumber, payerClaimNumber, now), tenant);
            }
            else if (status.IsReceived)
                await ClaimStore.AddHistoryAsync(connection, tx, tenant, claim.Id, claim.Status,
                    $"277CA A1: received{(status.ClearinghouseTraceNumber is null ? "" : $" (trace {status.ClearinghouseTraceNumber})")}; not yet accepted into adjudication.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collecting acknowledgements failed; trying again: {Error}")]
    static partial void LogCollectFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An unreadable {Kind} ({Id}) was dropped from the mailbox: {Error}")]
    static partial void LogUnreadable(ILogger logger, string kind, string id, string error);
}
