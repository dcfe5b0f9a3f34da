using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Messaging;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Registration.Patients;

public sealed record PatientRequest(
    string Mrn, string FirstName, string LastName, DateOnly DateOfBirth, string Sex, Address Address, string? Phone = null);

public sealed record Patient(
    Guid Id, string Mrn, string FirstName, string LastName, DateOnly DateOfBirth, string Sex, Address Address, string? Phone,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);


public static class PatientsEndpoints
{
    const int MaxMrn = 50;
    const int MaxName = 60; // 837P NM1 03/04 are 1–60 characters

    public static RouteGroupBuilder MapPatients(this RouteGroupBuilder group)
    {
        group.MapPost("/", Register);
        group.MapPut("/{id:guid}", Update);
        group.MapGet("/{id:guid}", Get);
        group.MapGet("/", Search);
        return group;
    }

    static async Task<Results<Created<CreatedId>, ValidationProblem, ProblemHttpResult>> Register(
        PatientRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http)
    {
        var v = Validate(request, clock);
        if (!v.IsValid) return v.Problem();
        var tenant = user.TenantId();
        var id = Guid.CreateVersion7();
        var address = AddressRules.Normalize(request.Address);

        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var inserted = await connection.ExecuteAsync(
            $"""
            INSERT INTO patients (id, tenant_id, mrn, first_name, last_name, date_of_birth, sex,
                                  address_line1, address_line2, city, state, zip, phone)
            VALUES (@Id, @Tenant, @Mrn, @FirstName, @LastName, @DateOfBirth, @Sex,
                    @Line1, @Line2, @City, @State, @Zip, @Phone)
            ON CONFLICT (tenant_id, mrn) DO NOTHING
            """,
            Params(id, tenant, request, address), tx);
        if (inserted == 0)
        {
            var existing = await connection.ExecuteScalarAsync<Guid>(
                "SELECT id FROM patients WHERE tenant_id = @Tenant AND mrn = @Mrn", new { Tenant = tenant, request.Mrn }, tx);
            return Problems.Conflict($"A patient with MRN '{request.Mrn}' already exists; update it with PUT /api/patients/{existing}.",
                new Dictionary<string, object?> { ["existingId"] = existing });
        }
        await Outbox.Enqueue(connection, tx, new PatientRegistered(tenant, id, request.Mrn.Trim(), request.FirstName.Trim(),
            request.LastName.Trim(), request.DateOfBirth, request.Sex, address, request.Phone, clock.GetUtcNow()), tenant);
        return await tx.CommitAsync(http, TypedResults.Created($"/api/patients/{id}", new CreatedId(id)));
    }

