using System.Text.Json;
using Dapper;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Denials;
using RevenueCycle.Contracts.Payments;

namespace RevenueCycle.Claims.PayerContracts;

/// <summary>What a contract change re-judged: the paid claims of its payers it looked at, and how many underpaid lines are open among them now.</summary>
public sealed record Rejudged(int Claims, int OpenUnderpayments);

/// <summary>A paid line whose allowed amount fell short of the contract by more than the practice's tolerance.</summary>
public sealed record Shortfall(int LineNumber, string Code, IReadOnlyList<string> Modifiers, decimal Units, DateOnly DateOfService,
    decimal Expected, decimal Allowed, decimal Paid, string Basis)
{
    public decimal Variance => Expected - Allowed;
}

/// <summary>
/// Compares each paid line of the payer's standing decision on a claim with its contract, in the transaction that records the
/// posting (so a redelivered ClaimPaymentPosted, stopped by the inbox, changes nothing). One underpayment item per claim line keeps
/// its id while the payer's decisions change: opened (or re-opened with the new figures) while the standing decision underpays,
/// resolved when a later decision pays at contract, reversed when a CLP02 22 takes the decision back and none stands
/// (X221A1 1.10.2.8), superseded when a replacement claim (frequency 7) of the same visit is paid instead.
/// </summary>
public static class UnderpaymentReview
{
    public const decimal DefaultTolerance = 1.00m;

