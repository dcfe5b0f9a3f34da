using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Claims.Building;

public sealed record ClaimLineView(int LineNumber, string ProcedureCode, IReadOnlyList<string> Modifiers, decimal Units, IReadOnlyList<int> DiagnosisPointers, decimal? Charge);

public sealed record HistoryEntry(DateTimeOffset At, string Status, string? Detail);

/// <summary>A payer's denial: its CARC and category, the first RARC, and every remark the payer gave (claim-level MOA, e.g. MA130, and the lines').</summary>
public sealed record DenialView(string Carc, string? Rarc, string Category, DateTimeOffset? DeniedAt = null, IReadOnlyList<string>? Remarks = null);

public sealed record ClaimView(
    Guid Id, Guid EncounterId, Guid PatientId, string PatientControlNumber, string? PayerClaimNumber, string Status, int Frequency,
    string Responsibility, Guid? ReplacesClaimId, string PayerId, string PayerName, DateOnly DateOfService, decimal TotalCharge,
    IReadOnlyList<string> Diagnoses, string? PriorAuthorizationNumber, IReadOnlyList<ClaimLineView> Lines, IReadOnlyList<ScrubEdit> Edits,
    IReadOnlyList<HistoryEntry> History, DenialView? Denial, Appeal? Appeal, DateTimeOffset CreatedAt, Guid? CrossedOverTo = null,
    Deadlines.DeadlineView? Deadline = null, IReadOnlyList<Appeals.AppealView>? Appeals = null,
    string? Assignee = null, DateOnly? PendedUntil = null, int? CommentCount = null);

public static class ClaimsEndpoints
{
    public static RouteGroupBuilder MapClaims(this RouteGroupBuilder group)
    {
        group.MapGet("/", List).WithDescription(
            "Claims, filtered by status, patientId, encounterId, deadlineWithin/atRisk, payerId, agingBucket (0-30, 31-60, 61-90, 91-120, 120+ days since the " +
            "date of service), minAmount/maxAmount (total charge), category (denial category), dueBefore (deadline before YYYY-MM-DD), serviceFrom/serviceTo (date of service, " +
            "YYYY-MM-DD, both inclusive); sort deadline, amount, " +
            "age or created (default), '-' first for descending, paged by (sort key, id). status=held and status=rejected are the held-claims and " +
            "rejected-claims work queues: assignee (a user id, or none), includePended=true (pended claims are hidden until their date), and each claim's " +
            "assignee, pendedUntil and commentCount.");
        group.MapGet("/{id:guid}", Get);
        group.MapGet("/{id:guid}/x12", X12);
        return group;
    }

    /// <summary>
    /// Claims, filtered; <c>status=held</c> and <c>status=rejected</c> are the held-claims and rejected-claims work queues, which also take
    /// <c>assignee</c> and <c>includePended</c> and show each claim's work fields.
    /// </summary>
    static async Task<Results<Ok<Page<ClaimView>>, ValidationProblem>> List(
        ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, string? status = null, Guid? patientId = null, Guid? encounterId = null,
        int? deadlineWithin = null, bool? atRisk = null, string? payerId = null, string? agingBucket = null, decimal? minAmount = null,
        decimal? maxAmount = null, string? category = null, string? dueBefore = null, string? assignee = null, bool? includePended = null,
        string? sort = null, int? limit = null, string? cursor = null, string? serviceFrom = null, string? serviceTo = null)
    {
        var v = new Validation();
        var servedFrom = v.Date(serviceFrom, "serviceFrom");
        var servedTo = v.Date(serviceTo, "serviceTo");
        if (servedFrom is not null && servedTo is not null) v.Check(servedFrom <= servedTo, "serviceTo", "is on or after serviceFrom.");
        if (status is not null) v.Check(ClaimStatus.All.Contains(status), "status", $"must be one of {string.Join(", ", ClaimStatus.All)}.");
        v.Check(deadlineWithin is null or >= 0 and <= 3650, "deadlineWithin", "must be 0 to 3650 days.");
        var queue = WorkQueues.ClaimsQueues.OfStatus(status);
        if (queue is null)
        {
            v.Check(assignee is null, "assignee", "applies to the work queues, status=held or status=rejected.");
            v.Check(includePended is null, "includePended", "applies to the work queues, status=held or status=rejected.");
        }
        var today = Today(clock);
        var work = queue is null ? null : WorkFilter.Parse(v, queue, assignee, includePended, clock);
        var filter = WorkQueues.ClaimListFilter.Parse(v, today, payerId, agingBucket, minAmount, maxAmount, category, dueBefore, sort, cursor, limit);
        if (!v.IsValid || filter is null) return v.Problem();
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var horizon = await HorizonAsync(connection, tenant, today, deadlineWithin, atRisk);
        return TypedResults.Ok(await filter.QueryAsync(connection,
            $"""
            claims.tenant_id = @Tenant AND (@Status::text IS NULL OR claims.status = @Status)
              AND (@PatientId::uuid IS NULL OR claims.patient_id = @PatientId) AND (@EncounterId::uuid IS NULL OR claims.encounter_id = @EncounterId)
              AND (@Horizon::date IS NULL OR {Deadlines.ClaimDeadlines.DueBySql})
              AND (@ServiceFrom::date IS NULL OR claims.date_of_service >= @ServiceFrom) AND (@ServiceTo::date IS NULL OR claims.date_of_service <= @ServiceTo)
            """, new { Tenant = tenant, Status = status, PatientId = patientId, EncounterId = encounterId, Horizon = horizon, ServiceFrom = servedFrom, ServiceTo = servedTo },
            work, tenant, today));
    }


    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// The last deadline date a work-queue filter keeps: <paramref name="within"/> days from today, or (atRisk) the practice's
    /// warning days; null when neither filter is asked for.
    /// </summary>
    public static async Task<DateOnly?> HorizonAsync(NpgsqlConnection connection, Guid tenant, DateOnly today, int? within, bool? atRisk)
    {
        if (within is { } days) return today.AddDays(days);
        if (atRisk != true) return null;
        return today.AddDays((await Deadlines.ClaimDeadlines.LoadAsync(connection, [tenant])).WarningFor(tenant));
    }

