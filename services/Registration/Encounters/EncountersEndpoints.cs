using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.Registration.Coverage;
using RevenueCycle.Registration.Patients;
using RevenueCycle.Registration.Practice;
using RevenueCycle.Registration.Providers;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Messaging;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Registration.Encounters;

/// <summary><see cref="ServiceFacility"/>: where the care was given when not at the practice (a hospital for POS 21/22/23): 837P 2310C.</summary>
public sealed record EncounterRequest(
    Guid PatientId, Guid ProviderId, DateOnly DateOfService, string PlaceOfService, string? Note = null, string? PriorAuthorizationNumber = null,
    ServiceFacility? ServiceFacility = null);

public sealed record Encounter
{
    public Guid Id { get; init; }
    public Guid PatientId { get; init; }
    public Guid ProviderId { get; init; }
    public DateOnly DateOfService { get; init; }
    public string PlaceOfService { get; init; } = "";
    public string? Note { get; init; }
    public string? PriorAuthorizationNumber { get; init; }
    public ServiceFacility? ServiceFacility { get; init; }
    public string Status { get; init; } = "";
    public bool? SelfPay { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
}

public static class EncountersEndpoints
{
    public const int MaxNoteLength = 20_000;
    const int MaxPriorAuthorization = 50; // REF*G1 02
    const int MaxFacilityName = 60; // 2310C NM1*77 03

    public static RouteGroupBuilder MapEncounters(this RouteGroupBuilder group)
    {
        group.MapPost("/", Create);
        group.MapGet("/{id:guid}", Get);
        group.MapGet("/", List);
        group.MapPost("/{id:guid}/complete", Complete);
        return group;
    }

    static async Task<Results<Created<CreatedId>, ValidationProblem>> Create(
        EncounterRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, Eligibility.EligibilityQueue eligibility, HttpContext http)
    {
        var v = new Validation();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        v.Check(request.PatientId != Guid.Empty, "patientId", "is required.");
        v.Check(request.ProviderId != Guid.Empty, "providerId", "is required.");
        if (v.Check(request.DateOfService != default, "dateOfService", "is required (YYYY-MM-DD)."))
            v.Check(request.DateOfService <= today, "dateOfService", "must not be in the future: an encounter is registered once it happened.");
        v.Check(PlaceOfService.IsValid(request.PlaceOfService), "placeOfService", $"'{request.PlaceOfService}' is not a CMS place-of-service code (two digits, e.g. 11 office).");
        if (request.Note is not null) v.Check(request.Note.Length <= MaxNoteLength, "note", $"must be at most {MaxNoteLength} characters.");
        if (request.PriorAuthorizationNumber is not null)
            v.Check(request.PriorAuthorizationNumber.Length is > 0 and <= MaxPriorAuthorization, "priorAuthorizationNumber", $"must be 1 to {MaxPriorAuthorization} characters.");
        if (request.ServiceFacility is { } facility)
        {
            if (v.Required(facility.Name, "serviceFacility.name"))
                v.Check(facility.Name.Length <= MaxFacilityName, "serviceFacility.name", $"must be at most {MaxFacilityName} characters.");
            if (facility.Npi is not null)
                v.Check(Contracts.Identifiers.Npi.Check(facility.Npi) == Contracts.Identifiers.Npi.Problem.None, "serviceFacility.npi",
                    Contracts.Identifiers.Npi.Describe(Contracts.Identifiers.Npi.Check(facility.Npi)));
            AddressRules.Validate(v, facility.Address, "serviceFacility.address");
        }

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        if (v.IsValid)
        {
            var (patientKnown, providerKnown) = await connection.QuerySingleAsync<(bool, bool)>(
                """
                SELECT EXISTS (SELECT 1 FROM patients WHERE tenant_id = @tenant AND id = @PatientId),
                       EXISTS (SELECT 1 FROM providers WHERE tenant_id = @tenant AND id = @ProviderId)
                """, new { tenant, request.PatientId, request.ProviderId });
            if (!patientKnown)
                v.Error("patientId", $"No patient {request.PatientId} is registered for this practice.");
            if (!providerKnown)
                v.Error("providerId", $"No provider {request.ProviderId} is registered for this practice.");
        }
        if (!v.IsValid) return v.Problem();

        var id = Guid.CreateVersion7();
        var f = request.ServiceFacility;
        await using var tx = await connection.BeginTransactionAsync();
        var fa = f is null ? null : AddressRules.Normalize(f.Address);
        await connection.ExecuteAsync(
            """
            INSERT INTO encounters (id, tenant_id, patient_id, provider_id, date_of_service, place_of_service, note, prior_authorization_number,
                                    facility_name, facility_npi, facility_line1, facility_line2, facility_city, facility_state, facility_zip)
            VALUES (@Id, @Tenant, @PatientId, @ProviderId, @DateOfService, @PlaceOfService, @Note, @PriorAuthorizationNumber,
                    @FacilityName, @FacilityNpi, @FacilityLine1, @FacilityLine2, @FacilityCity, @FacilityState, @FacilityZip)
            """, new
            {
                Id = id, Tenant = tenant, request.PatientId, request.ProviderId, request.DateOfService, request.PlaceOfService, request.Note, request.PriorAuthorizationNumber,
                FacilityName = f?.Name.Trim(), FacilityNpi = f?.Npi, FacilityLine1 = fa?.Line1, FacilityLine2 = fa?.Line2, FacilityCity = fa?.City,
                FacilityState = fa?.State, FacilityZip = fa?.Zip,
            }, tx);
        // A retry after a crash between this commit and the answer is answered with this encounter, not a second visit.
        var created = await tx.CommitAsync(http, TypedResults.Created($"/api/encounters/{id}", new CreatedId(id)));
        await Eligibility.EligibilityEndpoints.QueueCheckIfStaleAsync(connection, eligibility, tenant, request.PatientId, request.DateOfService, request.PlaceOfService, clock.GetUtcNow());
        return created;
    }

