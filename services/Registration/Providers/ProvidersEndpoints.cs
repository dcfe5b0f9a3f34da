using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Contracts.Identifiers;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.Registration.Patients;
using RevenueCycle.Registration.Practice;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Registration.Providers;

/// <summary><see cref="NpiEntityType"/>: the NPI's NPPES entity type, 1 (individual) when left out.</summary>
public sealed record ProviderRequest(string Npi, string FirstName, string LastName, string? Taxonomy = null, int? NpiEntityType = null);

public sealed record Provider
{
    public Guid Id { get; init; }
    public string Npi { get; init; } = "";
    public int NpiEntityType { get; init; } = Contracts.Identifiers.NpiEntityType.Individual;
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string? Taxonomy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public ProviderInfo ToInfo() => new(Id, Npi, FirstName, LastName, Taxonomy) { NpiEntityType = NpiEntityType };
}

/// <summary>Rendering providers: who saw the patient, with the NPI's entity type as stated (1 individual by default).</summary>
public static class ProvidersEndpoints
{
    const int MaxName = 60;

    public static RouteGroupBuilder MapProviders(this RouteGroupBuilder group)
    {
        group.MapPost("/", Create);
        group.MapGet("/{id:guid}", Get);
        group.MapGet("/", List);
        return group;
    }

    static async Task<Results<Created<CreatedId>, ValidationProblem, ProblemHttpResult>> Create(ProviderRequest request, ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http)
    {
        var v = new Validation();
        var problem = Npi.Check(request.Npi);
        v.Check(problem == Npi.Problem.None, "npi", Npi.Describe(problem));
        var entityType = request.NpiEntityType ?? NpiEntityType.Individual;
        v.Check(NpiEntityType.IsValid(entityType), "npiEntityType", NpiEntityType.Rule);
        if (v.Required(request.FirstName, "firstName")) v.Check(request.FirstName.Length <= MaxName, "firstName", $"must be at most {MaxName} characters.");
        if (v.Required(request.LastName, "lastName")) v.Check(request.LastName.Length <= MaxName, "lastName", $"must be at most {MaxName} characters.");
        if (request.Taxonomy is not null) v.Check(Taxonomy.IsValid(request.Taxonomy), "taxonomy", Taxonomy.Rule);
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        var id = Guid.CreateVersion7();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO providers (id, tenant_id, npi, npi_entity_type, first_name, last_name, taxonomy)
            VALUES (@Id, @Tenant, @Npi, @EntityType, @FirstName, @LastName, @Taxonomy) ON CONFLICT (tenant_id, npi) DO NOTHING
            """, new { Id = id, Tenant = tenant, request.Npi, EntityType = entityType, FirstName = request.FirstName.Trim(), LastName = request.LastName.Trim(), request.Taxonomy }, tx);
        if (inserted == 0)
        {
            var existing = await connection.ExecuteScalarAsync<Guid>("SELECT id FROM providers WHERE tenant_id = @Tenant AND npi = @Npi", new { Tenant = tenant, request.Npi }, tx);
            return Problems.Conflict($"A provider with NPI {request.Npi} already exists.", new Dictionary<string, object?> { ["existingId"] = existing });
        }
        return await tx.CommitAsync(http, TypedResults.Created($"/api/providers/{id}", new CreatedId(id)));
    }

    static async Task<Results<Ok<Provider>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var provider = await Find(connection, user.TenantId(), id);
        return provider is null ? Problems.NotFound($"No provider {id}.") : TypedResults.Ok(provider);
    }

    static async Task<Results<Ok<Page<Provider>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, int? limit = null, string? cursor = null)
    {
        if (!Paging.TryCursor(cursor, out var after)) return new Validation().Error("cursor", "is not a cursor this API returned.").Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<Provider>(
            "SELECT id, npi, npi_entity_type, first_name, last_name, taxonomy, created_at FROM providers WHERE tenant_id = @Tenant AND id > @After ORDER BY id LIMIT @Take",
            new { Tenant = user.TenantId(), After = after, Take = take + 1 })).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, p => p.Id));
    }

    public static Task<Provider?> Find(NpgsqlConnection connection, Guid tenant, Guid id, NpgsqlTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<Provider>(
            "SELECT id, npi, npi_entity_type, first_name, last_name, taxonomy, created_at FROM providers WHERE tenant_id = @tenant AND id = @id", new { tenant, id }, tx);
}
