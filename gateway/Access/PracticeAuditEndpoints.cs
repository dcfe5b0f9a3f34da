using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using RevenueCycle.Gateway.Staff;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Gateway.Access;

/// <summary>One request of the practice's own audit trail, with who made it: a staff user (name and email) or an API key (its name).</summary>
public sealed record PracticeAuditEntry
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public Guid? UserId { get; init; }
    public string? UserName { get; init; }
    public string? UserEmail { get; init; }
    public Guid? KeyId { get; init; }
    public string? KeyName { get; init; }
    public string Method { get; init; } = "";
    public string Path { get; init; } = "";
    public string? QueryKeys { get; init; }
    public int Status { get; init; }
    public string? ClientIp { get; init; }
    public Guid[]? PatientIds { get; init; }
}

/// <summary>
/// <c>GET /api/audit?patientId=&amp;userId=&amp;from=&amp;to=</c>: the practice admin's read of its own access audit — who saw a patient's
/// data, when, through which path and with what outcome (HIPAA §164.528 accounting of disclosures, §164.312(b) audit controls). Only the
/// caller's practice's records; the admin role only (a key with it or a signed-in admin). The operator's cross-practice read stays at
/// <c>/api/admin/audit</c>.
/// </summary>
public static class PracticeAuditEndpoints
{
    public const string Path = "/api/audit";

    public static IEndpointRouteBuilder MapPracticeAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ListAsync).WithTags("Audit")
            .WithDescription("The practice's own access audit, newest first (sort=at for oldest first): time, staff user or API key, method, path, " +
                             "status and the patients each answer disclosed. Filter by patientId, userId, from and to. Admin role only.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    static async Task<Results<Ok<Page<PracticeAuditEntry>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        HttpContext context, NpgsqlDataSource db, Guid? patientId = null, Guid? userId = null, string? from = null, string? to = null,
        int? limit = null, string? cursor = null, string? sort = null)
    {
        if (context.Items[Caller.Item] is not Caller { IsAdmin: true } caller)
            return TypedResults.Problem(title: "Forbidden", statusCode: StatusCodes.Status403Forbidden,
                detail: "The practice's audit is read by its admin: it needs the admin role (an API key with it, or a signed-in admin).");
        var v = new Validation();
        long after = 0;
        v.Check(cursor is null || (long.TryParse(cursor, out after) && after > 0), "cursor", "is not a cursor this API returned.");
        var since = Moment(v, "from", from, endOfDay: false);
        var until = Moment(v, "to", to, endOfDay: true);
        v.Check(since is null || until is null || since <= until, "to", "must not be before 'from'.");
        v.Check(sort is null or "at" or "-at", "sort", "must be 'at' (oldest first) or '-at' (newest first).");
        if (!v.IsValid) return v.Problem();
        var newestFirst = sort is null or "-at";
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<PracticeAuditEntry>(
            $"""
            SELECT a.id, a.at, a.user_id, u.name AS user_name, u.email AS user_email, a.key_id, k.name AS key_name,
                   a.method, a.path, a.query_keys, a.status, a.client_ip, a.patient_ids
            FROM audit_log a
            LEFT JOIN staff_users u ON u.id = a.user_id AND u.tenant_id = a.tenant_id
            LEFT JOIN api_keys k ON k.id = a.key_id AND k.tenant_id = a.tenant_id
            WHERE a.tenant_id = @Tenant
              AND (@PatientId::uuid IS NULL OR a.patient_ids @> ARRAY[@PatientId::uuid])
              AND (@UserId::uuid IS NULL OR a.user_id = @UserId)
              AND (@From::timestamptz IS NULL OR a.at >= @From)
              AND (@To::timestamptz IS NULL OR a.at <= @To)
              AND (@After = 0 OR a.id {(newestFirst ? "<" : ">")} @After)
            ORDER BY a.id {(newestFirst ? "DESC" : "")}
            LIMIT @Take
            """,
            new { Tenant = caller.TenantId, PatientId = patientId, UserId = userId, From = since?.UtcDateTime, To = until?.UtcDateTime, After = after, Take = take + 1 }))
            .ToList();
        return TypedResults.Ok(rows.Count > take
            ? new Page<PracticeAuditEntry>(rows.Take(take).ToList(), rows[take - 1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : new Page<PracticeAuditEntry>(rows, null));
    }

    /// <summary>A time (ISO 8601) or a date (YYYY-MM-DD, a UTC day: <c>to</c> takes in the whole of it).</summary>
    static DateTimeOffset? Moment(Validation v, string field, string? value, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", invariant, System.Globalization.DateTimeStyles.None, out var day))
            return new DateTimeOffset(endOfDay ? day.ToDateTime(TimeOnly.MaxValue) : day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (DateTimeOffset.TryParse(value, invariant, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)) return at;
        v.Error(field, "must be a date (YYYY-MM-DD) or a time (ISO 8601, e.g. 2026-12-07T14:30:00Z).");
        return null;
    }
}
