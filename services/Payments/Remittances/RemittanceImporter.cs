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
using RevenueCycle.ServiceDefaults.Database;

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
/// Stores an 835 file and posts it, the same for an upload and a mailbox collection. The body is spooled to a temporary file
/// (never a string) and kept as it came, committed first with status <c>received</c>; then it is read one transaction set at a
/// time and everything posts in one database transaction (<c>posting</c> → <c>posted</c>), so a fault anywhere in the file
/// posts nothing and the file says why (<c>rejected</c>, naming the segment). A transaction set whose payment was already
/// received (same payer and TRN02, whatever the envelope) is skipped. A file whose posting a crash interrupted is still
/// <c>received</c> or <c>posting</c>, with nothing of it posted: <see cref="RemittancePostingService"/> posts it again.
/// </summary>
public sealed partial class RemittanceImporter(NpgsqlDataSource db, ILogger<RemittanceImporter> logger, TimeProvider clock)
{
    /// <summary>Posts the file now and answers what it came to.</summary>
    public async Task<ImportResult> ImportAsync(Guid tenant, Stream body, string source, string? mailboxFileId, CancellationToken ct)
    {
        await using var spool = await SpoolAsync(body, ct);
        if (spool.Length == 0) return Empty();
        var fileId = await ReceiveAsync(tenant, spool, source, mailboxFileId, ct);
        return await PostFileAsync(tenant, fileId, spool, wait: true, ct) ?? throw new InvalidOperationException($"File {fileId} was not posted.");
    }

    /// <summary>An empty body: the problem names the segment that is missing, the ISA every interchange starts with (segment 1).</summary>
    public static ImportResult Empty() =>
        new(ImportStatus.Rejected, Guid.CreateVersion7(), [], new X12ParseException("ISA at segment 1: the body is empty; an 835 interchange starts with ISA.", "ISA", 1));

