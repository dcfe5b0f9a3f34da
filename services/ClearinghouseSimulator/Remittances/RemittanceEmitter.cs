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
/// Writes the 835s that are due: one per adjudication run (received file), payer, payee and check — the run's first check, then
/// any later one (a second payment, a recoupment) — with the claims in the order they were adjudicated, into the submitter's
/// mailbox. Each check is balanced with what the payee still owes the payer from earlier checks (<see cref="CheckBalancer"/>);
/// a payer that <see cref="PayerSettings.RedeliverEras"/> has each 835 put in the mailbox a second time in a new envelope.
/// </summary>
public static class RemittanceEmitter
{
    public static async Task<int> EmitDueAsync(DbConnection connection, DbTransaction transaction, Guid? fileId, DateTime now)
    {
        var rows = (await connection.QueryAsync<DueRow>(
            """
            SELECT id, file_id, submitter_id, payer_id, check_ordinal, payment::text AS payment
            FROM claim_payments
            WHERE remittance_id IS NULL AND due_at <= now() AND (@fileId::uuid IS NULL OR file_id = @fileId)
            ORDER BY sequence
            FOR UPDATE SKIP LOCKED
            """, new { fileId }, transaction)).ToList();
        if (rows.Count == 0) return 0;
        var payers = await SettingsStore.PayersAsync(connection, rows.Select(r => r.PayerId).Distinct(StringComparer.Ordinal).ToList(), transaction);
        var written = 0;
        foreach (var check in rows
                     .Select(r => (Row: r, Claim: JsonSerializer.Deserialize<AdjudicatedClaim>(r.Payment, SettingsStore.Json)!))
                     .GroupBy(r => (r.Row.FileId, r.Row.SubmitterId, r.Row.PayerId, Payee: r.Claim.Payee.Identifier ?? "", r.Row.CheckOrdinal)))
        {
            var (file, submitterId, payerId, payee, _) = check.Key;
            var payer = payers.GetValueOrDefault(payerId) ?? PayerSettings.Default;
            var claims = check.Select(r => r.Claim).ToList();
            var trace = "SIM" + (await connection.ExecuteScalarAsync<long>("SELECT nextval('payment_trace_numbers')", transaction: transaction))
                .ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
            var open = (await connection.QueryAsync<Receivable>(
                """
                SELECT id, reason_code, reference, amount FROM provider_receivables
                WHERE submitter_id = @submitterId AND payer_id = @payerId AND payee_id = @payee AND recovered_remittance_id IS NULL
                ORDER BY sequence
                FOR UPDATE
                """, new { submitterId, payerId, payee }, transaction)).ToList();
            var balance = CheckBalancer.Balance(claims, open, payer.OverpaymentRecovery, payee, DateOnly.FromDateTime(now), trace);

            var envelope = await EnvelopeAsync(connection, transaction, submitterId, payerId, now);
            var remittance = Remittance835Factory.Build(envelope, payerId, trace, DateOnly.FromDateTime(now), claims, balance);
            // A payer that withholds its ERAs issues the check all the same: its number and date answer a 276, no 835 is delivered.
            var mailboxId = payer.WithholdEras
                ? Guid.CreateVersion7()
                : await Mailbox.Mailbox.PutAsync(connection, transaction, submitterId, "835",
                    OutboundEnvelope.Format(envelope.Interchange.ControlNumber), Remittance835Writer.WriteToString(remittance), file);
            await connection.ExecuteAsync(
                """
                UPDATE claim_payments SET remittance_id = @mailboxId, check_number = @trace, check_date = @checkDate, era_withheld = @withheld
                WHERE id = ANY(@ids)
                """, new { mailboxId, trace, checkDate = DateOnly.FromDateTime(now), withheld = payer.WithholdEras, ids = check.Select(r => r.Row.Id).ToArray() }, transaction);
            if (balance.Recovered.Count > 0)
                await connection.ExecuteAsync("UPDATE provider_receivables SET recovered_remittance_id = @mailboxId WHERE id = ANY(@ids)",
                    new { mailboxId, ids = balance.Recovered.Select(r => r.Id).ToArray() }, transaction);
            foreach (var carried in balance.Carried)
                await connection.ExecuteAsync(
                    """
                    INSERT INTO provider_receivables (id, submitter_id, payer_id, payee_id, reason_code, reference, amount, created_remittance_id)
                    VALUES (@Id, @submitterId, @payerId, @payee, @ReasonCode, @Reference, @Amount, @mailboxId)
                    """, new { carried.Id, submitterId, payerId, payee, carried.ReasonCode, carried.Reference, carried.Amount, mailboxId }, transaction);
            written++;

            if (payer.RedeliverEras && !payer.WithholdEras)
            {
                // The clearinghouse sends the same ERA again in a new interchange: new ISA13 and GS06, the same BPR, TRN and claims.
                var again = await EnvelopeAsync(connection, transaction, submitterId, payerId, now);
                await Mailbox.Mailbox.PutAsync(connection, transaction, submitterId, "835", OutboundEnvelope.Format(again.Interchange.ControlNumber),
                    Remittance835Writer.WriteToString(remittance with { Envelope = again }), file);
                written++;
            }
        }
        return written;
    }

    static async Task<X12Envelope> EnvelopeAsync(DbConnection connection, DbTransaction transaction, string submitterId, string payerId, DateTime now)
    {
        var envelope = await OutboundEnvelope.NextAsync(connection, transaction, submitterId, null, X12Versions.PaymentGroup, X12Versions.Remittance835, now);
        return envelope with { Group = envelope.Group with { ApplicationSenderCode = payerId } };
    }

    sealed record DueRow
    {
        public Guid Id { get; init; }
        public Guid FileId { get; init; }
        public string SubmitterId { get; init; } = "";
        public string PayerId { get; init; } = "";
        public int CheckOrdinal { get; init; }
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
