using System.Security.Claims;
using Dapper;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.FeeSchedule;
using RevenueCycle.Claims.Scrubbing;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Coding;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Claims.Corrections;

public sealed record CorrectedProcedure(string Code, IReadOnlyList<string>? Modifiers = null, decimal? Units = null, IReadOnlyList<int>? DiagnosisPointers = null);

/// <summary>The fields that change; what is left out is kept from the claim corrected.</summary>
public sealed record CorrectionRequest(IReadOnlyList<string>? Diagnoses = null, IReadOnlyList<CorrectedProcedure>? Procedures = null, string? PriorAuthorizationNumber = null);

public sealed record ReasonRequest(string Reason);

public static class CorrectionsEndpoints
{
    // Claims the payer has seen and decided on (or is deciding on): a correction replaces them (frequency 7).
    internal static readonly IReadOnlyList<string> Correctable = ClaimLifecycle.From(ClaimEvent.Replaced);
    static readonly string[] AtPayer = [ClaimStatus.Accepted, ClaimStatus.Paid, ClaimStatus.PartiallyPaid, ClaimStatus.Denied, ClaimStatus.Appealed];
    static readonly string[] NotYetSent = [ClaimStatus.Draft, ClaimStatus.Held, ClaimStatus.Ready, ClaimStatus.Rejected];
    static readonly IReadOnlyList<string> WriteOffable = ClaimLifecycle.From(ClaimEvent.WrittenOff);
    const int MaxReason = 1000;
    const int MaxUnits = 9999;

    public static RouteGroupBuilder MapCorrections(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/corrections", Correct);
        group.MapGet("/{id:guid}/corrections", ListCorrections);
        group.MapGet("/{id:guid}/corrections/{correctionId:guid}", GetCorrection);
        group.MapPost("/{id:guid}/void", Void);
        group.MapPost("/{id:guid}/write-off", WriteOff);
        return group;
    }

