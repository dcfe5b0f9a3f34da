using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.Registration.Patients;
using RevenueCycle.Registration.Payers;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Messaging;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Registration.Coverage;

public sealed record SubscriberRequest(string FirstName, string LastName, DateOnly DateOfBirth, string Sex, Address Address);

/// <summary>
/// <see cref="PayerId"/> is the id of a payer registered with POST /api/payers; <see cref="PatientMemberId"/> the
/// patient's own member id when a dependent has one (see <see cref="Contracts.Registration.Coverage.PatientMemberId"/>);
/// <see cref="MedicareSecondaryPayerType"/> why Medicare is not primary, on a secondary or tertiary Medicare coverage (837P SBR05).
/// </summary>
public sealed record CoverageRequest(
    Guid PayerId, string MemberId, string? GroupNumber, string Priority, string Relationship, SubscriberRequest? Subscriber,
    DateOnly EffectiveFrom, DateOnly? EffectiveTo = null, string? PatientMemberId = null, string? MedicareSecondaryPayerType = null);

/// <summary>
/// A patient's insurance. At most one coverage of each priority is active on any day, so the
/// primary payer of a date of service is never ambiguous.
/// </summary>
public static class CoverageEndpoints
{
    const int MaxMemberId = 80;   // NM1*IL 09
    const int MaxGroupNumber = 50; // SBR03
    static readonly string[] Priorities = ["primary", "secondary", "tertiary"];
    static readonly string[] Relationships = ["self", "spouse", "child", "other"];

    public static RouteGroupBuilder MapPatientCoverages(this RouteGroupBuilder patients)
    {
        patients.MapPost("/{patientId:guid}/coverages", Create).WithTags("Coverages");
        patients.MapGet("/{patientId:guid}/coverages", ListForPatient).WithTags("Coverages");
        return patients;
    }

