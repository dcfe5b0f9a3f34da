using Dapper;
using Npgsql;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Payments.Ledger;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Payments.Posting;

public sealed record KnownClaim
{
    public Guid ClaimId { get; init; }
    public Guid EncounterId { get; init; }
    public Guid PatientId { get; init; }
    public string PatientControlNumber { get; init; } = "";
    public string? PayerClaimNumber { get; init; }
    public string PayerId { get; init; } = "";
    public string PayerName { get; init; } = "";
    public string PayerResponsibility { get; init; } = "primary";
    public DateOnly DateOfService { get; init; }
}

/// <summary>
/// The remittance a CLP came in: what every posting from it records and publishes. <see cref="PayerKey"/> identifies
/// the payer (TRN03, else its N1*PR id, else its name); <see cref="PayerIds"/> are the ids it names itself by
/// (N1*PR N104, REF*2U), which claims were sent to (837P 2010BB).
/// </summary>
public sealed record RemittanceHeader(Guid RemittanceId, string PayerName, DateOnly PaymentDate, string PayerKey, string[] PayerIds, string TraceNumber);

/// <summary>What became of one CLP: posted to a claim, or an exception to resolve by hand.</summary>
public sealed record PostingOutcome(Guid? PostingId, Guid? ClaimId, string? ExceptionReason, string? ExceptionDetail, bool IsReversal = false)
{
    public static PostingOutcome Exception(string reason, string detail, Guid? claimId = null) => new(null, claimId, reason, detail);
}

public static class ExceptionReasons
{
    public const string Unmatched = "unmatched";
    public const string NotOurClaim = "not-our-claim";
    public const string NothingToReverse = "nothing-to-reverse";
}

/// <summary>What a posting row is: the payer's adjudication of the claim, or money paid again for what it had already paid.</summary>
public static class PostingKind
{
    public const string Adjudication = "adjudication";
    public const string Overpayment = "overpayment";
}

/// <summary>
/// Matches a CLP to a claim and posts it: the ledger entries, the posting row, and the
/// <see cref="ClaimPaymentPosted"/> in the outbox, all in the caller's transaction.
/// </summary>
public static class ClaimPoster
{
    const string ClaimColumns =
        "claim_id, encounter_id, patient_id, patient_control_number, payer_claim_number, payer_id, payer_name, payer_responsibility, date_of_service";

