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
    static readonly IReadOnlyList<string> Correctable = ClaimLifecycle.From(ClaimEvent.Replaced);
    static readonly string[] AtPayer = [ClaimStatus.Accepted, ClaimStatus.Paid, ClaimStatus.PartiallyPaid, ClaimStatus.Denied, ClaimStatus.Appealed];
    static readonly string[] NotYetSent = [ClaimStatus.Draft, ClaimStatus.Held, ClaimStatus.Ready, ClaimStatus.Rejected];
    static readonly IReadOnlyList<string> WriteOffable = ClaimLifecycle.From(ClaimEvent.WrittenOff);
    const int MaxReason = 1000;

    public static RouteGroupBuilder MapCorrections(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/corrections", Correct);
        group.MapPost("/{id:guid}/void", Void);
        group.MapPost("/{id:guid}/appeals", AppealClaim);
        group.MapPost("/{id:guid}/write-off", WriteOff);
        return group;
    }

    static async Task<Results<Created<CreatedId>, ValidationProblem, ProblemHttpResult>> Correct(
        Guid id, CorrectionRequest request, ClaimsPrincipal user, NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, ILoggerFactory logs)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
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
                v.Check(p.Units is null or > 0, $"procedures[{i}].units", "must be positive.");
                v.Check(p.DiagnosisPointers is null || (p.DiagnosisPointers.Count is > 0 and <= 4 && p.DiagnosisPointers.All(x => x >= 1 && x <= diagnoses.Count)),
                    $"procedures[{i}].diagnosisPointers", $"must be 1 to 4 positions among the claim's {diagnoses.Count} diagnoses.");
            }
        }
        if (request.PriorAuthorizationNumber is not null)
            v.Check(request.PriorAuthorizationNumber.Length is > 0 and <= 50, "priorAuthorizationNumber", "must be 1 to 50 characters.");
        if (!v.IsValid) return v.Problem();
        if (!Correctable.Contains(claim.Status))
            return Problems.Conflict($"A {claim.Status} claim cannot be corrected; correct claims the payer has answered ({string.Join(", ", Correctable)}).");
        var policy = await connection.ExecuteScalarAsync<string?>(
            "SELECT correction_policy FROM payer_settings WHERE tenant_id = @Tenant AND payer_id = @PayerId", new { Tenant = tenant, claim.PayerId }, tx)
            ?? CorrectionPolicy.Replacement;
        var denial = claim.Denial is null ? null : System.Text.Json.JsonSerializer.Deserialize<DenialView>(claim.Denial, ClaimData.Json);
        var plan = CorrectionPlan.For(claim.Status, claim.PayerClaimNumber, policy, [.. denial?.Remarks ?? [], .. denial?.Rarc is { } r ? [r] : Array.Empty<string>()]);
        if (plan.Refusal is not null) return Problems.Conflict(plan.Refusal);

        var lines = request.Procedures is null
            ? original.Lines
            : request.Procedures.Select((p, i) => new ClaimLine(i + 1, p.Code.ToUpperInvariant(),
                p.Modifiers ?? original.Lines.FirstOrDefault(l => l.ProcedureCode == p.Code)?.Modifiers ?? [],
                p.Units ?? 1, p.DiagnosisPointers ?? [1], null)).ToList();
        var fees = await Fees.LoadAsync(connection, tx, tenant, lines.Select(l => l.ProcedureCode));
        var data = original with
        {
            Diagnoses = diagnoses,
            Lines = lines.Select(l => l with { Charge = Fees.Charge(fees, l.ProcedureCode, l.Units) ?? l.Charge }).ToList(),
            PriorAuthorizationNumber = request.PriorAuthorizationNumber ?? original.PriorAuthorizationNumber,
            Appeal = null,
        };
        var replaces = plan.Replaces;
        var replacement = await EncounterCodedConsumer.CreateAsync(connection, tx, tenant, claim.EncounterId, data, claim.Responsibility,
            replaces ? 7 : 1, claim.Id, replaces ? claim.PayerClaimNumber : null,
            replaces ? $"Replacement (frequency 7) of claim {claim.PatientControlNumber}, payer claim number {claim.PayerClaimNumber}."
                : $"Corrected copy of claim {claim.PatientControlNumber}, sent as a new claim: {plan.Why}.");
        await ClaimStore.TransitionAsync(connection, tx, tenant, claim.Id, ClaimEvent.Replaced, $"Corrected: replaced by claim {replacement.PatientControlNumber}.");
        var notice = await ClaimScrubbing.ScrubAsync(connection, tx, replacement, data);
        await tx.CommitAsync();
        await SubmissionQueue.NotifyAsync(send, configuration, [notice], logs.CreateLogger("Corrections"));
        return TypedResults.Created($"/api/claims/{replacement.Id}", new CreatedId(replacement.Id));
    }

    /// <summary>A claim at the payer is voided with a frequency-8 claim (REF*F8); one that never left is simply voided.</summary>
    static async Task<Results<Ok<CreatedId>, Created<CreatedId>, ProblemHttpResult>> Void(
        Guid id, ClaimsPrincipal user, NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, ILoggerFactory logs)
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
            await tx.CommitAsync();
            return TypedResults.Ok(new CreatedId(claim.Id));
        }
        if (!AtPayer.Contains(claim.Status) || claim.PayerClaimNumber is null)
            return Problems.Conflict($"A {claim.Status} claim cannot be voided{(claim.PayerClaimNumber is null ? " before the payer has given it a claim number" : "")}.");

        var data = claim.ClaimData();
        var voiding = await EncounterCodedConsumer.CreateAsync(connection, tx, tenant, claim.EncounterId, data, claim.Responsibility, 8, claim.Id,
            claim.PayerClaimNumber, $"Void (frequency 8) of claim {claim.PatientControlNumber}, payer claim number {claim.PayerClaimNumber}.");
        await ClaimStore.TransitionAsync(connection, tx, tenant, claim.Id, ClaimEvent.Voided, $"Voided by claim {voiding.PatientControlNumber} (frequency 8).");
        var notice = await ClaimScrubbing.ScrubAsync(connection, tx, voiding, data);
        await tx.CommitAsync();
        await SubmissionQueue.NotifyAsync(send, configuration, [notice], logs.CreateLogger("Corrections"));
        return TypedResults.Created($"/api/claims/{voiding.Id}", new CreatedId(voiding.Id));
    }

    static Task<Results<Ok<ClaimView>, ValidationProblem, ProblemHttpResult>> AppealClaim(Guid id, ReasonRequest request, ClaimsPrincipal user, NpgsqlDataSource db) =>
        ChangeWithReasonAsync(id, request, user, db, async (connection, tx, claim, reason) =>
        {
            if (claim.Status is not (ClaimStatus.Denied or ClaimStatus.PartiallyPaid))
                return Problems.Conflict($"Only a denied or partially paid claim can be appealed; this one is {claim.Status}.");
            var data = claim.ClaimData() with { Appeal = new Appeal(reason, DateOnly.FromDateTime(DateTime.UtcNow)) };
            await ClaimStore.SaveDataAsync(connection, tx, claim.Id, data);
            await ClaimStore.TransitionAsync(connection, tx, claim.TenantId, claim.Id, ClaimEvent.Appealed, $"Appealed: {reason}");
            return null;
        });

    static Task<Results<Ok<ClaimView>, ValidationProblem, ProblemHttpResult>> WriteOff(Guid id, ReasonRequest request, ClaimsPrincipal user, NpgsqlDataSource db) =>
        ChangeWithReasonAsync(id, request, user, db, async (connection, tx, claim, reason) =>
        {
            if (!WriteOffable.Contains(claim.Status))
                return Problems.Conflict($"A {claim.Status} claim cannot be written off.");
            await connection.ExecuteAsync("DELETE FROM pending_submission WHERE claim_id = @Id", new { claim.Id }, tx);
            await ClaimStore.TransitionAsync(connection, tx, claim.TenantId, claim.Id, ClaimEvent.WrittenOff, $"Written off: {reason}");
            // Closing the claim is not enough: Payments posts what is left with insurance as a write-off adjustment, so it leaves AR.
            await Outbox.Enqueue(connection, tx, new ClaimWrittenOff(claim.TenantId, claim.Id, Guid.CreateVersion7(), reason, null, DateTimeOffset.UtcNow),
                claim.TenantId);
            return null;
        });

    /// <summary>
    /// A change a biller makes with a reason (an appeal, a write-off): the reason checked, the claim locked, the change
    /// made (or refused with a problem) and committed, the claim answered as it now is.
    /// </summary>
    static async Task<Results<Ok<ClaimView>, ValidationProblem, ProblemHttpResult>> ChangeWithReasonAsync(Guid id, ReasonRequest request, ClaimsPrincipal user,
        NpgsqlDataSource db, Func<NpgsqlConnection, NpgsqlTransaction, ClaimRow, string, Task<ProblemHttpResult?>> change)
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
        await tx.CommitAsync();
        return TypedResults.Ok((await ClaimsEndpoints.ViewsAsync(connection, [(await ClaimStore.FindAsync(connection, tenant, id))!]))[0]);
    }
}