    /// <summary>
    /// Corrects a claim the payer has answered. Only a prior authorization (or nothing: a resend) builds the corrected claim at
    /// once (201). Corrected diagnoses or procedures are the coder's business: they go to Coding, which runs the same edits as a
    /// finalize; the answer is 202 with the correction to follow (<c>coding</c>, then <c>built</c> with the corrected claim,
    /// <c>refused</c> with the edits, or <c>failed</c>).
    /// </summary>
    static async Task<Results<Created<CreatedId>, Accepted<ClaimCorrectionView>, ValidationProblem, ProblemHttpResult>> Correct(
        Guid id, CorrectionRequest request, ClaimsPrincipal user, NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration,
        ILoggerFactory logs, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var claim = await ClaimStore.FindForUpdateAsync(connection, tx, tenant, id);
        if (claim is null) return Problems.NotFound($"No claim {id}.");
        var original = claim.ClaimData();
        var diagnoses = request.Diagnoses ?? original.Diagnoses;

        var v = new Validation();
        if (request.Diagnoses is not null)
        {
            v.Check(diagnoses.Count is > 0 and <= X12.Claims.Claim837.MaxDiagnosesPerClaim, "diagnoses", $"must list 1 to {X12.Claims.Claim837.MaxDiagnosesPerClaim} ICD-10-CM codes.");
            for (var i = 0; i < diagnoses.Count; i++)
                v.Check(diagnoses[i] is { Length: >= 3 and <= 8 } d && char.IsAsciiLetter(d[0]) && d.All(c => char.IsAsciiLetterOrDigit(c) || c == '.'), $"diagnoses[{i}]", "must be an ICD-10-CM code.");
        }
        if (request.Procedures is not null)
        {
            v.Check(request.Procedures.Count is > 0 and <= X12.Claims.Claim837.MaxServiceLines, "procedures", "must list at least one procedure.");
            for (var i = 0; i < request.Procedures.Count; i++)
            {
                var p = request.Procedures[i];
                v.Check(p.Code is { Length: >= 4 and <= 7 } && p.Code.All(char.IsAsciiLetterOrDigit), $"procedures[{i}].code", "must be a CPT or HCPCS code.");
                v.Check(p.Modifiers is null || (p.Modifiers.Count <= 4 && p.Modifiers.All(m => m is { Length: 2 })), $"procedures[{i}].modifiers", "must be at most 4 two-character modifiers.");
                // Coded units are whole (SV104 on a coded professional claim; the coding edits and MUE count whole units).
                v.Check(p.Units is null || (p.Units is > 0 and <= MaxUnits && p.Units == decimal.Truncate(p.Units.Value)), $"procedures[{i}].units", $"must be a whole number of units from 1 to {MaxUnits}.");
                v.Check(p.DiagnosisPointers is null || (p.DiagnosisPointers.Count is > 0 and <= 4 && p.DiagnosisPointers.All(x => x >= 1 && x <= diagnoses.Count)),
                    $"procedures[{i}].diagnosisPointers", $"must be 1 to 4 positions among the claim's {diagnoses.Count} diagnoses.");
            }
        }
        if (request.PriorAuthorizationNumber is not null)
            v.Check(request.PriorAuthorizationNumber.Length is > 0 and <= 50, "priorAuthorizationNumber", "must be 1 to 50 characters.");
        if (!v.IsValid) return v.Problem();
        if (!Correctable.Contains(claim.Status))
            return Problems.Conflict($"A {claim.Status} claim cannot be corrected; correct claims the payer has answered ({string.Join(", ", Correctable)}).");
        var plan = await PlanAsync(connection, tx, claim);
        if (plan.Refusal is not null) return Problems.Conflict(plan.Refusal);
        if (await ClaimCorrectionStore.OpenForClaimAsync(connection, tx, claim.Id))
            return Problems.Conflict($"A correction of claim {claim.PatientControlNumber} is already at coding; wait for its answer (GET /api/claims/{id}/corrections).");

        var lines = request.Procedures is null
            ? original.Lines
            : request.Procedures.Select((p, i) => new ClaimLine(i + 1, p.Code.ToUpperInvariant(),
                p.Modifiers ?? original.Lines.FirstOrDefault(l => l.ProcedureCode == p.Code)?.Modifiers ?? [],
                p.Units ?? 1, p.DiagnosisPointers ?? [1], null)).ToList();

        if (request.Diagnoses is not null || request.Procedures is not null)
        {
            var correctionId = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            var requested = new CorrectionRequested(diagnoses,
                lines.Select(l => new CodedProcedure(l.ProcedureCode, l.Modifiers, l.Units, l.DiagnosisPointers)).ToList(), request.PriorAuthorizationNumber);
            var requestedBy = user.ActorId() ?? "unknown";
            await ClaimCorrectionStore.InsertAsync(connection, tx, correctionId, tenant, claim.Id, requested, requestedBy, now);
            await ClaimStore.AddHistoryAsync(connection, tx, tenant, claim.Id, claim.Status,
                $"Corrected codes sent to the coding edits (correction {correctionId}); the corrected claim is built when they pass.");
            await Outbox.Enqueue(connection, tx, new ClaimCorrectionRequested(tenant, correctionId, claim.Id, claim.EncounterId, requested.Diagnoses,
                requested.Procedures, requestedBy, now), tenant);
            var view = (await ClaimCorrectionStore.ForClaimAsync(connection, tenant, claim.Id)).Single(c => c.Id == correctionId).View();
            return await tx.CommitAsync(http, TypedResults.Accepted($"/api/claims/{id}/corrections/{correctionId}", view), ct);
        }

        var data = original with
        {
            PriorAuthorizationNumber = request.PriorAuthorizationNumber ?? original.PriorAuthorizationNumber,
        };
        var (replacement, notice) = await BuildCorrectedAsync(connection, tx, claim, data, plan, clock);
        var created = await tx.CommitAsync(http, TypedResults.Created($"/api/claims/{replacement.Id}", new CreatedId(replacement.Id)), ct);
        await SubmissionQueue.NotifyAsync(send, configuration, [notice], logs.CreateLogger("Corrections"));
        return created;
    }

