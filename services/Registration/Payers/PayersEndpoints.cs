using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.Registration.Patients;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Registration.Payers;

public sealed record PayerRequest(string Name, string PayerId, string ClaimFilingCode, int? TimelyFilingDays = null, string? Clearinghouse = null);

public sealed record Payer
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string PayerId { get; init; } = "";
    public string ClaimFilingCode { get; init; } = "";
    public int TimelyFilingDays { get; init; }
    public string Clearinghouse { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }

    public PayerInfo ToInfo() => new(Id, Name, PayerId, ClaimFilingCode, TimelyFilingDays, Clearinghouse);
}

public static class PayersEndpoints
{
    const int MaxName = 60;       // NM1*PR 03
    const int MaxPayerId = 80;    // NM1*PR 09
    const int MaxTimelyFilingDays = 3 * 365;

    public static RouteGroupBuilder MapPayers(this RouteGroupBuilder group)
    {
        group.MapPost("/", Create);
        group.MapGet("/{id:guid}", Get);
        group.MapGet("/", List);
        return group;
    }

    static async Task<Results<Created<CreatedId>, ValidationProblem, ProblemHttpResult>> Create(PayerRequest request, ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http)
    {
        var v = new Validation();
        if (v.Required(request.Name, "name")) v.Check(request.Name.Length <= MaxName, "name", $"must be at most {MaxName} characters.");
        if (v.Required(request.PayerId, "payerId"))
            v.Check(request.PayerId.Length <= MaxPayerId && request.PayerId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'),
                "payerId", "must be the clearinghouse's payer id: letters, digits and dashes.");
        if (v.Required(request.ClaimFilingCode, "claimFilingCode"))
            v.Check(ClaimFilingCodes.All.ContainsKey(request.ClaimFilingCode), "claimFilingCode",
                $"'{request.ClaimFilingCode}' is not a claim filing indicator (SBR09): {string.Join(", ", ClaimFilingCodes.All.Keys)}.");
        if (request.TimelyFilingDays is { } days)
            v.Check(days is > 0 and <= MaxTimelyFilingDays, "timelyFilingDays", $"must be between 1 and {MaxTimelyFilingDays}.");
        if (request.Clearinghouse is not null)
            v.Check(request.Clearinghouse is "simulator" or "manual", "clearinghouse", "must be 'simulator' or 'manual'.");
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        var id = Guid.CreateVersion7();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO payers (id, tenant_id, name, payer_id, claim_filing_code, timely_filing_days, clearinghouse)
            VALUES (@Id, @Tenant, @Name, @PayerId, @ClaimFilingCode, @Days, @Clearinghouse) ON CONFLICT (tenant_id, payer_id) DO NOTHING
            """,
            new
            {
                Id = id, Tenant = tenant, Name = request.Name.Trim(), request.PayerId, request.ClaimFilingCode,
                Days = request.TimelyFilingDays ?? ClaimFilingCodes.DefaultTimelyFilingDays(request.ClaimFilingCode),
                Clearinghouse = request.Clearinghouse ?? "simulator",
            }, tx);
        if (inserted == 0)
        {
            var existing = await connection.ExecuteScalarAsync<Guid>("SELECT id FROM payers WHERE tenant_id = @Tenant AND payer_id = @PayerId", new { Tenant = tenant, request.PayerId }, tx);
            return Problems.Conflict($"A payer with payer id {request.PayerId} already exists.", new Dictionary<string, object?> { ["existingId"] = existing });
        }
        return await tx.CommitAsync(http, TypedResults.Created($"/api/payers/{id}", new CreatedId(id)));
    }

    static async Task<Results<Ok<Payer>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var payer = await Find(connection, user.TenantId(), id);
        return payer is null ? Problems.NotFound($"No payer {id}.") : TypedResults.Ok(payer);
    }

    static async Task<Results<Ok<Page<Payer>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, int? limit = null, string? cursor = null)
    {
        if (!Paging.TryCursor(cursor, out var after)) return new Validation().Error("cursor", "is not a cursor this API returned.").Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<Payer>(
            $"{Select} WHERE tenant_id = @Tenant AND id > @After ORDER BY id LIMIT @Take", new { Tenant = user.TenantId(), After = after, Take = take + 1 })).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, p => p.Id));
    }

    const string Select = "SELECT id, name, payer_id, claim_filing_code, timely_filing_days, clearinghouse, created_at FROM payers";

    public static Task<Payer?> Find(NpgsqlConnection connection, Guid tenant, Guid id, NpgsqlTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<Payer>($"{Select} WHERE tenant_id = @tenant AND id = @id", new { tenant, id }, tx);
}