    /// <summary>The body in a temporary file that deletes itself when closed.</summary>
    public static async Task<FileStream> SpoolAsync(Stream body, CancellationToken ct)
    {
        var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            await body.CopyToAsync(spool, ct);
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    /// <summary>Keeps the file as it came, committed, with status <c>received</c>: from here it is never lost.</summary>
    public async Task<Guid> ReceiveAsync(Guid tenant, FileStream spool, string source, string? mailboxFileId, CancellationToken ct)
    {
        var fileId = Guid.CreateVersion7();
        await using var connection = await db.OpenConnectionAsync(ct);
        spool.Position = 0;
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO remittance_files (id, tenant_id, source, mailbox_file_id, size_bytes, raw, status)
            VALUES ($1, $2, $3, $4, $5, $6, 'received')
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = fileId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenant });
        cmd.Parameters.Add(new NpgsqlParameter { Value = source });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)mailboxFileId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = spool.Length });
        // Npgsql streams a Stream parameter into bytea rather than copying it into one array first.
        cmd.Parameters.Add(new NpgsqlParameter { Value = spool, NpgsqlDbType = NpgsqlDbType.Bytea, Size = checked((int)spool.Length) });
        await cmd.ExecuteNonQueryAsync(ct);
        return fileId;
    }

    /// <summary>
    /// Posts a received file (from <paramref name="spool"/>, else from its stored copy) unless another process is posting it or has
    /// finished it: a session advisory lock on the file makes one poster at a time (a crash ends the session and frees it), and its
    /// status says whether anything is left to do. With <paramref name="wait"/> false a file another poster holds is skipped (null).
    /// </summary>
    public async Task<ImportResult?> PostFileAsync(Guid tenant, Guid fileId, FileStream? spool, bool wait, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var lockKey = $"payments:remittance-file:{fileId}";
        if (wait)
            await connection.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended(@Key, 0))", new { Key = lockKey });
        else if (!await connection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(hashtextextended(@Key, 0))", new { Key = lockKey }))
            return null;
        try
        {
            var status = await connection.ExecuteScalarAsync<string?>(
                "UPDATE remittance_files SET status = 'posting' WHERE id = @Id AND tenant_id = @Tenant AND status IN ('received', 'posting') RETURNING status",
                new { Id = fileId, Tenant = tenant });
            if (status is null) return await FinishedAsync(connection, tenant, fileId, ct);
            if (spool is not null) return await PostAsync(connection, tenant, fileId, spool, ct);
            await using var stored = await SpoolStoredAsync(connection, fileId, ct);
            return await PostAsync(connection, tenant, fileId, stored, ct);
        }
        finally
        {
            await SessionLocks.ReleaseAsync(connection, "SELECT pg_advisory_unlock(hashtextextended(@Key, 0))", new { Key = lockKey });
        }
    }

    static async Task<FileStream> SpoolStoredAsync(NpgsqlConnection connection, Guid fileId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT raw FROM remittance_files WHERE id = $1", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = fileId });
        await using var reader = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        await reader.ReadAsync(ct);
        await using var raw = await reader.GetStreamAsync(0, ct);
        return await SpoolAsync(raw, ct);
    }

    async Task<ImportResult> PostAsync(NpgsqlConnection connection, Guid tenant, Guid fileId, FileStream spool, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        var posted = new List<Guid>();
        var duplicates = new List<Guid>();
        try
        {
            spool.Position = 0;
            using var reader = new Remittance835Reader(spool, leaveOpen: true);
            while (reader.ReadNextHeader() is { } header)
            {
                var (id, isNew) = await PostRemittanceAsync(connection, tx, tenant, fileId, RemittanceTransaction.Streamed(header, reader));
                (isNew ? posted : duplicates).Add(id);
            }
        }
        catch (PaymentConflictException e)
        {
            await tx.RollbackAsync(ct);
            await RejectAsync(connection, tenant, fileId, new X12ParseException(e.Message, "TRN", 0, 2));
            return new ImportResult(ImportStatus.Conflict, fileId, [e.Existing], new X12ParseException(e.Message, "TRN", 0, 2));
        }
        catch (X12ParseException e)
        {
            await tx.RollbackAsync(ct);
            await RejectAsync(connection, tenant, fileId, e);
            return new ImportResult(ImportStatus.Rejected, fileId, [], e);
        }

        if (posted.Count == 0)
        {
            await tx.RollbackAsync(ct);
            if (duplicates.Count == 0)
            {
                var none = new X12ParseException("The interchange holds no 835 transaction set.", "ST", 0);
                await RejectAsync(connection, tenant, fileId, none);
                return new ImportResult(ImportStatus.Rejected, fileId, [], none);
            }
            // A payment received again (a clearinghouse re-delivers ERAs in new envelopes): kept on record as a duplicate, posted nothing.
            await SetStatusAsync(connection, null, fileId, "duplicate", $"Every payment in it was already received: remittance {string.Join(", ", duplicates)}.", null);
            return new ImportResult(ImportStatus.Duplicate, fileId, duplicates);
        }
        await SetStatusAsync(connection, tx, fileId, "posted", null, null);
        await tx.CommitAsync(ct);
        return new ImportResult(ImportStatus.Posted, fileId, [.. posted, .. duplicates]);
    }

    async Task RejectAsync(NpgsqlConnection connection, Guid tenant, Guid fileId, X12ParseException e)
    {
        LogRejected(logger, fileId, tenant, e.Message);
        await SetStatusAsync(connection, null, fileId, "rejected", e.Message, e);
    }

    Task SetStatusAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid fileId, string status, string? error, X12ParseException? at) =>
        connection.ExecuteAsync(
            """
            UPDATE remittance_files SET status = @Status, error = @Error, error_segment = @Segment, error_segment_position = @Position,
                                        error_element = @Element, posted_at = @At
            WHERE id = @Id
            """,
            new
            {
                Id = fileId, Status = status,
                // The error quotes the file, which may carry bytes PostgreSQL text cannot hold (NUL): kept visible, escaped.
                Error = error?.Replace("\0", "\\u0000", StringComparison.Ordinal), Segment = at?.SegmentId,
                Position = at?.SegmentPosition, Element = at?.ElementPosition, At = clock.GetUtcNow(),
            }, tx);

    sealed record FinishedFile
    {
        public string Status { get; init; } = "";
        public string? Error { get; init; }
        public string? ErrorSegment { get; init; }
        public long? ErrorSegmentPosition { get; init; }
        public int? ErrorElement { get; init; }
        public Guid[] RemittanceIds { get; init; } = [];
    }

    /// <summary>What another poster made of the file (this one found it finished when it got the lock).</summary>
    static async Task<ImportResult> FinishedAsync(NpgsqlConnection connection, Guid tenant, Guid fileId, CancellationToken ct)
    {
        var f = await connection.QuerySingleAsync<FinishedFile>(new CommandDefinition(
            """
            SELECT f.status, f.error, f.error_segment, f.error_segment_position, f.error_element,
                   coalesce(array_agg(r.id ORDER BY r.id) FILTER (WHERE r.id IS NOT NULL), '{}') AS remittance_ids
            FROM remittance_files f LEFT JOIN remittances r ON r.file_id = f.id
            WHERE f.id = @Id AND f.tenant_id = @Tenant GROUP BY f.id
            """, new { Id = fileId, Tenant = tenant }, cancellationToken: ct));
        var error = f.Error is null ? null : new X12ParseException(f.Error, f.ErrorSegment, f.ErrorSegmentPosition ?? 0, f.ErrorElement);
        return f.Status switch
        {
            "posted" => new ImportResult(ImportStatus.Posted, fileId, f.RemittanceIds),
            "duplicate" => new ImportResult(ImportStatus.Duplicate, fileId, f.RemittanceIds, null),
            _ => new ImportResult(ImportStatus.Rejected, fileId, f.RemittanceIds, error),
        };
    }

    sealed record KnownPayment
    {
        public Guid Id { get; init; }
        public decimal PaymentAmount { get; init; }
        public DateOnly PaymentDate { get; init; }
    }

    async Task<(Guid Id, bool IsNew)> PostRemittanceAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid fileId, RemittanceTransaction transaction)
    {
        var r = transaction.Header;
        var interchange = r.Envelope.Interchange;
        var identity = PaymentIdentity.Of(r);
        var amount = r.Payment.CreditDebit == CreditDebit.Debit ? -r.Payment.Amount : r.Payment.Amount;
        var id = Guid.CreateVersion7();
        // claim_count is known once the last CLP is read: set below.
        var inserted = await connection.ExecuteScalarAsync<Guid?>(
            """
            INSERT INTO remittances (id, tenant_id, file_id, sender_id, interchange_control_number, transaction_control_number, trace_number,
                                     payer_name, payer_identifier, payee_name, payment_amount, payment_method, payment_date, claim_count, payer_key, payer_ids)
            VALUES (@Id, @Tenant, @File, @Sender, @Isa13, @St02, @Trace, @PayerName, @PayerIdentifier, @PayeeName, @Amount, @Method, @PaymentDate, 0,
                    @PayerKey, @PayerIds)
            ON CONFLICT (tenant_id, payer_key, trace_number) WHERE duplicate_of IS NULL DO NOTHING
            RETURNING id
            """,
            new
            {
                Id = id, Tenant = tenant, File = fileId, Sender = interchange.SenderId.Trim(), Isa13 = interchange.ControlNumber,
                St02 = r.Envelope.TransactionSetControlNumber, Trace = identity.TraceNumber, PayerName = r.Payer.Name, PayerIdentifier = r.PayerIdentifier ?? r.Payer.Identifier,
                PayeeName = r.Payee.Name, Amount = amount, Method = r.Payment.PaymentMethod, r.Payment.PaymentDate,
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
        var posting = new RemittancePosting(connection, tx, tenant, header, clock.GetUtcNow());
        await posting.PostAsync(transaction.Claims.Select(RemittanceClaim.From));
        await ProviderLevelPosting.PostAsync(connection, tx, tenant, header, transaction.ProviderAdjustments(), posting.NetPaid);
        await connection.ExecuteAsync("UPDATE remittances SET claim_count = @Count WHERE id = @Id", new { Count = posting.ClaimCount, Id = id }, tx);
        // A deposit that came before its 835 (CAQH CORE 370 allows either first) is matched now.
        await DepositMatching.MatchRemittanceAsync(connection, tx, tenant, id, clock.GetUtcNow());

        await Outbox.Enqueue(connection, tx, new RemittanceReceived(tenant, id, r.Payer.Name, r.TraceNumber, r.Payment.Amount, r.Payment.PaymentDate,
            posting.ClaimCount, clock.GetUtcNow()), tenant);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected 835 file {FileId} of tenant {Tenant}: {Error}")]
    static partial void LogRejected(ILogger logger, Guid fileId, Guid tenant, string error);
}
