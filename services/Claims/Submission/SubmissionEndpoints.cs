using System.Security.Claims;
using Dapper;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Claims.Submission;

/// <summary>
/// How the practice's claims go (<see cref="AutoSubmit"/>: clean claims go out without review), how close to a filing or appeal
/// deadline a claim is flagged (<see cref="DeadlineWarningDays"/>, default 15), and how short of the contract a paid line's allowed
/// amount must be to go on the underpayment queue (<see cref="UnderpaymentTolerance"/>, default $1.00). A setting left out of a PUT keeps its value.
/// </summary>
public sealed record ClaimsSettings(bool? AutoSubmit = null, int? DeadlineWarningDays = null, decimal? UnderpaymentTolerance = null);

public sealed record BatchView
{
    public Guid Id { get; init; }
    public string PayerId { get; init; } = "";
    public string Route { get; init; } = "";
    public int InterchangeControlNumber { get; init; }
    public int ClaimCount { get; init; }
    public string Worker { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public string? AckStatus { get; init; }
}

public static class SubmissionEndpoints
{
    public static RouteGroupBuilder MapSettings(this RouteGroupBuilder group)
    {
        group.MapPut("/", PutSettings);
        group.MapGet("/", GetSettings);
        return group;
    }

    public static RouteGroupBuilder MapSubmission(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/submit", Submit);
        return group;
    }

    public static RouteGroupBuilder MapBatches(this RouteGroupBuilder group)
    {
        group.MapGet("/", Batches);
        group.MapGet("/{id:guid}/x12", BatchX12);
        return group;
    }

    static async Task<Results<Ok<ClaimsSettings>, ValidationProblem>> PutSettings(ClaimsSettings request, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var v = new Validation();
        v.Check(request.DeadlineWarningDays is null or >= 0 and <= 365, "deadlineWarningDays", "must be 0 to 365 days.");
        v.Check(request.UnderpaymentTolerance is null || PayerContracts.ContractRules.IsAmount(request.UnderpaymentTolerance.Value), "underpaymentTolerance",
            $"must be an amount in dollars and cents from 0.00 to {PayerContracts.ContractRules.MaxAmount}.");
        if (!v.IsValid) return v.Problem();
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO tenant_settings (tenant_id, auto_submit, deadline_warning_days, underpayment_tolerance)
            VALUES (@Tenant, coalesce(@AutoSubmit, true), coalesce(@Warning, @DefaultWarning), coalesce(@Tolerance, @Default))
            ON CONFLICT (tenant_id) DO UPDATE SET auto_submit = coalesce(@AutoSubmit, tenant_settings.auto_submit),
                deadline_warning_days = coalesce(@Warning, tenant_settings.deadline_warning_days),
                underpayment_tolerance = coalesce(@Tolerance, tenant_settings.underpayment_tolerance), changed_at = now()
            """, new
            {
                Tenant = user.TenantId(), request.AutoSubmit, Warning = request.DeadlineWarningDays, DefaultWarning = Deadlines.ClaimDeadlines.DefaultWarningDays,
                Tolerance = request.UnderpaymentTolerance, Default = PayerContracts.UnderpaymentReview.DefaultTolerance,
            });
        return TypedResults.Ok(await LoadSettingsAsync(connection, user.TenantId()));
    }

    static async Task<Ok<ClaimsSettings>> GetSettings(ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        return TypedResults.Ok(await LoadSettingsAsync(connection, user.TenantId()));
    }

    static async Task<ClaimsSettings> LoadSettingsAsync(NpgsqlConnection connection, Guid tenant)
    {
        var rows = (await connection.QueryAsync<(bool AutoSubmit, int Warning, decimal Tolerance)>(
            "SELECT auto_submit, deadline_warning_days, underpayment_tolerance FROM tenant_settings WHERE tenant_id = @Tenant", new { Tenant = tenant })).ToList();
        return rows is [var r]
            ? new ClaimsSettings(r.AutoSubmit, r.Warning, r.Tolerance)
            : new ClaimsSettings(true, Deadlines.ClaimDeadlines.DefaultWarningDays, PayerContracts.UnderpaymentReview.DefaultTolerance);
    }

    /// <summary>Releases a clean claim to the submission queue (tenants who review claims before they go).</summary>
    static async Task<Results<Accepted, ProblemHttpResult>> Submit(
        Guid id, ClaimsPrincipal user, NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, ILoggerFactory logs, HttpContext http)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var claim = await ClaimStore.FindForUpdateAsync(connection, tx, user.TenantId(), id);
        if (claim is null) return Problems.NotFound($"No claim {id}.");
        if (claim.Status != ClaimStatus.Ready)
            return Problems.Conflict(claim.Status == ClaimStatus.Held
                ? "The claim is held by the scrubber; fix its edits first."
                : $"Only a ready claim can be submitted; this one is {claim.Status}.");
        var notice = await SubmissionQueue.EnqueueAsync(connection, tx, claim);
        await ClaimStore.AddHistoryAsync(connection, tx, claim.TenantId, claim.Id, ClaimStatus.Ready, "Released for submission.");
        var accepted = await tx.CommitAsync(http, TypedResults.Accepted($"/api/claims/{id}"));
        await SubmissionQueue.NotifyAsync(send, configuration, [notice], logs.CreateLogger("Submission"));
        return accepted;
    }

    static async Task<Ok<Page<BatchView>>> Batches(ClaimsPrincipal user, NpgsqlDataSource db, int? limit = null)
    {
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<BatchView>(
            """
            SELECT id, payer_id, route, interchange_number AS interchange_control_number, claim_count, worker, created_at, sent_at, ack_status
            FROM batches WHERE tenant_id = @Tenant ORDER BY id LIMIT @Take
            """, new { Tenant = user.TenantId(), Take = take + 1 })).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, b => b.Id));
    }

    static async Task<Results<ContentHttpResult, ProblemHttpResult>> BatchX12(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var x12 = await connection.QuerySingleOrDefaultAsync<string>("SELECT x12 FROM batches WHERE tenant_id = @Tenant AND id = @Id", new { Tenant = user.TenantId(), Id = id });
        if (x12 is null) return Problems.NotFound($"No batch {id}.");
        http.DisclosePatients(await PatientsOfBatchAsync(connection, user.TenantId(), id));
        return TypedResults.Text(x12, "text/plain");
    }

    /// <summary>The patients whose claims went in a batch's 837P (each claim's subscriber and patient loops, 2000B/2000C).</summary>
    public static Task<IEnumerable<Guid>> PatientsOfBatchAsync(NpgsqlConnection connection, Guid tenant, Guid batchId) =>
        connection.QueryAsync<Guid>(
            "SELECT DISTINCT c.patient_id FROM batch_claims bc JOIN claims c ON c.id = bc.claim_id AND c.tenant_id = @Tenant WHERE bc.batch_id = @Batch",
            new { Tenant = tenant, Batch = batchId });
}