    static async Task<Results<Ok<ClaimView>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var row = await ClaimStore.FindAsync(connection, user.TenantId(), id);
        if (row is null) return Problems.NotFound($"No claim {id}.");
        return TypedResults.Ok((await ViewsAsync(connection, [row], Today(clock)))[0]);
    }

    /// <summary>The 837P last sent for the claim: the whole interchange it went in.</summary>
    static async Task<Results<ContentHttpResult, ProblemHttpResult>> X12(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var sent = await connection.QuerySingleOrDefaultAsync<(string X12, Guid BatchId)?>(
            "SELECT b.x12, b.id FROM claims c JOIN batches b ON b.id = c.last_batch_id AND b.tenant_id = c.tenant_id WHERE c.tenant_id = @Tenant AND c.id = @Id",
            new { Tenant = user.TenantId(), Id = id });
        if (sent is not { } found) return Problems.NotFound($"Claim {id} has not been sent in an 837P.");
        // The whole interchange: every patient whose claim went in it is disclosed.
        http.DisclosePatients(await Submission.SubmissionEndpoints.PatientsOfBatchAsync(connection, user.TenantId(), found.BatchId));
        return TypedResults.Text(found.X12, "text/plain");
    }

    /// <summary>The claims as the API shows them, with their history, the deadline they are worked against on <paramref name="today"/>, and their appeals.</summary>
    public static async Task<List<ClaimView>> ViewsAsync(NpgsqlConnection connection, IReadOnlyList<ClaimRow> rows, DateOnly? today = null)
    {
        var history = (await connection.QueryAsync<(Guid ClaimId, DateTimeOffset At, string Status, string? Detail)>(
            "SELECT claim_id, at, status, detail FROM claim_history WHERE claim_id = ANY(@Ids) ORDER BY id",
            new { Ids = rows.Select(r => r.Id).ToArray() })).ToLookup(h => h.ClaimId);
        var settings = await Deadlines.ClaimDeadlines.LoadAsync(connection, rows.Select(r => r.TenantId).ToList());
        var appeals = await Appeals.AppealsEndpoints.ForClaimsAsync(connection, rows.Select(r => r.Id).ToList());
        var on = today ?? Today(TimeProvider.System);
        return rows.Select(r =>
        {
            var data = r.ClaimData();
            return new ClaimView(r.Id, r.EncounterId, r.PatientId, r.PatientControlNumber, r.PayerClaimNumber, r.Status, r.Frequency, r.Responsibility,
                r.ReplacesClaimId, r.PayerId, r.PayerName, r.DateOfService, r.TotalCharge, data.Diagnoses, data.PriorAuthorizationNumber,
                data.Lines.Select(l => new ClaimLineView(l.LineNumber, l.ProcedureCode, l.Modifiers, l.Units, l.DiagnosisPointers, l.Charge)).ToList(),
                r.EditList(), history[r.Id].Select(h => new HistoryEntry(h.At, h.Status, h.Detail)).ToList(),
                r.Denial is null ? null : JsonSerializer.Deserialize<DenialView>(r.Denial, ClaimData.Json), data.Appeal, r.CreatedAt, r.CrossedOverTo,
                Deadlines.ClaimDeadlines.For(r, settings.AppealDaysFor(r.TenantId, r.PayerId), settings.WarningFor(r.TenantId), on),
                appeals[r.Id].Select(a => a.View()).ToList());
        }).ToList();
    }
}