    public static RouteGroupBuilder MapCoverages(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}", Get);
        group.MapPut("/{id:guid}", Update);
        return group;
    }

    static async Task<Results<Created<CreatedId>, ValidationProblem, ProblemHttpResult>> Create(
        Guid patientId, CoverageRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http)
    {
        var v = Validate(request);
        if (!v.IsValid) return v.Problem();
        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (!await LockPatient(connection, tx, tenant, patientId)) return Problems.NotFound($"No patient {patientId}.");
        var payer = await PayersEndpoints.Find(connection, tenant, request.PayerId, tx);
        if (payer is null) return v.Error("payerId", $"No payer {request.PayerId} is registered for this practice (POST /api/payers).").Problem();
        if (await Overlapping(connection, tx, tenant, patientId, null, request) is { } clash) return clash;

        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            """
            INSERT INTO coverages (id, tenant_id, patient_id, payer_ref, member_id, patient_member_id, group_number, priority, relationship,
                subscriber_first_name, subscriber_last_name, subscriber_dob, subscriber_sex, subscriber_line1, subscriber_line2,
                subscriber_city, subscriber_state, subscriber_zip, effective_from, effective_to, medicare_secondary_payer_type)
            VALUES (@Id, @Tenant, @PatientId, @PayerRef, @MemberId, @PatientMemberId, @GroupNumber, @Priority, @Relationship,
                @SFirst, @SLast, @SDob, @SSex, @SLine1, @SLine2, @SCity, @SState, @SZip, @EffectiveFrom, @EffectiveTo, @MedicareSecondaryPayerType)
            """, Params(id, tenant, patientId, request), tx);
        await Publish(connection, tx, tenant, id, clock);
        return await tx.CommitAsync(http, TypedResults.Created($"/api/coverages/{id}", new CreatedId(id)));
    }

    static async Task<Results<Ok<Contracts.Registration.Coverage>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, CoverageRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock)
    {
        var v = Validate(request);
        if (!v.IsValid) return v.Problem();
        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var patientId = await connection.ExecuteScalarAsync<Guid?>("SELECT patient_id FROM coverages WHERE tenant_id = @tenant AND id = @id", new { tenant, id }, tx);
        if (patientId is null || !await LockPatient(connection, tx, tenant, patientId.Value)) return Problems.NotFound($"No coverage {id}.");
        if (await PayersEndpoints.Find(connection, tenant, request.PayerId, tx) is null)
            return v.Error("payerId", $"No payer {request.PayerId} is registered for this practice (POST /api/payers).").Problem();
        if (await Overlapping(connection, tx, tenant, patientId.Value, id, request) is { } clash) return clash;
        await connection.ExecuteAsync(
            """
            UPDATE coverages SET payer_ref = @PayerRef, member_id = @MemberId, patient_member_id = @PatientMemberId, group_number = @GroupNumber, priority = @Priority,
                relationship = @Relationship, subscriber_first_name = @SFirst, subscriber_last_name = @SLast, subscriber_dob = @SDob,
                subscriber_sex = @SSex, subscriber_line1 = @SLine1, subscriber_line2 = @SLine2, subscriber_city = @SCity,
                subscriber_state = @SState, subscriber_zip = @SZip, effective_from = @EffectiveFrom, effective_to = @EffectiveTo,
                medicare_secondary_payer_type = @MedicareSecondaryPayerType, updated_at = now()
            WHERE tenant_id = @Tenant AND id = @Id
            """, Params(id, tenant, patientId.Value, request), tx);
        var coverage = await Publish(connection, tx, tenant, id, clock);
        await tx.CommitAsync();
        return TypedResults.Ok(coverage);
    }

    static async Task<Results<Ok<Contracts.Registration.Coverage>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var found = (await Load(connection, user.TenantId(), "c.id = @Key", id)).SingleOrDefault();
        return found is null ? Problems.NotFound($"No coverage {id}.") : TypedResults.Ok(found.Coverage);
    }

    static async Task<Results<Ok<Page<Contracts.Registration.Coverage>>, ProblemHttpResult>> ListForPatient(Guid patientId, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var tenant = user.TenantId();
        if (await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM patients WHERE tenant_id = @tenant AND id = @patientId", new { tenant, patientId }) == 0)
            return Problems.NotFound($"No patient {patientId}.");
        var coverages = (await Load(connection, tenant, "c.patient_id = @Key", patientId)).Select(c => c.Coverage).ToList();
        return TypedResults.Ok(new Page<Contracts.Registration.Coverage>(coverages, null));
    }

    static Validation Validate(CoverageRequest r)
    {
        var v = new Validation();
        v.Check(r.PayerId != Guid.Empty, "payerId", "is required: the id of a payer from POST /api/payers.");
        if (v.Required(r.MemberId, "memberId"))
            v.Check(IsMemberId(r.MemberId), "memberId", $"must be letters, digits or dashes, at most {MaxMemberId}.");
        if (r.PatientMemberId is not null)
        {
            if (r.Relationship == "self") v.Error("patientMemberId", "must be left out when the patient is the subscriber (their id is memberId).");
            else v.Check(IsMemberId(r.PatientMemberId), "patientMemberId", $"must be letters, digits or dashes, at most {MaxMemberId}.");
        }
        if (r.GroupNumber is not null) v.Check(r.GroupNumber.Length <= MaxGroupNumber, "groupNumber", $"must be at most {MaxGroupNumber} characters.");
        v.Check(Priorities.Contains(r.Priority), "priority", "must be primary, secondary or tertiary.");
        v.Check(Relationships.Contains(r.Relationship), "relationship", "must be self, spouse, child or other.");
        v.Check(r.EffectiveFrom != default, "effectiveFrom", "is required (YYYY-MM-DD).");
        if (r.MedicareSecondaryPayerType is { } msp)
        {
            v.Check(MedicareSecondaryPayerTypes.Codes.ContainsKey(msp), "medicareSecondaryPayerType",
                $"must be a Medicare secondary payer type (837P SBR05): {string.Join(", ", MedicareSecondaryPayerTypes.Codes.Select(c => $"{c.Key} {c.Value}"))}.");
            v.Check(r.Priority is not "primary", "medicareSecondaryPayerType", "says why Medicare is not primary: leave it out of a primary coverage.");
        }
        if (r.EffectiveTo is { } to) v.Check(to >= r.EffectiveFrom, "effectiveTo", "must not be before effectiveFrom.");
        if (r.Relationship is not "self" && Relationships.Contains(r.Relationship))
        {
            if (r.Subscriber is null) v.Error("subscriber", "is required when the patient is not the subscriber (837P loop 2010BA).");
            else
            {
                v.Required(r.Subscriber.FirstName, "subscriber.firstName");
                v.Required(r.Subscriber.LastName, "subscriber.lastName");
                v.Check(r.Subscriber.DateOfBirth != default && r.Subscriber.DateOfBirth.Year >= 1900, "subscriber.dateOfBirth", "is required (YYYY-MM-DD).");
                v.Check(r.Subscriber.Sex is "F" or "M" or "U", "subscriber.sex", "must be F, M or U.");
                AddressRules.Validate(v, r.Subscriber.Address, "subscriber.address");
            }
        }
        else if (r.Subscriber is not null) v.Error("subscriber", "must be left out when the patient is the subscriber (relationship self).");
        return v;
    }

    static bool IsMemberId(string id) => id.Length is > 0 and <= MaxMemberId && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    static async Task<bool> LockPatient(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid patientId) =>
        await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM patients WHERE tenant_id = @tenant AND id = @patientId FOR UPDATE", new { tenant, patientId }, tx) is not null;

    static async Task<ProblemHttpResult?> Overlapping(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid patientId, Guid? except, CoverageRequest r)
    {
        var clash = await connection.QueryFirstOrDefaultAsync<Guid?>(
            """
            SELECT id FROM coverages
            WHERE tenant_id = @tenant AND patient_id = @patientId AND priority = @Priority AND (@except::uuid IS NULL OR id <> @except)
              AND daterange(effective_from, effective_to, '[]') && daterange(@EffectiveFrom, @EffectiveTo, '[]')
            """, new { tenant, patientId, r.Priority, except, r.EffectiveFrom, r.EffectiveTo }, tx);
        return clash is null ? null : Problems.Conflict(
            $"The patient already has a {r.Priority} coverage active in that period; terminate it first (PUT /api/coverages/{clash} with effectiveTo).",
            new Dictionary<string, object?> { ["existingId"] = clash, ["field"] = "priority" });
    }

    static object Params(Guid id, Guid tenant, Guid patientId, CoverageRequest r)
    {
        var s = r.Relationship == "self" ? null : r.Subscriber;
        var a = s is null ? null : AddressRules.Normalize(s.Address);
        return new
        {
            Id = id, Tenant = tenant, PatientId = patientId, PayerRef = r.PayerId, MemberId = r.MemberId.Trim(), PatientMemberId = r.Relationship == "self" ? null : r.PatientMemberId?.Trim(), r.GroupNumber, r.Priority, r.Relationship,
            SFirst = s?.FirstName.Trim(), SLast = s?.LastName.Trim(), SDob = s?.DateOfBirth, SSex = s?.Sex,
            SLine1 = a?.Line1, SLine2 = a?.Line2, SCity = a?.City, SState = a?.State, SZip = a?.Zip, r.EffectiveFrom, r.EffectiveTo, r.MedicareSecondaryPayerType,
        };
    }

    static async Task<Contracts.Registration.Coverage> Publish(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid id, TimeProvider clock)
    {
        var loaded = (await Load(connection, tenant, "c.id = @Key", id, tx)).Single();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await Outbox.Enqueue(connection, tx, new CoverageChanged(tenant, loaded.PatientId, loaded.Coverage, loaded.Coverage.IsActiveOn(today), clock.GetUtcNow()), tenant);
        return loaded.Coverage;
    }

    /// <summary>A coverage with its patient's demographics (the person a 270 asks about when a dependent).</summary>
    public sealed record Loaded(Guid PatientId, Contracts.Registration.Coverage Coverage, Subscriber Patient);

    /// <summary>Coverages with their payer and subscriber (the patient when the relationship is self).</summary>
    public static async Task<IReadOnlyList<Loaded>> Load(NpgsqlConnection connection, Guid tenant, string where, Guid key, NpgsqlTransaction? tx = null)
    {
        var rows = await connection.QueryAsync<Row>(
            $"""
            SELECT c.id, c.patient_id, c.member_id, c.patient_member_id, c.medicare_secondary_payer_type, c.group_number, c.priority, c.relationship, c.effective_from, c.effective_to,
                   c.subscriber_first_name, c.subscriber_last_name, c.subscriber_dob, c.subscriber_sex, c.subscriber_line1,
                   c.subscriber_line2, c.subscriber_city, c.subscriber_state, c.subscriber_zip,
                   p.first_name, p.last_name, p.date_of_birth, p.sex, p.address_line1, p.address_line2, p.city, p.state, p.zip,
                   y.id AS payer_ref, y.name AS payer_name, y.payer_id, y.claim_filing_code, y.timely_filing_days, y.clearinghouse
            FROM coverages c
            JOIN patients p ON p.id = c.patient_id AND p.tenant_id = c.tenant_id
            JOIN payers y ON y.id = c.payer_ref AND y.tenant_id = c.tenant_id
            WHERE c.tenant_id = @tenant AND {where}
            ORDER BY CASE c.priority WHEN 'primary' THEN 1 WHEN 'secondary' THEN 2 ELSE 3 END, c.effective_from
            """, new { tenant, Key = key }, tx);
        return rows.Select(r => new Loaded(r.PatientId, r.ToCoverage(), r.ToPatient())).ToList();
    }

    sealed record Row
    {
        public Guid Id { get; init; }
        public Guid PatientId { get; init; }
        public string MemberId { get; init; } = "";
        public string? PatientMemberId { get; init; }
        public string? MedicareSecondaryPayerType { get; init; }
        public string? GroupNumber { get; init; }
        public string Priority { get; init; } = "";
        public string Relationship { get; init; } = "";
        public DateOnly EffectiveFrom { get; init; }
        public DateOnly? EffectiveTo { get; init; }
        public string? SubscriberFirstName { get; init; }
        public string? SubscriberLastName { get; init; }
        public DateOnly? SubscriberDob { get; init; }
        public string? SubscriberSex { get; init; }
        public string? SubscriberLine1 { get; init; }
        public string? SubscriberLine2 { get; init; }
        public string? SubscriberCity { get; init; }
        public string? SubscriberState { get; init; }
        public string? SubscriberZip { get; init; }
        public string FirstName { get; init; } = "";
        public string LastName { get; init; } = "";
        public DateOnly DateOfBirth { get; init; }
        public string Sex { get; init; } = "";
        public string AddressLine1 { get; init; } = "";
        public string? AddressLine2 { get; init; }
        public string City { get; init; } = "";
        public string State { get; init; } = "";
        public string Zip { get; init; } = "";
        public Guid PayerRef { get; init; }
        public string PayerName { get; init; } = "";
        public string PayerId { get; init; } = "";
        public string ClaimFilingCode { get; init; } = "";
        public int TimelyFilingDays { get; init; }
        public string Clearinghouse { get; init; } = "";

        public Subscriber ToPatient() => new(FirstName, LastName, DateOfBirth, Sex, new Address(AddressLine1, AddressLine2, City, State, Zip));

        public Contracts.Registration.Coverage ToCoverage()
        {
            var subscriber = Relationship == "self"
                ? ToPatient()
                : new Subscriber(SubscriberFirstName!, SubscriberLastName!, SubscriberDob!.Value, SubscriberSex!,
                    new Address(SubscriberLine1!, SubscriberLine2, SubscriberCity!, SubscriberState!, SubscriberZip!));
            return new Contracts.Registration.Coverage(Id, new PayerInfo(PayerRef, PayerName, PayerId, ClaimFilingCode, TimelyFilingDays, Clearinghouse),
                MemberId, GroupNumber, Priority, Relationship, subscriber, EffectiveFrom, EffectiveTo) { PatientMemberId = PatientMemberId, MedicareSecondaryPayerType = MedicareSecondaryPayerType };
        }
    }
}

public static class CoverageDates
{
    public static bool IsActiveOn(this Contracts.Registration.Coverage c, DateOnly day) =>
        c.EffectiveFrom <= day && (c.EffectiveTo is null || c.EffectiveTo >= day);
}
