using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using RevenueCycle.Gateway.Access;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Gateway.Admin;

public sealed record CreateTenant(string Name);
public sealed record TenantCreated(Guid TenantId, Guid ApiKeyId, string ApiKey);
public sealed record CreateApiKey(string Name, string[] Roles);
public sealed record ApiKeyCreated(Guid Id, string ApiKey, string[] Roles);
public sealed record AuditEntry
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public Guid? KeyId { get; init; }
    public Guid? TenantId { get; init; }
    public string Method { get; init; } = "";
    public string Path { get; init; } = "";
    public string? QueryKeys { get; init; }
    public int Status { get; init; }
    public decimal DurationMs { get; init; }
    public string? TraceId { get; init; }
    public string? CorrelationId { get; init; }
    public string? ClientIp { get; init; }
    /// <summary>The patients the answer disclosed, as the service that gave it named them.</summary>
    public Guid[]? PatientIds { get; init; }
    /// <summary>Why the server refused the request before reading it (a request line or headers too long, malformed): no key is known then.</summary>
    public string? Refusal { get; init; }
    /// <summary>The staff user whose session made the request (null for an API key).</summary>
    public Guid? UserId { get; init; }
}

/// <summary>Tenants, their keys and the audit log; guarded by the admin key in <see cref="AccessMiddleware"/>.</summary>
public static class AdminEndpoints
{
    const int MaxName = 200;

    public static RouteGroupBuilder MapAdmin(this RouteGroupBuilder group)
    {
        group.MapPost("/tenants", CreateTenantAsync);
        group.MapPost("/tenants/{tenantId:guid}/api-keys", CreateKeyAsync);
        group.MapGet("/tenants/{tenantId:guid}/api-keys", ListKeysAsync);
        group.MapDelete("/api-keys/{id:guid}", RevokeAsync);
        group.MapGet("/audit", AuditAsync);
        return group;
    }

    static async Task<Results<Created<TenantCreated>, ValidationProblem>> CreateTenantAsync(CreateTenant request, NpgsqlDataSource db)
    {
        var v = new Validation();
        if (v.Required(request.Name, "name")) v.Check(request.Name.Length <= MaxName, "name", $"must be at most {MaxName} characters.");
        if (!v.IsValid) return v.Problem();
        var tenantId = Guid.CreateVersion7();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("INSERT INTO tenants (id, name) VALUES (@Id, @Name)", new { Id = tenantId, Name = request.Name.Trim() }, tx);
        var (keyId, key) = await ApiKeys.CreateAsync(connection, tx, tenantId, "first key", ["admin"]);
        await tx.CommitAsync();
        return TypedResults.Created($"/api/admin/tenants/{tenantId}", new TenantCreated(tenantId, keyId, key));
    }

    static async Task<Results<Created<ApiKeyCreated>, ValidationProblem, ProblemHttpResult>> CreateKeyAsync(
        Guid tenantId, CreateApiKey request, NpgsqlDataSource db)
    {
        var v = new Validation();
        if (v.Required(request.Name, "name")) v.Check(request.Name.Length <= MaxName, "name", $"must be at most {MaxName} characters.");
        if (v.Check(request.Roles is { Length: > 0 }, "roles", $"must name at least one of: {string.Join(", ", ApiKeys.KnownRoles)}."))
            for (var i = 0; i < request.Roles.Length; i++)
                v.Check(ApiKeys.KnownRoles.Contains(request.Roles[i]), $"roles[{i}]", $"'{request.Roles[i]}' is not a role; roles are {string.Join(", ", ApiKeys.KnownRoles)}.");
        if (!v.IsValid) return v.Problem();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM tenants WHERE id = @tenantId", new { tenantId }, tx) == 0)
            return Problems.NotFound($"No tenant {tenantId}.");
        var roles = request.Roles.Distinct().ToArray();
        var (id, key) = await ApiKeys.CreateAsync(connection, tx, tenantId, request.Name.Trim(), roles);
        await tx.CommitAsync();
        return TypedResults.Created($"/api/admin/api-keys/{id}", new ApiKeyCreated(id, key, roles));
    }

    public sealed record KeySummary
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string KeyPrefix { get; init; } = "";
        public string[] Roles { get; init; } = [];
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
    }

    static async Task<Ok<IEnumerable<KeySummary>>> ListKeysAsync(Guid tenantId, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return TypedResults.Ok(await connection.QueryAsync<KeySummary>(
            "SELECT id, name, key_prefix, roles, created_at, revoked_at FROM api_keys WHERE tenant_id = @tenantId ORDER BY created_at",
            new { tenantId }));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, NpgsqlDataSource db, ApiKeyCache keys)
    {
        await using var connection = await db.OpenConnectionAsync();
        var revoked = await connection.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = @id", new { id });
        // Every gateway is told (the table's trigger); this one forgets before it answers, so the next request is refused here too.
        keys.Forget();
        return revoked == 0 ? Problems.NotFound($"No API key {id}.") : TypedResults.NoContent();
    }

    static async Task<Results<Ok<Page<AuditEntry>>, ValidationProblem>> AuditAsync(
        NpgsqlDataSource db, Guid? tenantId = null, Guid? patientId = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
        int? limit = null, string? cursor = null, Guid? userId = null)
    {
        var v = new Validation();
        // An accounting of disclosures (HIPAA §164.528) is a practice's, of its own patient: the patient is asked about within a tenant.
        v.Check(patientId is null || tenantId is not null, "tenantId", "is required with 'patientId': a patient is a practice's.");
        long after = 0;
        v.Check(cursor is null || long.TryParse(cursor, out after), "cursor", "is not a cursor this API returned.");
        v.Check(from is null || to is null || from <= to, "to", "must not be before 'from'.");
        if (!v.IsValid) return v.Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<AuditEntry>(
            """
            SELECT id, at, key_id, tenant_id, method, path, query_keys, status, duration_ms, trace_id, correlation_id, client_ip, patient_ids, refusal, user_id
            FROM audit_log
            WHERE (@TenantId::uuid IS NULL OR tenant_id = @TenantId)
              AND (@PatientId::uuid IS NULL OR patient_ids @> ARRAY[@PatientId::uuid])
              AND (@UserId::uuid IS NULL OR user_id = @UserId)
              AND (@From::timestamptz IS NULL OR at >= @From)
              AND (@To::timestamptz IS NULL OR at <= @To)
              AND id > @After
            ORDER BY id
            LIMIT @Take
            """, new { TenantId = tenantId, PatientId = patientId, UserId = userId, From = from?.UtcDateTime, To = to?.UtcDateTime, After = after, Take = take + 1 })).ToList();
        var page = rows.Count > take
            ? new Page<AuditEntry>(rows.Take(take).ToList(), rows[take - 1].Id.ToString())
            : new Page<AuditEntry>(rows, null);
        return TypedResults.Ok(page);
    }
}
