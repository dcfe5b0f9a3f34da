using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Registration.Eligibility;

/// <summary><see cref="ServiceTypeCode"/>: the 270's EQ01, 30 (health benefit plan coverage) when left out; 98 for an office visit.</summary>
public sealed record EligibilityCheckRequest(DateOnly? ServiceDate = null, string? ServiceTypeCode = null);

public sealed record RegistrationSettings(int EligibilityRecheckDays);

/// <summary>The X12 a check sent (270) and got back (271), so a front-desk answer can always be explained.</summary>
public sealed record EligibilityExchangeText(string? Request, string? Response);

public static class EligibilityEndpoints
{
    /// <summary>By default a coverage is re-verified when an encounter comes more than 30 days after its last check.</summary>
    public const int DefaultRecheckDays = 30;

    public static RouteGroupBuilder MapCoverageEligibility(this RouteGroupBuilder coverages)
    {
        coverages.MapPost("/{id:guid}/eligibility-checks", Check).WithTags("Eligibility");
        coverages.MapGet("/{id:guid}/eligibility-checks", List).WithTags("Eligibility");
        coverages.MapGet("/{id:guid}/eligibility-checks/{checkId:guid}/x12", Exchange).WithTags("Eligibility");
        return coverages;
    }

    public static RouteGroupBuilder MapRegistrationSettings(this RouteGroupBuilder practice)
    {
        practice.MapGet("/settings", GetSettings);
        practice.MapPut("/settings", PutSettings);
        return practice;
    }

    static async Task<Results<Created<EligibilityCheck>, ValidationProblem, ProblemHttpResult>> Check(
        Guid id, EligibilityCheckRequest? request, ClaimsPrincipal user, EligibilityChecks checks, TimeProvider clock, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var v = new Validation();
        if (request?.ServiceDate is { } date) v.Check(date <= today.AddDays(365) && date.Year >= 1900, "serviceDate", "must be within a year from today.");
        if (request?.ServiceTypeCode is { } type) v.Check(VisitServiceType.IsValid(type), "serviceTypeCode", VisitServiceType.Rule);
        if (!v.IsValid) return v.Problem();
        var serviceType = request?.ServiceTypeCode ?? VisitServiceType.ForPlaceOfService(null);
        var (check, failure) = await checks.RunAsync(user.TenantId(), id, request?.ServiceDate, serviceType, "request", ct);
        return failure switch
        {
            EligibilityChecks.Failure.CoverageNotFound => Problems.NotFound($"No coverage {id}."),
            EligibilityChecks.Failure.PracticeNotSet => Problems.Unprocessable("Set the practice profile first (PUT /api/practice): the 270 names the practice's NPI."),
            _ => TypedResults.Created($"/api/coverages/{id}/eligibility-checks", check!),
        };
    }

    static async Task<Results<Ok<Page<EligibilityCheck>>, ProblemHttpResult>> List(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        if (await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM coverages WHERE tenant_id = @tenant AND id = @id", new { tenant, id }) == 0)
            return Problems.NotFound($"No coverage {id}.");
        var checks = (await connection.QueryAsync<EligibilityCheck>(
            """
            SELECT id, coverage_id, patient_id, service_date, service_type_code, trigger, status, copay, deductible, deductible_remaining,
                   coinsurance_percent, family_deductible, family_deductible_remaining, plan_begin, plan_end, rejection_code, reason, checked_at
            FROM eligibility_checks WHERE tenant_id = @tenant AND coverage_id = @id ORDER BY checked_at DESC LIMIT 100
            """, new { tenant, id })).ToList();
        return TypedResults.Ok(new Page<EligibilityCheck>(checks, null));
    }

    static async Task<Results<Ok<EligibilityExchangeText>, ProblemHttpResult>> Exchange(Guid id, Guid checkId, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var text = await connection.QuerySingleOrDefaultAsync<EligibilityExchangeText>(
            "SELECT request_x12 AS request, response_x12 AS response FROM eligibility_checks WHERE tenant_id = @tenant AND coverage_id = @id AND id = @checkId",
            new { tenant = user.TenantId(), id, checkId });
        return text is null ? Problems.NotFound($"No eligibility check {checkId} of coverage {id}.") : TypedResults.Ok(text);
    }

    static async Task<Ok<RegistrationSettings>> GetSettings(ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        return TypedResults.Ok(new RegistrationSettings(await RecheckDaysAsync(connection, user.TenantId())));
    }

    static async Task<Results<Ok<RegistrationSettings>, ValidationProblem>> PutSettings(RegistrationSettings settings, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        if (settings.EligibilityRecheckDays is < 0 or > 366)
            return new Validation().Error("eligibilityRecheckDays", "must be 0 (never check automatically) to 366.").Problem();
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO registration_settings (tenant_id, eligibility_recheck_days) VALUES (@Tenant, @Days)
            ON CONFLICT (tenant_id) DO UPDATE SET eligibility_recheck_days = excluded.eligibility_recheck_days
            """, new { Tenant = user.TenantId(), Days = settings.EligibilityRecheckDays });
        return TypedResults.Ok(settings);
    }

    public static async Task<int> RecheckDaysAsync(NpgsqlConnection connection, Guid tenant) =>
        await connection.ExecuteScalarAsync<int?>("SELECT eligibility_recheck_days FROM registration_settings WHERE tenant_id = @tenant", new { tenant })
        ?? DefaultRecheckDays;

    /// <summary>
    /// Queues a check of the encounter's primary coverage when it was not verified within the tenant's recheck
    /// days, asking about the visit's service type (an office visit, place of service 11, is 98).
    /// </summary>
    public static async Task QueueCheckIfStaleAsync(
        NpgsqlConnection connection, EligibilityQueue queue, Guid tenant, Guid patientId, DateOnly serviceDate, string placeOfService, DateTimeOffset now)
    {
        // The practice's recheck days (0: never) and the coverage to check, in one query (issue 20: one round trip fewer a visit).
        var coverageId = await connection.QueryFirstOrDefaultAsync<Guid?>(
            """
            WITH settings AS (
                SELECT coalesce((SELECT eligibility_recheck_days FROM registration_settings WHERE tenant_id = @tenant), @defaultDays) AS days)
            SELECT c.id FROM coverages c, settings s
            WHERE s.days > 0 AND c.tenant_id = @tenant AND c.patient_id = @patientId AND c.priority = 'primary'
              AND c.effective_from <= @serviceDate AND (c.effective_to IS NULL OR c.effective_to >= @serviceDate)
              AND NOT EXISTS (SELECT 1 FROM eligibility_checks e
                              WHERE e.tenant_id = c.tenant_id AND e.coverage_id = c.id AND e.status <> 'error'
                                AND e.checked_at > @now - make_interval(days => s.days))
            """, new { tenant, patientId, serviceDate, now = now.UtcDateTime, defaultDays = DefaultRecheckDays });
        if (coverageId is { } id) queue.Enqueue(tenant, id, serviceDate, VisitServiceType.ForPlaceOfService(placeOfService));
    }
}
