using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Payments.Deposits;
using RevenueCycle.Payments.Posting;
using RevenueCycle.ServiceDefaults.Messaging;
using RevenueCycle.X12;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.Payments.Remittances;

public enum ImportStatus
{
    Posted,
    Duplicate,
    Rejected,
    Conflict,
}

/// <summary>What an 835 file came to: its remittances posted, all of them already known, or the file refused.</summary>
public sealed record ImportResult(ImportStatus Status, Guid FileId, IReadOnlyList<Guid> RemittanceIds, X12ParseException? Error = null);

/// <summary>A payer's trace number already received for another amount or date: not a re-delivery, and not posted.</summary>
public sealed class PaymentConflictException(string message, Guid existing) : Exception(message)
{
    public Guid Existing { get; } = existing;
}

public static class RemittanceSources
{
    public const string Upload = "upload";
    public const string Mailbox = "mailbox";
}

/// <summary>
/// Stores an 835 file and posts it, the same for an upload and a mailbox collection. The body is
/// spooled to a temporary file (never a string), kept as it came, then read one transaction set at a
/// time; everything posts in one database transaction, so a fault anywhere in the file posts nothing.
/// A transaction set whose payment was already received (same payer and TRN02, whatever the envelope) is skipped.
/// </summary>
public sealed partial class RemittanceImporter(NpgsqlDataSource db, ILogger<RemittanceImporter> logger, TimeProvider clock)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ImportResult> ImportAsync(Guid tenant, Stream body, string source, string? mailboxFileId, CancellationToken ct)
    {
        await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        await body.CopyToAsync(spool, ct);
        var fileId = Guid.CreateVersion7();
        if (spool.Length == 0)
            return new ImportResult(ImportStatus.Rejected, fileId, [], new X12ParseException("The body is empty: an 835 interchange starts with ISA.", null, 0));

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await StoreFileAsync(connection, tx, fileId, tenant, source, mailboxFileId, spool, "posted", null, ct);

        var posted = new List<Guid>();
        var duplicates = new List<Guid>();
        try
        {
            spool.Position = 0;
            using var reader = new Remittance835Reader(spool, leaveOpen: true);
            while (reader.ReadNext() is { } remittance)
            {
                var (id, isNew) = await PostRemittanceAsync(connection, tx, tenant, fileId, remittance);
                (isNew ? posted : duplicates).Add(id);
            }
        }
        catch (PaymentConflictException e)
        {
            await tx.RollbackAsync(ct);
            LogRejected(logger, source, tenant, e.Message);
            await using var reject = await connection.BeginTransactionAsync(ct);
            await StoreFileAsync(connection, reject, fileId, tenant, source, mailboxFileId, spool, "rejected", e.Message, ct);
            await reject.CommitAsync(ct);
            return new ImportResult(ImportStatus.Conflict, fileId, [e.Existing], new X12ParseException(e.Message, "TRN", 0, 2));
        }
        catch (X12ParseException e)
        {
            await tx.RollbackAsync(ct);
            LogRejected(logger, source, tenant, e.Message);
            await using var reject = await connection.BeginTransactionAsync(ct);
            await StoreFileAsync(connection, reject, fileId, tenant, source, mailboxFileId, spool, "rejected", e.Message, ct);
            await reject.CommitAsync(ct);
            return new ImportResult(ImportStatus.Rejected, fileId, [], e);
        }

        if (posted.Count == 0)
        {
            await tx.RollbackAsync(ct);
            if (duplicates.Count == 0)
                return new ImportResult(ImportStatus.Rejected, fileId, [], new X12ParseException("The interchange holds no 835 transaction set.", "ST", 0));
            // A payment received again (a clearinghouse re-delivers ERAs in new envelopes): kept on record as a duplicate, posted nothing.
            await using var duplicate = await connection.BeginTransactionAsync(ct);
            await StoreFileAsync(connection, duplicate, fileId, tenant, source, mailboxFileId, spool, "duplicate",
                $"Every payment in it was already received: remittance {string.Join(", ", duplicates)}.", ct);
            await duplicate.CommitAsync(ct);
            return new ImportResult(ImportStatus.Duplicate, fileId, duplicates);
        }
        await tx.CommitAsync(ct);
        return new ImportResult(ImportStatus.Posted, fileId, [.. posted, .. duplicates]);
    }

    static async Task StoreFileAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, Guid tenant, string source, string? mailboxFileId,
        FileStream spool, string status, string? error, CancellationToken ct)
    {
        spool.Position = 0;
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO remittance_files (id, tenant_id, source, mailbox_file_id, size_bytes, raw, status, error)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenant });
        cmd.Parameters.Add(new NpgsqlParameter { Value = source });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)mailboxFileId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = spool.Length });
        // Npgsql streams a Stream parameter into bytea rather than copying it into one array first.
        cmd.Parameters.Add(new NpgsqlParameter { Value = spool, NpgsqlDbType = NpgsqlDbType.Bytea, Size = checked((int)spool.Length) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = status });
        // The error quotes the file, which may carry bytes PostgreSQL text cannot hold (NUL): kept visible, escaped.
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)error?.Replace("\0", "\\u0000", StringComparison.Ordinal) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    sealed record KnownPayment
    {
        public Guid Id { get; init; }
        public decimal PaymentAmount { get; init; }
        public DateOnly PaymentDate { get; init; }
    }

    async Task<(Guid Id, bool IsNew)> PostRemittanceAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid fileId, Remittance835 r)
    {
        var interchange = r.Envelope.Interchange;
        var claims = r.Claims.ToList();
        var identity = PaymentIdentity.Of(r);
        var amount = r.Payment.CreditDebit == CreditDebit.Debit ? -r.Payment.Amount : r.Payment.Amount;
        var id = Guid.CreateVersion7();
        var inserted = await connection.ExecuteScalarAsync<Guid?>(
            """
            INSERT INTO remittances (id, tenant_id, file_id, sender_id, interchange_control_number, transaction_control_number, trace_number,
                                     payer_name, payer_identifier, payee_name, payment_amount, payment_method, payment_date, claim_count, payer_key, payer_ids)
            VALUES (@Id, @Tenant, @File, @Sender, @Isa13, @St02, @Trace, @PayerName, @PayerIdentifier, @PayeeName, @Amount, @Method, @PaymentDate, @ClaimCount,
                    @PayerKey, @PayerIds)
            ON CONFLICT (tenant_id, payer_key, trace_number) WHERE duplicate_of IS NULL DO NOTHING
            RETURNING id
            """,
            new
            {
                Id = id, Tenant = tenant, File = fileId, Sender = interchange.SenderId.Trim(), Isa13 = interchange.ControlNumber,
                St02 = r.Envelope.TransactionSetControlNumber, Trace = identity.TraceNumber, PayerName = r.Payer.Name, PayerIdentifier = r.PayerIdentifier ?? r.Payer.Identifier,
                PayeeName = r.Payee.Name, Amount = amount, Method = r.Payment.PaymentMethod, r.Payment.PaymentDate, ClaimCount = claims.Count,
                identity.PayerKey, identity.PayerIds,
            }, tx);
        if (inserted is null)
        {
            var known = await connection.QuerySingleAsync<KnownPayment>(
                "SELECT id, payment_amount, payment_date FROM remittances WHERE tenant_id = @Tenant AND payer_key = @PayerKey AND trace_number = @Trace AND duplicate_of IS NULL",
                new { Tenant = tenant, identity.PayerKey, Trace = identity.TraceNumber }, tx);
            if (known.PaymentAmount != amount || known.PaymentDate != r.Payment.PaymentDate)
                throw new PaymentConflictException(
                    $"TRN02 {identity.TraceNumber} of payer {identity.PayerKey} was already received as remittance {known.Id} paying {known.PaymentAmount:0.00} " +
                    $"on {known.PaymentDate:yyyy-MM-dd}; this one says BPR02 {amount:0.00}, BPR16 {r.Payment.PaymentDate:yyyy-MM-dd}. A payer never reuses a " +
                    "trace number for another payment: ask the payer which is right. Nothing was posted.", known.Id);
            return (known.Id, false);
        }

        var header = new RemittanceHeader(id, r.Payer.Name, r.Payment.PaymentDate, identity.PayerKey, identity.PayerIds, identity.TraceNumber);
        var seq = 0;
        var netPaid = new Dictionary<Guid, decimal>();
        foreach (var clp in claims)
        {
            var claim = RemittanceClaim.From(clp);
            var remittanceClaimId = Guid.CreateVersion7();
            await connection.ExecuteAsync(
                """
                INSERT INTO remittance_claims (id, tenant_id, remittance_id, seq, patient_control_number, payer_claim_number, status_code, charge, paid,
                                               patient_responsibility, detail)
                VALUES (@Id, @Tenant, @Remittance, @Seq, @Pcn, @PayerClaimNumber, @Status, @Charge, @Paid, @PatientResponsibility, @Detail::jsonb)
                """,
                new
                {
                    Id = remittanceClaimId, Tenant = tenant, Remittance = id, Seq = ++seq, Pcn = claim.PatientControlNumber, claim.PayerClaimNumber,
                    Status = claim.StatusCode, claim.Charge, claim.Paid, claim.PatientResponsibility, Detail = JsonSerializer.Serialize(claim, Json),
                }, tx);
            var outcome = await PostClaimAsync(connection, tx, tenant, header, remittanceClaimId, claim, null);
            if (outcome is { ExceptionReason: null, ClaimId: { } posted })
                netPaid[posted] = netPaid.GetValueOrDefault(posted) + claim.Paid;
        }
        await ProviderLevelPosting.PostAsync(connection, tx, tenant, header, [.. r.ProviderAdjustments], netPaid);
        // A deposit that came before its 835 (CAQH CORE 370 allows either first) is matched now.
        await DepositMatching.MatchRemittanceAsync(connection, tx, tenant, id, clock.GetUtcNow());

        await Outbox.Enqueue(connection, tx, new RemittanceReceived(tenant, id, r.Payer.Name, r.TraceNumber, r.Payment.Amount, r.Payment.PaymentDate,
            claims.Count, clock.GetUtcNow()), tenant);
        return (id, true);
    }

    /// <summary>Posts one CLP, or records why it could not be (CLP02 23, no matching claim, nothing to reverse).</summary>
    public static async Task<PostingOutcome> PostClaimAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, RemittanceHeader header,
        Guid remittanceClaimId, RemittanceClaim claim, KnownClaim? chosen)
    {
        PostingOutcome outcome;
        if (chosen is null && claim.StatusCode == ClaimStatus.NotOurClaim)
            outcome = PostingOutcome.Exception(ExceptionReasons.NotOurClaim,
                $"CLP02 23: the payer says claim {claim.PatientControlNumber} is not its claim and forwarded it; check the patient's coverage.");
        else if ((chosen ?? await ClaimPoster.MatchAsync(connection, tx, tenant, claim, header)
                  ?? await WaitingClaims.MatchAfterLockAsync(connection, tx, tenant, claim, header)) is { } known)
            outcome = await ClaimPoster.PostAsync(connection, tx, tenant, header, remittanceClaimId, claim, known);
        else
            outcome = PostingOutcome.Exception(ExceptionReasons.Unmatched,
                $"No claim has patient control number '{claim.PatientControlNumber}'" +
                (claim.PayerClaimNumber is null ? "." : $" or payer claim number '{claim.PayerClaimNumber}'."));

        if (outcome.ExceptionReason is not null && chosen is null)
            await connection.ExecuteAsync(
                """
                INSERT INTO posting_exceptions (id, tenant_id, remittance_id, remittance_claim_id, reason, detail)
                VALUES (@Id, @Tenant, @Remittance, @RemittanceClaim, @Reason, @Detail)
                """,
                new { Id = Guid.CreateVersion7(), Tenant = tenant, Remittance = header.RemittanceId, RemittanceClaim = remittanceClaimId,
                    Reason = outcome.ExceptionReason, Detail = outcome.ExceptionDetail }, tx);
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an 835 ({Source}) of tenant {Tenant}: {Error}")]
    static partial void LogRejected(ILogger logger, string source, Guid tenant, string error);
}
