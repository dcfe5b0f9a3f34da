using System.Text.Json;
using Dapper;
using Npgsql;
using RevenueCycle.Payments.Posting;
using RevenueCycle.Payments.Remittances;

namespace RevenueCycle.Payments.Exceptions;

/// <summary>An open posting exception with what is needed to post its CLP.</summary>
public sealed record OpenException
{
    public Guid Id { get; init; }
    public string Status { get; init; } = "";
    public Guid RemittanceId { get; init; }
    public Guid RemittanceClaimId { get; init; }
    public string Detail { get; init; } = "";
    public string PayerName { get; init; } = "";
    public DateOnly PaymentDate { get; init; }
    public string PayerKey { get; init; } = "";
    public string[] PayerIds { get; init; } = [];
    public string TraceNumber { get; init; } = "";

    public RemittanceHeader Header => new(RemittanceId, PayerName, PaymentDate, PayerKey, PayerIds, TraceNumber);
}

/// <summary>
/// Posts the CLP of a posting exception to a claim, by hand (a biller matches it) or on its own: an
/// 835 can be collected before Payments has consumed the <c>ClaimSubmitted</c> of the claim it pays
/// (the clearinghouse answers fast, the event may wait in the outbox or the queue), so its CLP is
/// first unmatched; when that claim becomes known, the waiting CLPs with its patient control number
/// (or payer claim number) post to it, in the order they arrived.
/// </summary>
public static class ExceptionMatching
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    const string Columns =
        """
        SELECT e.id, e.status, e.remittance_id, e.remittance_claim_id, rc.detail::text AS detail, r.payer_name, r.payment_date,
               r.payer_key, r.payer_ids, r.trace_number
        FROM posting_exceptions e JOIN remittance_claims rc ON rc.id = e.remittance_claim_id JOIN remittances r ON r.id = e.remittance_id
        """;

    public static Task<OpenException?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid id) =>
        connection.QuerySingleOrDefaultAsync<OpenException>(Columns + "\nWHERE e.tenant_id = @Tenant AND e.id = @Id FOR UPDATE OF e",
            new { Tenant = tenant, Id = id }, tx);

    /// <summary>Posts the exception's CLP to <paramref name="claim"/> and marks it resolved; on a posting refusal it stays open and the refusal is returned.</summary>
    public static async Task<PostingOutcome> PostAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, OpenException exception,
        KnownClaim claim, string? note)
    {
        var clp = JsonSerializer.Deserialize<RemittanceClaim>(exception.Detail, Json)!;
        var outcome = await RemittanceImporter.PostClaimAsync(connection, tx, tenant, exception.Header, exception.RemittanceClaimId, clp, claim);
        if (outcome.ExceptionReason is null)
            await connection.ExecuteAsync(
                """
                UPDATE posting_exceptions SET status = 'resolved', resolved_claim_id = @Claim, resolution_note = @Note, resolved_at = now()
                WHERE id = @Id
                """, new { Claim = claim.ClaimId, Note = note, exception.Id }, tx);
        return outcome;
    }

    /// <summary>
    /// Called when a claim becomes known: posts the unmatched CLPs waiting for its patient control number
    /// (or, when it has one, its payer claim number); for a secondary or tertiary claim, also the next payer's CLPs
    /// (CLP02 2/20, 3/21) under the CLP01 of the visit's earlier claims — a crossover answered before its claim was known.
    /// Returns how many posted.
    /// </summary>
    public static async Task<int> PostWaitingAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, KnownClaim claim)
    {
        var waiting = (await connection.QueryAsync<OpenException>(
            Columns + """

            WHERE e.tenant_id = @Tenant AND e.status = 'open' AND e.reason = @Unmatched
              AND (rc.patient_control_number = @Pcn OR (@Number IS NOT NULL AND rc.payer_claim_number = @Number)
                   OR (rc.status_code = ANY(@NextPayerCodes) AND rc.patient_control_number IN (
                       SELECT patient_control_number FROM claims
                       WHERE tenant_id = @Tenant AND encounter_id = @Encounter AND claim_id <> @Claim AND payer_responsibility <> @Responsibility)))
              AND NOT rc.status_code = ANY(@LaterPayerCodes)
            ORDER BY e.id
            FOR UPDATE OF e
            """, new
            {
                Tenant = tenant, Unmatched = ExceptionReasons.Unmatched, Pcn = claim.PatientControlNumber, Number = claim.PayerClaimNumber,
                Encounter = claim.EncounterId, Claim = claim.ClaimId, Responsibility = claim.PayerResponsibility,
                NextPayerCodes = claim.PayerResponsibility switch { "secondary" => new[] { 2, 20 }, "tertiary" => new[] { 3, 21 }, _ => Array.Empty<int>() },
                // A later payer's answer never posts to an earlier payer's claim.
                LaterPayerCodes = claim.PayerResponsibility switch { "secondary" => new[] { 3, 21 }, "tertiary" => Array.Empty<int>(), _ => new[] { 2, 3, 20, 21 } },
            }, tx)).ToList();
        var posted = 0;
        foreach (var exception in waiting)
        {
            var outcome = await PostAsync(connection, tx, tenant, exception, claim,
                $"Matched automatically: claim {claim.PatientControlNumber} became known to Payments after this remittance arrived.");
            if (outcome.ExceptionReason is null) posted++;
            else
                await connection.ExecuteAsync("UPDATE posting_exceptions SET reason = @Reason, detail = @Detail WHERE id = @Id",
                    new { Reason = outcome.ExceptionReason, Detail = outcome.ExceptionDetail, exception.Id }, tx);
        }
        return posted;
    }
}