    static async Task<Results<Ok<Patient>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, PatientRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http)
    {
        var v = Validate(request, clock);
        if (!v.IsValid) return v.Problem();
        var tenant = user.TenantId();
        var address = AddressRules.Normalize(request.Address);

        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        try
        {
            var updated = await connection.ExecuteAsync(
                """
                UPDATE patients SET mrn = @Mrn, first_name = @FirstName, last_name = @LastName, date_of_birth = @DateOfBirth,
                       sex = @Sex, address_line1 = @Line1, address_line2 = @Line2, city = @City, state = @State, zip = @Zip,
                       phone = @Phone, updated_at = now()
                WHERE tenant_id = @Tenant AND id = @Id
                """, Params(id, tenant, request, address), tx);
            if (updated == 0) return Problems.NotFound($"No patient {id}.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problems.Conflict($"Another patient already has MRN '{request.Mrn}'.");
        }
        await Outbox.Enqueue(connection, tx, new PatientUpdated(tenant, id, request.Mrn.Trim(), request.FirstName.Trim(),
            request.LastName.Trim(), request.DateOfBirth, request.Sex, address, request.Phone, clock.GetUtcNow()), tenant);
        var patient = await Find(connection, tenant, id, tx);
        await tx.CommitAsync();
        http.DisclosePatients(id);
        return TypedResults.Ok(patient!);
    }

    static async Task<Results<Ok<Patient>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var patient = await Find(connection, user.TenantId(), id);
        if (patient is null) return Problems.NotFound($"No patient {id}.");
        http.DisclosePatients(patient.Id);
        return TypedResults.Ok(patient);
    }

    static async Task<Results<Ok<Page<Patient>>, ValidationProblem>> Search(
        ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http, string? mrn = null, string? name = null, int? limit = null, string? cursor = null,
        string? sort = null)
    {
        var v = new Validation();
        if (!Paging.TryCursor(cursor, out var after)) v.Error("cursor", "is not a cursor this API returned.");
        v.Check(sort is null || SearchOrders.ContainsKey(sort), "sort", $"must be one of {string.Join(", ", SearchOrders.Keys)}.");
        if (!v.IsValid) return v.Problem();
        var (keys, direction) = SearchOrders[sort ?? "id"];
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<PatientRow>(
            $"""
            {SelectPatient}
            WHERE tenant_id = @Tenant
              AND (@Mrn::text IS NULL OR mrn = @Mrn)
              AND (@Name::text IS NULL OR lower(last_name || ', ' || first_name) LIKE @Name
                   OR lower(first_name || ' ' || last_name) LIKE @Name)
              AND (@After = '00000000-0000-0000-0000-000000000000'::uuid
                   OR ({keys}) {(direction == "DESC" ? "<" : ">")} (SELECT {keys} FROM patients WHERE tenant_id = @Tenant AND id = @After))
            ORDER BY {string.Join(", ", keys.Split(", ").Select(k => $"{k} {direction}"))}
            LIMIT @Take
            """,
            new { Tenant = user.TenantId(), Mrn = mrn, Name = name is null ? null : "%" + name.Trim().ToLowerInvariant() + "%", After = after, Take = take + 1 }))
            .Select(r => r.ToPatient()).ToList();
        var page = Paging.Page(rows, take, p => p.Id);
        http.DisclosePatients(page.Items.Select(p => p.Id));
        return TypedResults.Ok(page);
    }

    /// <summary>The search's orders: the columns of its keyset (the cursor is the last row's id, its keys read back) and the direction.</summary>
    static readonly Dictionary<string, (string Keys, string Direction)> SearchOrders = new()
    {
        ["id"] = ("id", "ASC"),
        ["name"] = ("lower(last_name), lower(first_name), id", "ASC"),
        ["-name"] = ("lower(last_name), lower(first_name), id", "DESC"),
        ["mrn"] = ("mrn, id", "ASC"),
        ["-mrn"] = ("mrn, id", "DESC"),
        ["dateOfBirth"] = ("date_of_birth, id", "ASC"),
        ["-dateOfBirth"] = ("date_of_birth, id", "DESC"),
    };

    static Validation Validate(PatientRequest r, TimeProvider clock)
    {
        var v = new Validation();
        if (v.Required(r.Mrn, "mrn")) v.Check(r.Mrn.Length <= MaxMrn, "mrn", $"must be at most {MaxMrn} characters.");
        if (v.Required(r.FirstName, "firstName")) v.Check(r.FirstName.Length <= MaxName, "firstName", $"must be at most {MaxName} characters.");
        if (v.Required(r.LastName, "lastName")) v.Check(r.LastName.Length <= MaxName, "lastName", $"must be at most {MaxName} characters.");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        v.Check(r.DateOfBirth <= today, "dateOfBirth", "must not be in the future.");
        v.Check(r.DateOfBirth.Year >= 1900, "dateOfBirth", "must be on or after 1900-01-01.");
        v.Check(r.Sex is "F" or "M" or "U", "sex", "must be F, M or U.");
        AddressRules.Validate(v, r.Address, "address");
        if (r.Phone is not null)
        {
            var digits = new string(r.Phone.Where(char.IsAsciiDigit).ToArray());
            v.Check(digits.Length == 10, "phone", "must be a 10-digit US phone number.");
        }
        return v;
    }

    static object Params(Guid id, Guid tenant, PatientRequest r, Address a) => new
    {
        Id = id, Tenant = tenant, Mrn = r.Mrn.Trim(), FirstName = r.FirstName.Trim(), LastName = r.LastName.Trim(),
        r.DateOfBirth, r.Sex, a.Line1, a.Line2, a.City, a.State, a.Zip, r.Phone,
    };

    public const string SelectPatient =
        """
        SELECT id, mrn, first_name, last_name, date_of_birth, sex, address_line1, address_line2, city, state, zip, phone,
               created_at, updated_at
        FROM patients
        """;

    static async Task<Patient?> Find(NpgsqlConnection connection, Guid tenant, Guid id, NpgsqlTransaction? tx = null) =>
        (await connection.QuerySingleOrDefaultAsync<PatientRow>(
            $"{SelectPatient} WHERE tenant_id = @Tenant AND id = @Id", new { Tenant = tenant, Id = id }, tx))?.ToPatient();

    public sealed record PatientRow
    {
        public Guid Id { get; init; }
        public string Mrn { get; init; } = "";
        public string FirstName { get; init; } = "";
        public string LastName { get; init; } = "";
        public DateOnly DateOfBirth { get; init; }
        public string Sex { get; init; } = "";
        public string AddressLine1 { get; init; } = "";
        public string? AddressLine2 { get; init; }
        public string City { get; init; } = "";
        public string State { get; init; } = "";
        public string Zip { get; init; } = "";
        public string? Phone { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public Patient ToPatient() => new(Id, Mrn, FirstName, LastName, DateOfBirth, Sex,
            new Address(AddressLine1, AddressLine2, City, State, Zip), Phone, CreatedAt, UpdatedAt);
    }
}
