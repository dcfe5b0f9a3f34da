using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Payments.Ledger;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Payments.Posting;

/// <summary>A CLP of a remittance with its row id and its place (seq) in the transaction set.</summary>
public sealed record RemittanceClaimRow(Guid Id, int Seq, RemittanceClaim Claim);

/// <summary>
/// Posts many CLPs at once, each to a different claim already matched by its CLP01, with a few statements for all of them:
/// the remittance claims, postings and ledger entries by binary COPY, one lock of the claims (in claim id order, so two
/// remittances never deadlock), one read of their billed lines and one of their ledgers, and the events in one outbox insert
/// per type. What each CLP posts is decided by <see cref="ClaimAdjudication"/>, as on the one-by-one path (<see cref="ClaimPoster"/>).
/// Reversals (CLP02 22), CLP02 23 and CLPs not matched by CLP01 are not for this path: the caller posts them one by one.
/// </summary>
public static class BulkClaimPosting
{

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    const string ClaimColumns =
        "m.claim_id, m.encounter_id, m.patient_id, m.patient_control_number, m.payer_claim_number, m.payer_id, m.payer_name, m.payer_responsibility, m.date_of_service";

    sealed record Position
    {
        public long Ord { get; init; }
    }

    /// <summary>
    /// <see cref="ClaimPoster.MatchAsync"/>'s first step for every CLP at once: CLP01 to the latest submission with that patient control
    /// number, and a CLP processed as secondary or tertiary under an earlier payer's CLP01 to that visit's claim for the next payer
    /// (X221A1 1.10.2.3). A CLP it finds nothing for (null) goes the one-by-one way (payer claim number, then a claim arriving meanwhile).
    /// </summary>
    public static async Task<KnownClaim?[]> MatchByPatientControlNumberAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant,
        IReadOnlyList<RemittanceClaim> clps)
    {
        var found = new KnownClaim?[clps.Count];
        if (clps.Count == 0) return found;
        // Each row: the CLP's position in the chunk, then the claim (Dapper splits at claim_id).
        var rows = await connection.QueryAsync<Position, KnownClaim, (long Ord, KnownClaim Claim)>(
            $"""
            WITH clp AS (
                SELECT * FROM unnest(@Pcns::text[], @Responsibilities::text[]) WITH ORDINALITY AS c(pcn, responsibility, ord)
            ), first AS (
                SELECT DISTINCT ON (c.ord) c.ord, c.responsibility AS wanted, cl.claim_id, cl.encounter_id,
                       (CASE cl.payer_responsibility WHEN 'secondary' THEN 2 WHEN 'tertiary' THEN 3 ELSE 1 END) AS rank
                FROM clp c JOIN claims cl ON cl.tenant_id = @Tenant AND cl.patient_control_number = c.pcn AND cl.frequency <> 8
                ORDER BY c.ord, cl.superseded_by IS NULL DESC, cl.submitted_at DESC, cl.claim_id DESC
            )
            SELECT f.ord, {ClaimColumns}
            FROM first f CROSS JOIN LATERAL (
                SELECT * FROM claims m WHERE m.tenant_id = @Tenant AND m.claim_id = f.claim_id
                  AND (CASE f.wanted WHEN 'secondary' THEN 2 WHEN 'tertiary' THEN 3 ELSE 1 END) <= f.rank
                UNION ALL
                (SELECT * FROM claims m WHERE m.tenant_id = @Tenant AND m.encounter_id = f.encounter_id AND m.payer_responsibility = f.wanted
                   AND m.frequency <> 8 AND (CASE f.wanted WHEN 'secondary' THEN 2 WHEN 'tertiary' THEN 3 ELSE 1 END) > f.rank
                 ORDER BY m.superseded_by IS NULL DESC, m.submitted_at DESC, m.claim_id DESC LIMIT 1)
            ) m
            """,
            (position, claim) => (position.Ord, claim),
            new
            {
                Tenant = tenant, Pcns = clps.Select(c => c.PatientControlNumber).ToArray(),
                Responsibilities = clps.Select(c => ClaimStatus.Responsibility(c.StatusCode)).ToArray(),
            }, tx, splitOn: "claim_id");
        foreach (var (ord, claim) in rows)
            found[ord - 1] = claim;
        return found;
    }

    sealed record BilledRow
    {
        public Guid ClaimId { get; init; }
        public int LineNumber { get; init; }
        public string ProcedureCode { get; init; } = "";
        public string[] Modifiers { get; init; } = [];
        public decimal Charge { get; init; }
        public DateOnly DateOfService { get; init; }
    }

    sealed record LedgerRow
    {
        public Guid ClaimId { get; init; }
        public int? LineNumber { get; init; }
        public string Kind { get; init; } = "";
        public string Bucket { get; init; } = "";
        public bool SamePayer { get; init; }
        public decimal Amount { get; init; }
    }

    /// <summary>Posts each CLP to its claim (every claim once in <paramref name="items"/>); returns the outcomes in the same order.</summary>
    public static async Task<IReadOnlyList<PostingOutcome>> PostAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, RemittanceHeader remittance,
        IReadOnlyList<(RemittanceClaimRow Row, KnownClaim Claim)> items, DateTimeOffset now)
    {
        if (items.Count == 0) return [];
        var claimIds = items.Select(i => i.Claim.ClaimId).ToArray();
        await InsertRemittanceClaimsAsync(connection, tenant, remittance, items);

        // Two remittances posting to the same claims serialise here; taking the locks in one order keeps them from deadlocking.
        await connection.ExecuteAsync(
            "SELECT 1 FROM claims WHERE tenant_id = @Tenant AND claim_id = ANY(@Claims) ORDER BY claim_id FOR UPDATE",
            new { Tenant = tenant, Claims = claimIds }, tx);
        var billed = (await connection.QueryAsync<BilledRow>(
            """
            SELECT claim_id, line_number, procedure_code, modifiers, charge, date_of_service FROM claim_lines
            WHERE tenant_id = @Tenant AND claim_id = ANY(@Claims) ORDER BY claim_id, line_number
            """, new { Tenant = tenant, Claims = claimIds }, tx))
            .ToLookup(b => b.ClaimId, b => new BilledLine(b.LineNumber, b.ProcedureCode, b.Modifiers, b.Charge, b.DateOfService));
        // Each claim's ledger by line, kind and bucket, and whether a posting of this payer (TRN03/N1*PR) entered it.
        var ledgers = (await connection.QueryAsync<LedgerRow>(
            """
            SELECT l.claim_id, l.line_number, l.kind, l.bucket, coalesce(r.payer_key = @PayerKey, false) AS same_payer, sum(l.amount) AS amount
            FROM ledger_entries l LEFT JOIN postings p ON p.id = l.posting_id LEFT JOIN remittances r ON r.id = p.remittance_id
            WHERE l.tenant_id = @Tenant AND l.claim_id = ANY(@Claims)
            GROUP BY 1, 2, 3, 4, 5
            """, new { Tenant = tenant, Claims = claimIds, remittance.PayerKey }, tx)).ToLookup(l => l.ClaimId);

        var outcomes = new List<PostingOutcome>(items.Count);
        var postings = new List<(Guid Id, RemittanceClaimRow Row, KnownClaim Claim, ClaimPostingPlan Plan)>(items.Count);
        var posted = new List<ClaimPaymentPosted>(items.Count);
        var overpaid = new List<InsuranceOverpaymentPosted>();
        foreach (var (row, claim) in items)
        {
            var ledger = ledgers[claim.ClaimId].ToList();
            var state = new ClaimLedgerState(
                [.. ledger.Where(l => l.Bucket == Bucket.InsurancePaid && l.SamePayer).GroupBy(l => l.LineNumber).Select(g => (g.Key, g.Sum(l => l.Amount)))],
                [.. ledger.Where(l => l.Kind is EntryKind.PriorPayer or EntryKind.PriorPayerRelease).GroupBy(l => l.LineNumber).Select(g => (g.Key, g.Sum(l => l.Amount)))]);
            var lines = billed[claim.ClaimId].ToList();
            var plan = ClaimAdjudication.Plan(remittance, row.Claim, lines, state);
            var postingId = Guid.CreateVersion7();
            var totals = LedgerTotals.Of(ledger.Select(l => (l.Bucket, l.Amount)).Concat(plan.Entries.Select(e => (e.Bucket, e.Amount))));
            var (claimPosted, claimOverpaid) = ClaimAdjudication.Event(tenant, remittance, row.Claim, claim, lines, postingId, plan, false, totals, now);
            if (claimPosted is not null) posted.Add(claimPosted);
            if (claimOverpaid is not null) overpaid.Add(claimOverpaid);
            postings.Add((postingId, row, claim, plan));
            outcomes.Add(new PostingOutcome(postingId, claim.ClaimId, null, null));
        }

        await InsertPostingsAsync(connection, tenant, remittance, postings);
        await InsertLedgerEntriesAsync(connection, tenant, remittance, postings);
        await Outbox.EnqueueAll(connection, tx, posted, tenant);
        await Outbox.EnqueueAll(connection, tx, overpaid, tenant);
        return outcomes;
    }

    static async Task InsertRemittanceClaimsAsync(NpgsqlConnection connection, Guid tenant, RemittanceHeader remittance,
        IReadOnlyList<(RemittanceClaimRow Row, KnownClaim Claim)> items)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            """
            COPY remittance_claims (id, tenant_id, remittance_id, seq, patient_control_number, payer_claim_number, status_code, charge, paid,
                                    patient_responsibility, claim_id, detail) FROM STDIN (FORMAT BINARY)
            """);
        foreach (var (row, claim) in items)
        {
            var c = row.Claim;
            await copy.StartRowAsync();
            await copy.WriteAsync(row.Id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(tenant, NpgsqlDbType.Uuid);
            await copy.WriteAsync(remittance.RemittanceId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(row.Seq, NpgsqlDbType.Integer);
            await copy.WriteAsync(c.PatientControlNumber, NpgsqlDbType.Text);
            await WriteNullableAsync(copy, c.PayerClaimNumber, NpgsqlDbType.Text);
            await copy.WriteAsync(c.StatusCode, NpgsqlDbType.Integer);
            await copy.WriteAsync(c.Charge, NpgsqlDbType.Numeric);
            await copy.WriteAsync(c.Paid, NpgsqlDbType.Numeric);
            await copy.WriteAsync(c.PatientResponsibility, NpgsqlDbType.Numeric);
            await copy.WriteAsync(claim.ClaimId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(JsonSerializer.Serialize(c, Json), NpgsqlDbType.Jsonb);
        }
        await copy.CompleteAsync();
    }

    static async Task InsertPostingsAsync(NpgsqlConnection connection, Guid tenant, RemittanceHeader remittance,
        IReadOnlyList<(Guid Id, RemittanceClaimRow Row, KnownClaim Claim, ClaimPostingPlan Plan)> postings)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY postings (id, tenant_id, claim_id, remittance_id, remittance_claim_id, status_code, kind) FROM STDIN (FORMAT BINARY)");
        foreach (var (id, row, claim, plan) in postings)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(tenant, NpgsqlDbType.Uuid);
            await copy.WriteAsync(claim.ClaimId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(remittance.RemittanceId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(row.Id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(row.Claim.StatusCode, NpgsqlDbType.Integer);
            await copy.WriteAsync(plan.Kind, NpgsqlDbType.Text);
        }
        await copy.CompleteAsync();
    }

    static async Task InsertLedgerEntriesAsync(NpgsqlConnection connection, Guid tenant, RemittanceHeader remittance,
        IReadOnlyList<(Guid Id, RemittanceClaimRow Row, KnownClaim Claim, ClaimPostingPlan Plan)> postings)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            """
            COPY ledger_entries (id, tenant_id, claim_id, line_number, posting_id, kind, bucket, adjustment_group, carc, amount, description, remittance_id)
            FROM STDIN (FORMAT BINARY)
            """);
        // Synchronous writes: they fill Npgsql's buffer and only now and then send it; an awaited call per value costs more than the value.
        foreach (var (postingId, _, claim, plan) in postings)
            foreach (var e in plan.Entries)
            {
                copy.StartRow();
                copy.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                copy.Write(tenant, NpgsqlDbType.Uuid);
                copy.Write(claim.ClaimId, NpgsqlDbType.Uuid);
                if (e.LineNumber is { } line) copy.Write(line, NpgsqlDbType.Integer); else copy.WriteNull();
                copy.Write(postingId, NpgsqlDbType.Uuid);
                copy.Write(e.Kind, NpgsqlDbType.Text);
                copy.Write(e.Bucket, NpgsqlDbType.Text);
                if (e.Group is { } group) copy.Write(group, NpgsqlDbType.Text); else copy.WriteNull();
                if (e.Carc is { } carc) copy.Write(carc, NpgsqlDbType.Text); else copy.WriteNull();
                copy.Write(e.Amount, NpgsqlDbType.Numeric);
                copy.Write(e.Description, NpgsqlDbType.Text);
                copy.Write(remittance.RemittanceId, NpgsqlDbType.Uuid);
            }
        await copy.CompleteAsync();
    }

    static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : class =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, type);

    static Task WriteNullableAsync(NpgsqlBinaryImporter copy, int? value, NpgsqlDbType type) =>
        value is { } v ? copy.WriteAsync(v, type) : copy.WriteNullAsync();
}
