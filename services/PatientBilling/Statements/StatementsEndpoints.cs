using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.PatientBilling.Payments;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.PatientBilling.Statements;

public sealed record RunRequest(DateOnly AsOf);

public static class StatementsEndpoints
{
    public static RouteGroupBuilder MapStatements(this RouteGroupBuilder group)
    {
        group.MapPost("/run", Run);
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        group.MapGet("/{id:guid}/html", Html);
        return group;
    }

    static async Task<Results<Ok<RunResult>, ValidationProblem>> Run(RunRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock)
    {
        var v = new Validation();
        v.Check(request.AsOf <= PaymentsEndpoints.Today(clock), "asOf", "must not be in the future: statements report what has happened.");
        v.Check(request.AsOf >= PaymentsEndpoints.Today(clock).AddYears(-1), "asOf", "must be within the last year.");
        if (!v.IsValid) return v.Problem();
        return TypedResults.Ok(await StatementRun.RunAsync(db, user.TenantId(), request.AsOf, clock));
    }

    static async Task<Results<Ok<Page<StatementSummary>>, ValidationProblem>> List(
        ClaimsPrincipal user, NpgsqlDataSource db, Guid? patientId = null, int? limit = null, string? cursor = null)
    {
        if (!Paging.TryCursor(cursor, out var after)) return new Validation().Error("cursor", "is not a cursor this API returned.").Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<StatementSummary>(
            """
            SELECT id, patient_id, statement_date, due_date, balance, amount_due, dunning_step, notice, issued_at FROM statements
            WHERE tenant_id = @Tenant AND (@Patient::uuid IS NULL OR patient_id = @Patient) AND (@After::uuid IS NULL OR id > @After)
            ORDER BY id LIMIT @Take
            """, new { Tenant = user.TenantId(), Patient = patientId, After = after == Guid.Empty ? (Guid?)null : after, Take = take + 1 })).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, s => s.Id));
    }

    static async Task<Results<Ok<Statement>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var statement = await FindAsync(db, user.TenantId(), id);
        return statement is null ? Problems.NotFound($"No statement {id}.") : TypedResults.Ok(statement);
    }

    static async Task<Results<ContentHttpResult, ProblemHttpResult>> Html(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http)
    {
        var statement = await FindAsync(db, user.TenantId(), id);
        if (statement is null) return Problems.NotFound($"No statement {id}.");
        http.DisclosePatients(statement.PatientId);
        return TypedResults.Text(StatementHtml.Render(statement), "text/html; charset=utf-8");
    }

    static async Task<Statement?> FindAsync(NpgsqlDataSource db, Guid tenant, Guid id)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var content = await connection.ExecuteScalarAsync<string?>(
            "SELECT content::text FROM statements WHERE tenant_id = @Tenant AND id = @Id", new { Tenant = tenant, Id = id });
        return content is null ? null : JsonSerializer.Deserialize<Statement>(content, StatementRun.Json);
    }
}