    public static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimRow claim, ClaimPaymentPosted posting,
        ClaimPaymentPosted? standing, bool mayOpen, DateTimeOffset now)
    {
        if (!posting.IsReversal && claim.ReplacesClaimId is not null)
            await CloseAsync(connection, tx, claim.TenantId, await ReplacedClaimsAsync(connection, tx, claim), "superseded", now);
        if (standing is null)
        {
            await CloseAsync(connection, tx, claim.TenantId, [claim.Id], "reversed", now);
            return;
        }
        if (!mayOpen) return;

        var shortfalls = await ShortfallsAsync(connection, tx, claim, standing);
        foreach (var s in shortfalls)
            await connection.ExecuteAsync(
                """
                INSERT INTO underpayments (id, tenant_id, claim_id, line_number, posting_id, patient_control_number, payer_id, payer_name,
                    date_of_service, payment_date, code, modifiers, units, expected, allowed, paid, variance, basis, status, created_at, updated_at)
                VALUES (@Id, @TenantId, @ClaimId, @LineNumber, @PostingId, @PatientControlNumber, @PayerId, @PayerName,
                    @DateOfService, @PaymentDate, @Code, @Modifiers, @Units, @Expected, @Allowed, @Paid, @Variance, @Basis, 'open', @Now, @Now)
                ON CONFLICT (tenant_id, claim_id, line_number) DO UPDATE SET posting_id = excluded.posting_id, payer_name = excluded.payer_name,
                    payment_date = excluded.payment_date, code = excluded.code, modifiers = excluded.modifiers, units = excluded.units,
                    expected = excluded.expected, allowed = excluded.allowed, paid = excluded.paid, variance = excluded.variance,
                    basis = excluded.basis, status = 'open', updated_at = excluded.updated_at
                """, new
                {
                    Id = Guid.CreateVersion7(), claim.TenantId, ClaimId = claim.Id, s.LineNumber, standing.PostingId, claim.PatientControlNumber,
                    claim.PayerId, standing.PayerName, s.DateOfService, standing.PaymentDate, s.Code, Modifiers = ContractRules.Key(s.Modifiers), s.Units,
                    s.Expected, s.Allowed, s.Paid, s.Variance, s.Basis, Now = now,
                }, tx);
        // The standing decision pays these lines at contract (or no longer pays them at all): their items are settled.
        await connection.ExecuteAsync(
            """
            UPDATE underpayments SET status = 'resolved', posting_id = @PostingId, updated_at = @Now
            WHERE tenant_id = @Tenant AND claim_id = @Claim AND status = 'open' AND NOT (line_number = ANY(@Lines))
            """, new { Tenant = claim.TenantId, Claim = claim.Id, standing.PostingId, Lines = shortfalls.Select(s => s.LineNumber).ToArray(), Now = now }, tx);
    }

    /// <summary>
    /// The payer's decision that stands on the claim, from every posting received for it so far, whatever
    /// order the events came in (several postings of one 835 are published together and may be consumed in
    /// any order): each reversal takes back one earlier decision (X221A1 1.10.2.8), so with n decisions and r
    /// reversals the latest decision stands when n > r, and none does otherwise.
    /// </summary>
    public static async Task<ClaimPaymentPosted?> StandingDecisionAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid claimId)
    {
        var postings = (await connection.QueryAsync<string>(
            "SELECT posting::text FROM claim_payments WHERE claim_id = @ClaimId ORDER BY posted_at, posting_id", new { ClaimId = claimId }, tx))
            .Select(json => JsonSerializer.Deserialize<ClaimPaymentPosted>(json, ClaimData.Json)!).ToList();
        var decisions = postings.Where(x => !x.IsReversal).ToList();
        return decisions.Count > postings.Count - decisions.Count ? decisions[^1] : null;
    }

    /// <summary>
    /// Judges again, against the contract as it now stands, the standing decision on every claim of these payers with a date of service
    /// from <paramref name="fromDateOfService"/> (every date when null): a contract loaded or corrected after the remittances posted
    /// opens the items a lower payment now falls short of, and settles those the new rates no longer call short. Claims closed or
    /// voided keep their items. Each claim is locked as a posting would lock it, so a remittance posting at the same time waits.
    /// </summary>
    public static async Task<Rejudged> RejudgeAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, IReadOnlyCollection<string> payerIds,
        DateOnly? fromDateOfService, DateTimeOffset now)
    {
        if (payerIds.Count == 0) return new(0, 0);
        var claims = (await connection.QueryAsync<ClaimRow>(
            $"""
            SELECT {ClaimStore.Columns} FROM claims c
            WHERE tenant_id = @Tenant AND payer_id = ANY(@Payers) AND status NOT IN ('closed', 'voided')
              AND (@From::date IS NULL OR date_of_service >= @From::date)
              AND EXISTS (SELECT 1 FROM claim_payments p WHERE p.claim_id = c.id)
            ORDER BY id FOR UPDATE
            """, new { Tenant = tenant, Payers = payerIds.ToArray(), From = fromDateOfService }, tx)).ToList();
        foreach (var claim in claims)
            if (await StandingDecisionAsync(connection, tx, claim.Id) is { } standing)
                await ApplyAsync(connection, tx, claim, standing, standing, mayOpen: true, now);
        var open = claims.Count == 0 ? 0 : await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM underpayments WHERE tenant_id = @Tenant AND claim_id = ANY(@Claims) AND status = 'open'",
            new { Tenant = tenant, Claims = claims.Select(c => c.Id).ToArray() }, tx);
        return new(claims.Count, open);
    }

    static async Task<List<Shortfall>> ShortfallsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimRow claim, ClaimPaymentPosted standing)
    {
        var claimLines = claim.ClaimData().Lines;
        var codes = standing.Lines.Select(l => l.ProcedureCode).ToList();
        var contract = await ContractsEndpoints.LinesForAsync(connection, tx, claim.TenantId, claim.PayerId, codes);
        if (contract.Count == 0) return [];
        var schedules = contract.Where(l => l.ReferenceSchedule is not null).Select(l => l.ReferenceSchedule!).ToList();
        var reference = schedules.Count == 0 ? [] : await ReferenceSchedulesEndpoints.ItemsForAsync(connection, tx, claim.TenantId, schedules, codes);
        var tolerance = await connection.ExecuteScalarAsync<decimal?>(
            "SELECT underpayment_tolerance FROM tenant_settings WHERE tenant_id = @Tenant", new { Tenant = claim.TenantId }, tx) ?? DefaultTolerance;
        return Find(standing, claimLines, claim.DateOfService, contract, reference, tolerance);
    }

    /// <summary>
    /// The underpaid lines of a decision: each line the payer paid (not denied — a denial goes to the denials queue — and not paid
    /// nothing, as capitation CO-24 does) whose allowed amount is short of the contract's by more than <paramref name="tolerance"/>.
    /// A line without a contract rate has no expectation. Units are the claim line's (the contract is per unit).
    /// </summary>
    public static List<Shortfall> Find(ClaimPaymentPosted decision, IReadOnlyList<ClaimLine> claimLines, DateOnly claimDateOfService,
        IReadOnlyList<ContractLine> contract, IReadOnlyList<ReferenceItem> reference, decimal tolerance)
    {
        var found = new List<Shortfall>();
        foreach (var line in decision.Lines)
        {
            if (line.LineNumber is not { } number || line.Paid <= 0 || Adjudication.LineDenied(decision, line)) continue;
            var units = claimLines.FirstOrDefault(c => c.LineNumber == number)?.Units ?? 1m;
            var dateOfService = line.DateOfService ?? decision.DateOfService ?? claimDateOfService;
            var modifiers = line.Modifiers.Select(m => m.ToUpperInvariant()).ToList();
            var expectation = ExpectedPayment.For(contract, reference, line.ProcedureCode.ToUpperInvariant(), modifiers, units, dateOfService);
            if (expectation is null) continue;
            var allowed = ExpectedPayment.AllowedOf(decision, line);
            if (expectation.Expected - allowed > tolerance)
                found.Add(new(number, line.ProcedureCode, modifiers, units, dateOfService, expectation.Expected, allowed, line.Paid, expectation.Basis));
        }
        return found;
    }

    static async Task<Guid[]> ReplacedClaimsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimRow claim) =>
        [.. await connection.QueryAsync<Guid>(
            """
            WITH RECURSIVE replaced(id) AS (
                SELECT replaces_claim_id FROM claims WHERE tenant_id = @Tenant AND id = @Claim AND replaces_claim_id IS NOT NULL
                UNION SELECT c.replaces_claim_id FROM claims c JOIN replaced r ON c.id = r.id WHERE c.tenant_id = @Tenant AND c.replaces_claim_id IS NOT NULL)
            SELECT id FROM replaced
            """, new { Tenant = claim.TenantId, Claim = claim.Id }, tx)];

    static Task CloseAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid[] claims, string status, DateTimeOffset now) =>
        claims.Length == 0 ? Task.CompletedTask : connection.ExecuteAsync(
            "UPDATE underpayments SET status = @Status, updated_at = @Now WHERE tenant_id = @Tenant AND claim_id = ANY(@Claims) AND status = 'open'",
            new { Tenant = tenant, Claims = claims, Status = status, Now = now }, tx);
}