    static async Task<Results<Ok<Encounter>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var encounter = await Find(connection, user.TenantId(), id);
        return encounter is null ? Problems.NotFound($"No encounter {id}.") : TypedResults.Ok(encounter);
    }

    static async Task<Results<Ok<Page<Encounter>>, ValidationProblem>> List(
        ClaimsPrincipal user, NpgsqlDataSource db, Guid? patientId = null, string? status = null, int? limit = null, string? cursor = null)
    {
        var v = new Validation();
        v.Check(Paging.TryCursor(cursor, out var after), "cursor", "is not a cursor this API returned.");
        v.Check(status is null or "open" or "completed", "status", "must be open or completed.");
        if (!v.IsValid) return v.Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<Row>(
            $"""
            {Select} WHERE tenant_id = @Tenant AND (@PatientId::uuid IS NULL OR patient_id = @PatientId)
              AND (@Status::text IS NULL OR status = @Status) AND id > @After ORDER BY id LIMIT @Take
            """, new { Tenant = user.TenantId(), PatientId = patientId, Status = status, After = after, Take = take + 1 })).Select(r => r.ToEncounter()).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, e => e.Id));
    }

    /// <summary>
    /// Sends the encounter to coding. The status flips once, in the transaction that records
    /// EncounterCompleted, so completing twice publishes once.
    /// </summary>
    static async Task<Results<Accepted<Encounter>, ProblemHttpResult>> Complete(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var encounter = (await connection.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE tenant_id = @tenant AND id = @id FOR UPDATE", new { tenant, id }, tx))?.ToEncounter();
        if (encounter is null) return Problems.NotFound($"No encounter {id}.");
        if (encounter.Status == "completed")
            return TypedResults.Accepted($"/api/encounters/{id}", encounter);

        var patient = (await connection.QuerySingleAsync<PatientsEndpoints.PatientRow>(
            $"{PatientsEndpoints.SelectPatient} WHERE tenant_id = @tenant AND id = @PatientId", new { tenant, encounter.PatientId }, tx)).ToPatient();
        var provider = (await ProvidersEndpoints.Find(connection, tenant, encounter.ProviderId, tx))!;
        var practice = await PracticeEndpoints.Find(connection, tenant, tx);
        var coverages = (await CoverageEndpoints.Load(connection, tenant, "c.patient_id = @Key", encounter.PatientId, tx))
            .Select(c => c.Coverage).Where(c => c.IsActiveOn(encounter.DateOfService)).ToList();
        var selfPay = coverages.Count == 0;
        var now = clock.GetUtcNow();

        await connection.ExecuteAsync(
            "UPDATE encounters SET status = 'completed', self_pay = @selfPay, completed_at = @now WHERE tenant_id = @tenant AND id = @id",
            new { selfPay, now, tenant, id }, tx);
        await Outbox.Enqueue(connection, tx, new EncounterCompleted(tenant, id,
            new PatientInfo(patient.Id, patient.Mrn, patient.FirstName, patient.LastName, patient.DateOfBirth, patient.Sex, patient.Address, patient.Phone),
            provider.ToInfo(), practice, coverages, selfPay, encounter.DateOfService, encounter.PlaceOfService, encounter.Note,
            encounter.PriorAuthorizationNumber, now) { ServiceFacility = encounter.ServiceFacility }, tenant);
        await tx.CommitAsync();
        return TypedResults.Accepted($"/api/encounters/{id}", encounter with { Status = "completed", SelfPay = selfPay, CompletedAt = now });
    }

    const string Select =
        """
        SELECT id, patient_id, provider_id, date_of_service, place_of_service, note, prior_authorization_number, status, self_pay,
               created_at, completed_at, facility_name, facility_npi, facility_line1, facility_line2, facility_city, facility_state, facility_zip
        FROM encounters
        """;

    static async Task<Encounter?> Find(NpgsqlConnection connection, Guid tenant, Guid id) =>
        (await connection.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE tenant_id = @tenant AND id = @id", new { tenant, id }))?.ToEncounter();

    sealed record Row
    {
        public Guid Id { get; init; }
        public Guid PatientId { get; init; }
        public Guid ProviderId { get; init; }
        public DateOnly DateOfService { get; init; }
        public string PlaceOfService { get; init; } = "";
        public string? Note { get; init; }
        public string? PriorAuthorizationNumber { get; init; }
        public string Status { get; init; } = "";
        public bool? SelfPay { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? CompletedAt { get; init; }
        public string? FacilityName { get; init; }
        public string? FacilityNpi { get; init; }
        public string? FacilityLine1 { get; init; }
        public string? FacilityLine2 { get; init; }
        public string? FacilityCity { get; init; }
        public string? FacilityState { get; init; }
        public string? FacilityZip { get; init; }

        public Encounter ToEncounter() => new()
        {
            Id = Id, PatientId = PatientId, ProviderId = ProviderId, DateOfService = DateOfService, PlaceOfService = PlaceOfService, Note = Note,
            PriorAuthorizationNumber = PriorAuthorizationNumber, Status = Status, SelfPay = SelfPay, CreatedAt = CreatedAt, CompletedAt = CompletedAt,
            ServiceFacility = FacilityName is null ? null
                : new ServiceFacility(FacilityName, FacilityNpi, new Address(FacilityLine1!, FacilityLine2, FacilityCity!, FacilityState!, FacilityZip!)),
        };
    }
}
