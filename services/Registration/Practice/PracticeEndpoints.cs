using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Contracts.Identifiers;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.Registration.Patients;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Messaging;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Registration.Practice;

/// <summary><see cref="NpiEntityType"/>: the NPI's NPPES entity type, 2 (organisation) when left out.</summary>
public sealed record PracticeRequest(string Name, string Npi, string TaxId, string? Taxonomy, Address Address, string? Phone = null, int? NpiEntityType = null);

/// <summary>The practice as billing provider: what 837P loop 2010AA says about who is paid.</summary>
public static class PracticeEndpoints
{
    const int MaxName = 60; // NM1*85 03

    public static RouteGroupBuilder MapPractice(this RouteGroupBuilder group)
    {
        group.MapPut("/", Put);
        group.MapGet("/", Get);
        return group;
    }

    static async Task<Results<Ok<PracticeProfile>, ValidationProblem>> Put(
        PracticeRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock)
    {
        var v = new Validation();
        if (v.Required(request.Name, "name")) v.Check(request.Name.Length <= MaxName, "name", $"must be at most {MaxName} characters.");
        var npiProblem = Npi.Check(request.Npi);
        v.Check(npiProblem == Npi.Problem.None, "npi", Npi.Describe(npiProblem));
        var entityType = request.NpiEntityType ?? NpiEntityType.Organization;
        v.Check(NpiEntityType.IsValid(entityType), "npiEntityType", NpiEntityType.Rule);
        var taxId = request.TaxId?.Replace("-", "") ?? "";
        v.Check(taxId.Length == 9 && taxId.All(char.IsAsciiDigit), "taxId", "must be the 9-digit EIN (REF*EI), with or without the dash.");
        if (request.Taxonomy is not null) v.Check(Taxonomy.IsValid(request.Taxonomy), "taxonomy", Taxonomy.Rule);
        AddressRules.Validate(v, request.Address, "address", requireNineDigitZip: true);
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        var address = AddressRules.Normalize(request.Address);
        var profile = new PracticeProfile(request.Name.Trim(), request.Npi, taxId, request.Taxonomy, address, request.Phone) { NpiEntityType = entityType };
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO practice (tenant_id, name, npi, npi_entity_type, tax_id, taxonomy, address_line1, address_line2, city, state, zip, phone)
            VALUES (@Tenant, @Name, @Npi, @NpiEntityType, @TaxId, @Taxonomy, @Line1, @Line2, @City, @State, @Zip, @Phone)
            ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, npi = excluded.npi, npi_entity_type = excluded.npi_entity_type, tax_id = excluded.tax_id,
                taxonomy = excluded.taxonomy, address_line1 = excluded.address_line1, address_line2 = excluded.address_line2,
                city = excluded.city, state = excluded.state, zip = excluded.zip, phone = excluded.phone, updated_at = now()
            """,
            new { Tenant = tenant, profile.Name, profile.Npi, profile.NpiEntityType, profile.TaxId, profile.Taxonomy, address.Line1, address.Line2, address.City, address.State, address.Zip, profile.Phone }, tx);
        await Outbox.Enqueue(connection, tx, new PracticeProfileChanged(tenant, profile, clock.GetUtcNow()), tenant);
        await tx.CommitAsync();
        return TypedResults.Ok(profile);
    }

    static async Task<Results<Ok<PracticeProfile>, ProblemHttpResult>> Get(ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var profile = await Find(connection, user.TenantId());
        return profile is null ? Problems.NotFound("The practice profile is not set yet: PUT /api/practice.") : TypedResults.Ok(profile);
    }

    public static async Task<PracticeProfile?> Find(NpgsqlConnection connection, Guid tenant, NpgsqlTransaction? tx = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            "SELECT name, npi, npi_entity_type, tax_id, taxonomy, address_line1, address_line2, city, state, zip, phone FROM practice WHERE tenant_id = @tenant",
            new { tenant }, tx);
        return row is null ? null : new PracticeProfile(row.Name, row.Npi, row.TaxId, row.Taxonomy,
            new Address(row.AddressLine1, row.AddressLine2, row.City, row.State, row.Zip), row.Phone) { NpiEntityType = row.NpiEntityType };
    }

    sealed record Row
    {
        public string Name { get; init; } = "";
        public string Npi { get; init; } = "";
        public int NpiEntityType { get; init; }
        public string TaxId { get; init; } = "";
        public string? Taxonomy { get; init; }
        public string AddressLine1 { get; init; } = "";
        public string? AddressLine2 { get; init; }
        public string City { get; init; } = "";
        public string State { get; init; } = "";
        public string Zip { get; init; } = "";
        public string? Phone { get; init; }
    }
}

/// <summary>Health Care Provider Taxonomy codes (PRV03): 10 characters, e.g. 207Q00000X family medicine.</summary>
public static class Taxonomy
{
    public const string Rule = "must be a 10-character provider taxonomy code such as 207Q00000X.";
    public static bool IsValid(string code) =>
        code.Length == 10 && code[9] == 'X' && code[..9].All(char.IsAsciiLetterOrDigit) && code.All(c => !char.IsAsciiLetterLower(c));
}
