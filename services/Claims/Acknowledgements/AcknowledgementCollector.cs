using Dapper;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Clearinghouse;
using RevenueCycle.ServiceDefaults.Messaging;
using RevenueCycle.X12;
using RevenueCycle.X12.Acknowledgments;

namespace RevenueCycle.Claims.Acknowledgements;

public sealed class AcknowledgementOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Collects 999s and 277CAs from the clearinghouse mailbox of every tenant that has sent files: collect, apply
/// and record in one transaction (de-duplicated on ISA13 + sender), then delete from the mailbox. A crash between
/// applying and deleting collects the file again, and the record drops it.
/// </summary>
public sealed partial class AcknowledgementCollector(
    NpgsqlDataSource db, ClearinghouseAdapter clearinghouse, Microsoft.Extensions.Options.IOptions<AcknowledgementOptions> options, ILogger<AcknowledgementCollector> logger)
    : BackgroundService
{
    public const string Kind999 = "999";
    public const string Kind277 = "277CA";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CollectAllAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCollectFailed(logger, e.Message);
            }
            try { await Task.Delay(options.Value.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task CollectAllAsync(CancellationToken ct)
    {
        List<Guid> tenants;
        await using (var connection = await db.OpenConnectionAsync(ct))
            tenants = (await connection.QueryAsync<Guid>("SELECT DISTINCT tenant_id FROM batches WHERE route = 'simulator' AND sent_at IS NOT NULL")).ToList();
        foreach (var tenant in tenants)
        {
            var submitter = SubmitterIds.For(tenant);
            // 999 first: a file rejected for syntax has no 277CA worth applying.
            foreach (var kind in new[] { Kind999, Kind277 })
            {
                foreach (var item in await clearinghouse.MailboxAsync(submitter, kind, ct))
                {
                    var x12 = await clearinghouse.ReadAsync(submitter, item.Id, ct);
                    try
                    {
                        await ApplyAsync(tenant, kind, x12, ct);
                    }
                    catch (X12ParseException e)
                    {
                        LogUnreadable(logger, kind, item.Id.ToString(), e.Message);
                    }
                    await clearinghouse.DeleteAsync(submitter, item.Id, ct);
                }
            }
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
        var rejected = ack.GroupStatus == AcknowledgmentCode.Rejected || ack.TransactionSets.Any(t => t.Status == AcknowledgmentCode.Rejected);
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
            await ClaimStore.SetStatusAsync(connection, tx, tenant, id, ClaimStatus.Held, $"The clearinghouse rejected the file (999): {reason}");
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
        return errors.Count == 0 ? "file rejected (AK9 R) without detail." : string.Join(" | ", errors);
    }

    static async Task Apply277Async(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, ClaimAcknowledgment277 ack)
    {
        foreach (var status in ack.Claims.ToList())
        {
            var claim = await connection.QuerySingleOrDefaultAsync<ClaimRow>(
                $"SELECT {ClaimStore.Columns} FROM claims WHERE tenant_id = @Tenant AND patient_control_number = @Pcn FOR UPDATE",
                new { Tenant = tenant, Pcn = status.PatientControlNumber }, tx);
            if (claim is null) continue;
            // The simulator (like a fast payer) can put the 835 in the mailbox with the 277CA: when the payment
            // was posted first, the acceptance is still recorded in the history, without moving the status back.
            var alreadyAdjudicated = claim.Status is ClaimStatus.Paid or ClaimStatus.PartiallyPaid or ClaimStatus.Denied or ClaimStatus.Appealed;
            if (claim.Status != ClaimStatus.Submitted && !(alreadyAdjudicated && status.IsAccepted)) continue;
            var now = DateTimeOffset.UtcNow;
            if (status.IsRejected)
            {
                var stc = status.Statuses.First(s => s.IsRejection);
                var reason = $"STC {stc.Category}:{stc.StatusCode}{(stc.EntityCode is null ? "" : ":" + stc.EntityCode)}{(stc.Message is null ? "" : " " + stc.Message)}";
                await ClaimStore.SaveEditsAsync(connection, tx, claim.Id, [ScrubEdit.Error("277ca.rejected", $"The payer's front end rejected the claim: {reason}")]);
                await ClaimStore.SetStatusAsync(connection, tx, tenant, claim.Id, ClaimStatus.Rejected, $"277CA: {reason}");
                await Outbox.Enqueue(connection, tx, new ClaimRejected(tenant, claim.Id, claim.PatientControlNumber, reason, now), tenant);
            }
            else if (status.IsAccepted)
            {
                var payerClaimNumber = status.PayerClaimControlNumber ?? claim.PayerClaimNumber;
                await connection.ExecuteAsync("UPDATE claims SET payer_claim_number = @Number WHERE id = @Id", new { claim.Id, Number = payerClaimNumber }, tx);
                var detail = $"277CA {status.Statuses[0].Category}: accepted into adjudication{(payerClaimNumber is null ? "" : $", payer claim number {payerClaimNumber}")}.";
                if (alreadyAdjudicated)
                    await ClaimStore.AddHistoryAsync(connection, tx, tenant, claim.Id, ClaimStatus.Accepted, detail + " (after the remittance)");
                else
                    await ClaimStore.SetStatusAsync(connection, tx, tenant, claim.Id, ClaimStatus.Accepted, detail);
                await Outbox.Enqueue(connection, tx, new ClaimAccepted(tenant, claim.Id, claim.PatientControlNumber, payerClaimNumber, now), tenant);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collecting acknowledgements failed; trying again: {Error}")]
    static partial void LogCollectFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An unreadable {Kind} ({Id}) was dropped from the mailbox: {Error}")]
    static partial void LogUnreadable(ILogger logger, string kind, string id, string error);
}