    /// <summary>
    /// CLP01 to the latest submission with that patient control number; else CLP07 to the payer's claim number, among the claims
    /// sent to this payer only. A CLP processed as secondary or tertiary (CLP02 2/3/20/21) under the primary claim's CLP01 is the
    /// next payer's answer to a crossover (X221A1 1.10.2.3: the primary forwards its claim, CLP01 as billed): it belongs to that
    /// encounter's claim for the next payer, never to the primary's ledger, and waits unmatched until that claim is known.
    /// </summary>
    public static async Task<KnownClaim?> MatchAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, RemittanceClaim clp, RemittanceHeader payer)
    {
        var match = await connection.QueryFirstOrDefaultAsync<KnownClaim>(
            $"""
            SELECT {ClaimColumns} FROM claims
            WHERE tenant_id = @Tenant AND patient_control_number = @Pcn AND frequency <> 8
            ORDER BY superseded_by IS NULL DESC, submitted_at DESC, claim_id DESC LIMIT 1
            """, new { Tenant = tenant, Pcn = clp.PatientControlNumber }, tx);
        if (match is null && !string.IsNullOrEmpty(clp.PayerClaimNumber))
            match = await connection.QueryFirstOrDefaultAsync<KnownClaim>(
                $"""
                SELECT {ClaimColumns} FROM claims c
                WHERE tenant_id = @Tenant AND frequency <> 8
                  AND (CASE WHEN cardinality(@PayerIds) > 0 THEN upper(payer_id) = ANY(@PayerIds) ELSE upper(payer_name) = upper(@PayerName) END)
                  -- Each side of the union by its own index (an OR of the two would read every claim of the practice).
                  AND claim_id IN (
                    SELECT claim_id FROM claims WHERE tenant_id = @Tenant AND payer_claim_number = @Number
                    UNION SELECT claim_id FROM remittance_claims WHERE tenant_id = @Tenant AND payer_claim_number = @Number AND claim_id IS NOT NULL)
                ORDER BY superseded_by IS NULL DESC, submitted_at DESC LIMIT 1
                """, new { Tenant = tenant, Number = clp.PayerClaimNumber, payer.PayerIds, payer.PayerName }, tx);
        if (match is null) return null;

        var responsibility = ClaimStatus.Responsibility(clp.StatusCode);
        if (ClaimStatus.Rank(responsibility) <= ClaimStatus.Rank(match.PayerResponsibility)) return match;
        return await connection.QueryFirstOrDefaultAsync<KnownClaim>(
            $"""
            SELECT {ClaimColumns} FROM claims
            WHERE tenant_id = @Tenant AND encounter_id = @Encounter AND payer_responsibility = @Responsibility AND frequency <> 8
            ORDER BY superseded_by IS NULL DESC, submitted_at DESC, claim_id DESC LIMIT 1
            """, new { Tenant = tenant, Encounter = match.EncounterId, Responsibility = responsibility }, tx);
    }

    public static Task<KnownClaim?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid claimId) =>
        connection.QuerySingleOrDefaultAsync<KnownClaim>(
            $"SELECT {ClaimColumns} FROM claims WHERE tenant_id = @Tenant AND claim_id = @Claim", new { Tenant = tenant, Claim = claimId }, tx);

    sealed record BilledLineRow
    {
        public int LineNumber { get; init; }
        public string ProcedureCode { get; init; } = "";
        public string[] Modifiers { get; init; } = [];
        public decimal Charge { get; init; }
        public DateOnly DateOfService { get; init; }

        public BilledLine ToBilledLine() => new(LineNumber, ProcedureCode, Modifiers, Charge, DateOfService);
    }

    public static async Task<PostingOutcome> PostAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, RemittanceHeader remittance,
        Guid remittanceClaimId, RemittanceClaim clp, KnownClaim claim)
    {
        // Two remittances posting to one claim at once serialise here, so each event's balance is right.
        await connection.ExecuteAsync("SELECT 1 FROM claims WHERE tenant_id = @Tenant AND claim_id = @Claim FOR UPDATE",
            new { Tenant = tenant, Claim = claim.ClaimId }, tx);
        var billed = (await connection.QueryAsync<BilledLineRow>(
            "SELECT line_number, procedure_code, modifiers, charge, date_of_service FROM claim_lines WHERE tenant_id = @Tenant AND claim_id = @Claim ORDER BY line_number",
            new { Tenant = tenant, Claim = claim.ClaimId }, tx)).Select(b => b.ToBilledLine()).ToList();

        var postingId = Guid.CreateVersion7();
        ClaimPostingPlan plan;
        Guid? reversed = null;
        if (clp.StatusCode == ClaimStatus.Reversal)
        {
            // X221A1 1.10.2.8: a reversal takes back the earlier payment of this claim in full; the corrected CLP that follows is posted anew.
            reversed = await connection.QueryFirstOrDefaultAsync<Guid?>(
                """
                SELECT p.id FROM postings p JOIN remittance_claims rc ON rc.id = p.remittance_claim_id
                WHERE p.tenant_id = @Tenant AND p.claim_id = @Claim AND p.reversed_by IS NULL AND p.reverses_posting_id IS NULL
                ORDER BY (rc.payer_claim_number IS NOT DISTINCT FROM @Number) DESC, p.posted_at DESC, p.id DESC LIMIT 1
                """, new { Tenant = tenant, Claim = claim.ClaimId, Number = clp.PayerClaimNumber }, tx);
            if (reversed is null)
                return PostingOutcome.Exception(ExceptionReasons.NothingToReverse,
                    $"CLP02 22 reverses a payment of claim {claim.PatientControlNumber}, but no earlier posting of it is left to reverse.", claim.ClaimId);
            plan = new ClaimPostingPlan(PostingKind.Adjudication, PostingRules.Reverse(await LedgerStore.PostedEntriesAsync(connection, tx, tenant, claim.ClaimId, reversed.Value)), []);
        }
        else
            plan = ClaimAdjudication.Plan(remittance, clp, billed, await LedgerStateAsync(connection, tx, tenant, claim.ClaimId, remittance, clp));

        await connection.ExecuteAsync(
            """
            INSERT INTO postings (id, tenant_id, claim_id, remittance_id, remittance_claim_id, status_code, reverses_posting_id, kind)
            VALUES (@Id, @Tenant, @Claim, @Remittance, @RemittanceClaim, @Status, @Reversed, @Kind)
            """, new { Id = postingId, Tenant = tenant, Claim = claim.ClaimId, Remittance = remittance.RemittanceId, RemittanceClaim = remittanceClaimId,
                Status = clp.StatusCode, Reversed = reversed, plan.Kind }, tx);
        if (reversed is { } original)
            await connection.ExecuteAsync("UPDATE postings SET reversed_by = @Posting WHERE id = @Original", new { Posting = postingId, Original = original }, tx);
        await LedgerStore.EnterAsync(connection, tx, tenant, claim.ClaimId, postingId, plan.Entries, remittance.RemittanceId);
        await connection.ExecuteAsync("UPDATE remittance_claims SET claim_id = @Claim WHERE id = @Id", new { Claim = claim.ClaimId, Id = remittanceClaimId }, tx);

        var totals = await LedgerStore.TotalsAsync(connection, tx, tenant, claim.ClaimId);
        var isReversal = reversed is not null;
        var (posted, overpaid) = ClaimAdjudication.Event(tenant, remittance, clp, claim, billed, postingId, plan, isReversal, totals, DateTimeOffset.UtcNow);
        if (overpaid is not null) await Outbox.Enqueue(connection, tx, overpaid, tenant);
        if (posted is not null) await Outbox.Enqueue(connection, tx, posted, tenant);
        return new PostingOutcome(postingId, claim.ClaimId, null, null, isReversal);
    }

    /// <summary>What this payer already paid on the claim's lines (only read when the CLP pays something: see <see cref="ClaimAdjudication.IsPaidAgain"/>) and the prior payers' part.</summary>
    static async Task<ClaimLedgerState> LedgerStateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid claim, RemittanceHeader remittance,
        RemittanceClaim clp)
    {
        var paidBefore = clp.StatusCode == ClaimStatus.Denied || clp.Paid <= 0 ? [] : (await connection.QueryAsync<(int? Line, decimal Paid)>(
            """
            SELECT l.line_number, sum(l.amount) FROM ledger_entries l
            JOIN postings p ON p.id = l.posting_id JOIN remittances r ON r.id = p.remittance_id
            WHERE l.tenant_id = @Tenant AND l.claim_id = @Claim AND l.bucket = 'insurance-paid'
              AND r.payer_key = @PayerKey
            GROUP BY l.line_number
            """, new { Tenant = tenant, Claim = claim, remittance.PayerKey }, tx)).ToList();
        var priorPayers = (await connection.QueryAsync<(int? Line, decimal Amount)>(
            """
            SELECT line_number, sum(amount) FROM ledger_entries
            WHERE tenant_id = @Tenant AND claim_id = @Claim AND kind IN ('prior-payer', 'prior-payer-release')
            GROUP BY line_number HAVING sum(amount) <> 0
            """, new { Tenant = tenant, Claim = claim }, tx)).ToList();
        return new ClaimLedgerState(paidBefore, priorPayers);
    }
}
