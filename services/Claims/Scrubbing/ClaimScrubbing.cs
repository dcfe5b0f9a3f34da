using Dapper;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Claims.Scrubbing;

/// <summary>
/// Scrubs a claim inside the caller's transaction: the edits are saved, the claim goes to <c>held</c>
/// (work queue) or <c>ready</c>, and a ready claim of a tenant that submits automatically joins the
/// submission queue. Returns the queue notice to send after commit, if any.
/// </summary>
public static class ClaimScrubbing
{
    // Claims that have gone (or are going) to a payer count as "already billed"; held and draft ones do not,
    // or two claims held for one missing fee would each flag the other.
    const string NotBilled = "('held', 'draft', 'voided', 'closed')";

    /// <param name="released">The claim was already in the submission queue (released by a biller, or queued automatically): still clean, it goes back.</param>
    public static async Task<SubmissionNotice?> ScrubAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, ClaimRow claim, ClaimData data, TimeProvider clock, bool released = false)
    {
        var rules = (await connection.QueryAsync<PayerRule>(
            "SELECT kind, procedure_code, modifier, max_units FROM payer_rules WHERE tenant_id = @TenantId AND payer_id = @PayerId",
            new { claim.TenantId, claim.PayerId }, tx)).ToList();
        var billedElsewhere = (await connection.QueryAsync<string>(
            $"""
            SELECT DISTINCT (line->>'procedureCode') || '|' || coalesce(c.data->'renderingProvider'->>'npi', '')
            FROM claims c, jsonb_array_elements(c.data->'lines') line
            WHERE c.tenant_id = @TenantId AND c.patient_id = @PatientId AND c.date_of_service = @DateOfService
              AND c.payer_ref = @PayerRef AND c.id <> @Id AND c.frequency <> 8
              AND c.id IS DISTINCT FROM @ReplacesClaimId AND c.status NOT IN {NotBilled}
            """, new { claim.TenantId, claim.PatientId, data.DateOfService, claim.PayerRef, claim.Id, claim.ReplacesClaimId }, tx)).ToHashSet();

        var now = clock.GetUtcNow();
        var edits = Scrubber.Scrub(data, new ScrubContext(DateOnly.FromDateTime(now.UtcDateTime), rules, billedElsewhere, claim.Frequency, claim.Responsibility));
        await ClaimStore.SaveEditsAsync(connection, tx, claim.Id, edits);
        var held = edits.Count > 0;
        // Announced when the scrub holds the claim, or clears one that was held: what the work queue and the public claim.held
        // follow. A claim clean at its first scrub is not: it joins the submission queue, and ClaimSubmitted follows. Announcing
        // it cost an outbox message and a broker delivery an encounter that no consumer used (issue 20, item 3).
        if (held || claim.Status == ClaimStatus.Held)
            await Outbox.Enqueue(connection, tx, new ClaimScrubbed(claim.TenantId, claim.Id, claim.PatientControlNumber, held,
                edits.Select(e => new ScrubFinding(e.Rule, e.Severity, e.Message, e.Target)).ToList(), now), claim.TenantId);
        if (held)
        {
            await ClaimStore.TransitionAsync(connection, tx, claim.TenantId, claim.Id, ClaimEvent.ScrubFailed,
                $"Scrubber: {string.Join(" ", edits.Select(e => $"[{e.Rule}] {e.Message}"))}");
            return null;
        }
        await ClaimStore.TransitionAsync(connection, tx, claim.TenantId, claim.Id, ClaimEvent.ScrubbedClean, "Scrubbed clean.");
        var autoSubmit = await connection.ExecuteScalarAsync<bool?>(
            "SELECT auto_submit FROM tenant_settings WHERE tenant_id = @TenantId", new { claim.TenantId }, tx) ?? true;
        return autoSubmit || released ? await SubmissionQueue.EnqueueAsync(connection, tx, claim) : null;
    }

    /// <summary>
    /// Re-scrubs the tenant's claims that have not left yet (<c>held</c>, or <c>ready</c> and waiting for a batch
    /// or a manual release) that <paramref name="update"/> changes (it returns null for claims it leaves alone): a
    /// claim must go out with the practice profile, coverage, fees and payer rules of the moment it is sent. A
    /// claim whose coverage now names another payer takes that payer first, so it is scrubbed and batched for it.
    /// A ready claim leaves the submission queue and joins it again when it is still clean (for its payer now).
    /// </summary>
    /// <remarks>
    /// A submission worker locks the claims of a batch with SKIP LOCKED and takes only the queue rows of the
    /// claims it locked, so it never waits here: a claim locked by this transaction stays queued until it commits,
    /// and one the worker has taken is <c>submitted</c> when the lock below gets it, so it is left alone.
    /// </remarks>
    public static async Task<List<SubmissionNotice>> RescrubUnsentAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, TimeProvider clock, Func<ClaimRow, ClaimData?> update, Guid? patientId = null)
    {
        var unsent = await connection.QueryAsync<ClaimRow>(
            $"""
            SELECT {ClaimStore.Columns} FROM claims
            WHERE tenant_id = @Tenant AND status IN ('held', 'ready') AND (@Patient::uuid IS NULL OR patient_id = @Patient)
            ORDER BY id FOR UPDATE
            """, new { Tenant = tenant, Patient = patientId }, tx);
        var notices = new List<SubmissionNotice>();
        foreach (var claim in unsent)
        {
            if (update(claim) is not { } data) continue;
            // A claim a biller released (manual release) keeps its release when it is still clean after the change.
            var released = claim.Status == ClaimStatus.Ready &&
                await connection.ExecuteAsync("DELETE FROM pending_submission WHERE claim_id = @Id", new { claim.Id }, tx) > 0;
            await ClaimStore.SaveDataAsync(connection, tx, claim.Id, data);
            var row = await ClaimStore.FollowPayerAsync(connection, tx, claim, data);
            if (await ScrubAsync(connection, tx, row, data, clock, released) is { } notice) notices.Add(notice);
        }
        return notices;
    }
}
