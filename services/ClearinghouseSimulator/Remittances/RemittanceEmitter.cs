using System.Data.Common;
using System.Text.Json;
using Dapper;
using Npgsql;
using RevenueCycle.ClearinghouseSimulator.Adjudication;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.ClearinghouseSimulator.Submissions;
using RevenueCycle.X12;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.ClearinghouseSimulator.Remittances;

/// <summary>
/// Writes the 835s that are due: one per adjudication run (received file), payer and payee, with the
/// claims in the order they were adjudicated, into the submitter's mailbox.
/// </summary>
public static class RemittanceEmitter
{
    public static async Task<int> EmitDueAsync(DbConnection connection, DbTransaction transaction, Guid? fileId, DateTime now)
    {
        var rows = (await connection.QueryAsync<DueRow>(
            """
            SELECT id, file_id, submitter_id, payer_id, payment::text AS payment
            FROM claim_payments
            WHERE remittance_id IS NULL AND due_at <= now() AND (@fileId::uuid IS NULL OR file_id = @fileId)
            ORDER BY sequence
            FOR UPDATE SKIP LOCKED
            """, new { fileId }, transaction)).ToList();
        var written = 0;
        foreach (var run in rows
                     .Select(r => (Row: r, Claim: JsonSerializer.Deserialize<AdjudicatedClaim>(r.Payment, SettingsStore.Json)!))
                     .GroupBy(r => (r.Row.FileId, r.Row.SubmitterId, r.Row.PayerId, Payee: r.Claim.Payee.Identifier)))
        {
            var envelope = await OutboundEnvelope.NextAsync(connection, transaction, run.Key.SubmitterId, null,
                X12Versions.PaymentGroup, X12Versions.Remittance835, now);
            envelope = envelope with { Group = envelope.Group with { ApplicationSenderCode = run.Key.PayerId } };
            var trace = "SIM" + (await connection.ExecuteScalarAsync<long>("SELECT nextval('payment_trace_numbers')", transaction: transaction))
                .ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
            var remittance = Remittance835Factory.Build(envelope, run.Key.PayerId, trace, DateOnly.FromDateTime(now), run.Select(r => r.Claim).ToList());
            var x12 = Remittance835Writer.WriteToString(remittance);
            var mailboxId = await Mailbox.Mailbox.PutAsync(connection, transaction, run.Key.SubmitterId, "835",
                OutboundEnvelope.Format(envelope.Interchange.ControlNumber), x12, run.Key.FileId);
            await connection.ExecuteAsync("UPDATE claim_payments SET remittance_id = @mailboxId WHERE id = ANY(@ids)",
                new { mailboxId, ids = run.Select(r => r.Row.Id).ToArray() }, transaction);
            written++;
        }
        return written;
    }

    sealed record DueRow
    {
        public Guid Id { get; init; }
        public Guid FileId { get; init; }
        public string SubmitterId { get; init; } = "";
        public string PayerId { get; init; } = "";
        public string Payment { get; init; } = "";
    }
}

/// <summary>Sends the 835s of payers with an <c>eraDelaySeconds</c> once their time has come.</summary>
public sealed class RemittanceLoop(NpgsqlDataSource db, TimeProvider clock, ILogger<RemittanceLoop> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
                var written = await RemittanceEmitter.EmitDueAsync(connection, transaction, null, clock.GetUtcNow().UtcDateTime);
                await transaction.CommitAsync(stoppingToken);
                if (written > 0) logger.LogInformation("Sent {Count} delayed 835s", written);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Sending delayed 835s failed; trying again");
            }
            await Task.Delay(Interval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