    static async Task<Results<Ok<IReadOnlyList<ClaimCorrectionView>>, ProblemHttpResult>> ListCorrections(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        if (await ClaimStore.FindAsync(connection, tenant, id) is null) return Problems.NotFound($"No claim {id}.");
        return TypedResults.Ok<IReadOnlyList<ClaimCorrectionView>>((await ClaimCorrectionStore.ForClaimAsync(connection, tenant, id)).Select(c => c.View()).ToList());
    }

    static async Task<Results<Ok<ClaimCorrectionView>, ProblemHttpResult>> GetCorrection(Guid id, Guid correctionId, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        var correction = (await ClaimCorrectionStore.ForClaimAsync(connection, user.TenantId(), id)).FirstOrDefault(c => c.Id == correctionId);
        return correction is null ? Problems.NotFound($"No correction {correctionId} of claim {id}.") : TypedResults.Ok(correction.View());
    }

    /// <summary>How this claim can be corrected now: by the payer's correction policy, its claim number and its denial's remarks.</summary>
    internal static async Task<CorrectionPlan> PlanAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimRow claim)
    {
        var policy = await connection.ExecuteScalarAsync<string?>(
            "SELECT correction_policy FROM payer_settings WHERE tenant_id = @Tenant AND payer_id = @PayerId", new { Tenant = claim.TenantId, claim.PayerId }, tx)
            ?? CorrectionPolicy.Replacement;
        var denial = claim.Denial is null ? null : System.Text.Json.JsonSerializer.Deserialize<DenialView>(claim.Denial, ClaimData.Json);
        return CorrectionPlan.For(claim.Status, claim.PayerClaimNumber, policy, [.. denial?.Remarks ?? [], .. denial?.Rarc is { } r ? [r] : Array.Empty<string>()]);
    }

    /// <summary>
    /// The corrected claim, priced from today's fee schedule: a replacement (frequency 7, REF*F8) or a new original, as
    /// <paramref name="plan"/> says; the claim corrected moves to replaced, and the new one is scrubbed.
    /// </summary>
    internal static async Task<(ClaimRow Replacement, SubmissionNotice? Notice)> BuildCorrectedAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, ClaimRow claim, ClaimData corrected, CorrectionPlan plan, TimeProvider clock)
    {
        var fees = await Fees.LoadAsync(connection, tx, claim.TenantId, corrected.Lines.Select(l => l.ProcedureCode));
        var data = corrected with
        {
            Lines = corrected.Lines.Select(l => l with { Charge = Fees.Charge(fees, l.ProcedureCode, l.Units) ?? l.Charge }).ToList(),
            Appeal = null,
        };
        var replaces = plan.Replaces;
        var replacement = await EncounterCodedConsumer.CreateAsync(connection, tx, claim.TenantId, claim.EncounterId, data, claim.Responsibility,
            replaces ? 7 : 1, claim.Id, replaces ? claim.PayerClaimNumber : null,
            replaces ? $"Replacement (frequency 7) of claim {claim.PatientControlNumber}, payer claim number {claim.PayerClaimNumber}."
                : $"Corrected copy of claim {claim.PatientControlNumber}, sent as a new claim: {plan.Why}.");
        await ClaimStore.TransitionAsync(connection, tx, claim.TenantId, claim.Id, ClaimEvent.Replaced, $"Corrected: replaced by claim {replacement.PatientControlNumber}.");
        var notice = await ClaimScrubbing.ScrubAsync(connection, tx, replacement, data, clock);
        return (replacement, notice);
    }

    /// <summary>A claim at the payer is voided with a frequency-8 claim (REF*F8); one that never left is simply voided.</summary>
    static async Task<Results<Ok<CreatedId>, Created<CreatedId>, ProblemHttpResult>> Void(
        Guid id, ClaimsPrincipal user, NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, ILoggerFactory logs, TimeProvider clock,
        HttpContext http)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var claim = await ClaimStore.FindForUpdateAsync(connection, tx, tenant, id);
        if (claim is null) return Problems.NotFound($"No claim {id}.");
        if (NotYetSent.Contains(claim.Status))
        {
            await connection.ExecuteAsync("DELETE FROM pending_submission WHERE claim_id = @Id", new { claim.Id }, tx);
            await ClaimStore.TransitionAsync(connection, tx, tenant, claim.Id, ClaimEvent.Voided, "Voided before it reached the payer.");
            return await tx.CommitAsync(http, TypedResults.Ok(new CreatedId(claim.Id)));
        }
        if (!AtPayer.Contains(claim.Status) || claim.PayerClaimNumber is null)
            return Problems.Conflict($"A {claim.Status} claim cannot be voided{(claim.PayerClaimNumber is null ? " before the payer has given it a claim number" : "")}.");

        var data = claim.ClaimData();
        var voiding = await EncounterCodedConsumer.CreateAsync(connection, tx, tenant, claim.EncounterId, data, claim.Responsibility, 8, claim.Id,
            claim.PayerClaimNumber, $"Void (frequency 8) of claim {claim.PatientControlNumber}, payer claim number {claim.PayerClaimNumber}.");
        await ClaimStore.TransitionAsync(connection, tx, tenant, claim.Id, ClaimEvent.Voided, $"Voided by claim {voiding.PatientControlNumber} (frequency 8).");
        var notice = await ClaimScrubbing.ScrubAsync(connection, tx, voiding, data, clock);
        var created = await tx.CommitAsync(http, TypedResults.Created($"/api/claims/{voiding.Id}", new CreatedId(voiding.Id)));
        await SubmissionQueue.NotifyAsync(send, configuration, [notice], logs.CreateLogger("Corrections"));
        return created;
    }

    static Task<Results<Ok<ClaimView>, ValidationProblem, ProblemHttpResult>> WriteOff(Guid id, ReasonRequest request, ClaimsPrincipal user, NpgsqlDataSource db,
        TimeProvider clock, HttpContext http) =>
        ChangeWithReasonAsync(id, request, user, db, http, async (connection, tx, claim, reason) =>
        {
            if (!WriteOffable.Contains(claim.Status))
                return Problems.Conflict($"A {claim.Status} claim cannot be written off.");
            await connection.ExecuteAsync("DELETE FROM pending_submission WHERE claim_id = @Id", new { claim.Id }, tx);
            await ClaimStore.TransitionAsync(connection, tx, claim.TenantId, claim.Id, ClaimEvent.WrittenOff, $"Written off: {reason}");
            // Closing the claim is not enough: Payments posts what is left with insurance as a write-off adjustment, so it leaves AR.
            await Outbox.Enqueue(connection, tx, new ClaimWrittenOff(claim.TenantId, claim.Id, Guid.CreateVersion7(), reason, null, clock.GetUtcNow()),
                claim.TenantId);
            return null;
        });

    /// <summary>
    /// A change a biller makes with a reason (an appeal, a write-off): the reason checked, the claim locked, the change
    /// made (or refused with a problem) and committed, the claim answered as it now is.
    /// </summary>
    static async Task<Results<Ok<ClaimView>, ValidationProblem, ProblemHttpResult>> ChangeWithReasonAsync(Guid id, ReasonRequest request, ClaimsPrincipal user,
        NpgsqlDataSource db, HttpContext http, Func<NpgsqlConnection, NpgsqlTransaction, ClaimRow, string, Task<ProblemHttpResult?>> change)
    {
        var v = new Validation();
        if (v.Required(request.Reason, "reason")) v.Check(request.Reason.Length <= MaxReason, "reason", $"must be at most {MaxReason} characters.");
        if (!v.IsValid) return v.Problem();
        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var claim = await ClaimStore.FindForUpdateAsync(connection, tx, tenant, id);
        if (claim is null) return Problems.NotFound($"No claim {id}.");
        if (await change(connection, tx, claim, request.Reason.Trim()) is { } refused) return refused;
        var view = (await ClaimsEndpoints.ViewsAsync(connection, [(await ClaimStore.FindAsync(connection, tenant, id))!]))[0];
        return await tx.CommitAsync(http, TypedResults.Ok(view));
    }
}
