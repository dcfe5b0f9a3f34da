using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Edits;
using RevenueCycle.Coding.Worklist;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Coding.Audits;

public sealed record AuditRequest(DateOnly? From, DateOnly? To, int? Sample, string? Seed = null);

public sealed record AuditCreated(Guid Id, int Sampled, IReadOnlyList<Guid> EncounterIds);

public sealed record FindingRequest(string? Verdict, IReadOnlyList<string?>? Diagnoses = null, IReadOnlyList<ProcedureRequest?>? Procedures = null, string? Reason = null);

/// <summary>An encounter in a coding audit; <see cref="PatientId"/> names whose record it shows (the access audit records it as disclosed).</summary>
public sealed record AuditedEncounter(
    Guid EncounterId, Guid PatientId, int Position, string PatientName, DateOnly DateOfService, string? Note, string CodedBy,
    IReadOnlyList<string> Diagnoses, IReadOnlyList<ProcedureLine> Procedures,
    string? Verdict, IReadOnlyList<string>? CorrectedDiagnoses, IReadOnlyList<ProcedureLine>? CorrectedProcedures, string? Reason,
    string? AuditedBy, DateTimeOffset? AuditedAt, IReadOnlyList<string> Errors);

public sealed record CoderFigures(string CodedBy, int Encounters, int Audited, int EncountersRight, decimal? EncounterAccuracy, int CodesReviewed, int CodesRight, decimal? CodeAccuracy);

public sealed record AuditReport(
    int Sampled, int Audited, int EncountersRight, decimal? EncounterAccuracy, int CodesReviewed, int CodesRight, decimal? CodeAccuracy,
    IReadOnlyDictionary<string, int> ErrorKinds, IReadOnlyList<CoderFigures> Coders);

public sealed record AuditView(
    Guid Id, DateOnly From, DateOnly To, int SampleSize, string Seed, string CreatedBy, DateTimeOffset CreatedAt,
    IReadOnlyList<AuditedEncounter> Encounters, AuditReport Report);

/// <summary>
/// Coding audits: a reproducible random sample of the encounters coded in a period (the order is md5 of the seed and
/// the encounter id, so the same seed over the same coded encounters draws the same sample), the auditor's finding
/// per encounter, and the accuracy they add up to.
/// </summary>
public static class AuditEndpoints
{
    const int MaxSample = 500;

    public static RouteGroupBuilder MapAudits(this RouteGroupBuilder group)
    {
        group.MapPost("/audits", Create).WithTags("Coding audits");
        group.MapGet("/audits/{id:guid}", Get).WithTags("Coding audits");
        group.MapPut("/audits/{id:guid}/encounters/{encounterId:guid}", Record).WithTags("Coding audits");
        return group;
    }

    static async Task<Results<Created<AuditCreated>, ValidationProblem, ProblemHttpResult>> Create(AuditRequest request, ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http)
    {
        var v = new Validation();
        v.Check(request.From is not null, "from", "is required (YYYY-MM-DD), the first day of the coding period.");
        v.Check(request.To is not null, "to", "is required (YYYY-MM-DD), the last day of the coding period.");
        if (request.From is not null && request.To is not null) v.Check(request.From <= request.To, "to", "must not be before from.");
        v.Check(request.Sample is >= 1 and <= MaxSample, "sample", $"is required: how many encounters to draw, 1 to {MaxSample}.");
        if (request.Seed is not null) v.Check(request.Seed.Length is >= 1 and <= 100, "seed", "must be 1 to 100 characters.");
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        var id = Guid.CreateVersion7();
        var seed = request.Seed ?? id.ToString();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO coding_audits (id, tenant_id, coded_from, coded_to, sample_size, seed, created_by)
            VALUES (@id, @tenant, @From, @To, @Sample, @seed, @createdBy)
            """, new { id, tenant, request.From, request.To, request.Sample, seed, createdBy = WorklistEndpoints.KeyId(user) }, tx);
        var sampled = (await connection.QueryAsync<Guid>(
            """
            INSERT INTO coding_audit_encounters (audit_id, tenant_id, encounter_id, position, coded_by, diagnoses, procedures)
            SELECT @id, tenant_id, encounter_id, row_number() OVER (ORDER BY md5(@seed || encounter_id::text)), coalesce(coded_by, finalized_by), diagnoses, procedures
            FROM coding_items
            WHERE tenant_id = @tenant AND status = 'coded'
              AND finalized_at >= @From::date::timestamp AT TIME ZONE 'UTC'
              AND finalized_at < (@To::date + 1)::timestamp AT TIME ZONE 'UTC'
            ORDER BY md5(@seed || encounter_id::text)
            LIMIT @Sample
            RETURNING encounter_id
            """, new { id, tenant, seed, request.From, request.To, request.Sample }, tx)).ToList();
        if (sampled.Count == 0)
            return Problems.Unprocessable($"No encounter was coded from {request.From:yyyy-MM-dd} to {request.To:yyyy-MM-dd}: there is nothing to audit.");
        var ordered = (await connection.QueryAsync<Guid>(
            "SELECT encounter_id FROM coding_audit_encounters WHERE audit_id = @id ORDER BY position", new { id }, tx)).ToList();
        return await tx.CommitAsync(http, TypedResults.Created($"/api/coding/audits/{id}", new AuditCreated(id, ordered.Count, ordered)));
    }

    static async Task<Results<Ok<AuditView>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var view = await Load(connection, user.TenantId(), id);
        return view is null ? Problems.NotFound($"No coding audit {id}.") : TypedResults.Ok(view);
    }

    static async Task<Results<Ok<AuditedEncounter>, ValidationProblem, ProblemHttpResult>> Record(
        Guid id, Guid encounterId, FindingRequest request, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        var sampled = await connection.QuerySingleOrDefaultAsync<AuditRow>(
            $"{SelectEncounters} WHERE a.tenant_id = @tenant AND a.audit_id = @id AND a.encounter_id = @encounterId",
            new { tenant, id, encounterId });
        if (sampled is null) return Problems.NotFound($"Encounter {encounterId} is not in coding audit {id}.");

        var v = new Validation();
        v.Check(request.Verdict is "agrees" or "corrected", "verdict", "must be agrees or corrected.");
        List<string>? diagnoses = null;
        List<ProcedureLine>? procedures = null;
        if (request.Verdict == "corrected")
        {
            v.Check(request.Diagnoses is not null || request.Procedures is not null, "diagnoses",
                "a corrected verdict gives the right diagnoses, procedures or both.");
            v.Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "is required with a corrected verdict: say what the documentation supports.");
            diagnoses = request.Diagnoses is null ? null : ReadDiagnoses(request.Diagnoses, v);
            procedures = request.Procedures is null ? null : ReadProcedures(request.Procedures, v);
        }
        else
        {
            v.Check(request.Diagnoses is null && request.Procedures is null, "verdict", "agrees takes no corrected codes; use corrected.");
        }
        if (request.Reason is not null) v.Check(request.Reason.Length <= 2000, "reason", "must be at most 2000 characters.");
        if (!v.IsValid) return v.Problem();

        if (request.Verdict == "corrected")
        {
            diagnoses ??= StoredJson.Read<List<string>>(sampled.Diagnoses);
            procedures ??= StoredJson.Read<List<ProcedureLine>>(sampled.Procedures);
        }
        await connection.ExecuteAsync(
            """
            UPDATE coding_audit_encounters
            SET verdict = @Verdict, corrected_diagnoses = @Diagnoses::jsonb, corrected_procedures = @Procedures::jsonb,
                reason = @Reason, audited_by = @AuditedBy, audited_at = now()
            WHERE tenant_id = @tenant AND audit_id = @id AND encounter_id = @encounterId
            """,
            new
            {
                request.Verdict,
                Diagnoses = diagnoses is null ? null : StoredJson.Write(diagnoses),
                Procedures = procedures is null ? null : StoredJson.Write(procedures),
                Reason = request.Reason?.Trim(), AuditedBy = WorklistEndpoints.KeyId(user), tenant, id, encounterId,
            });
        var view = (await Load(connection, tenant, id))!;
        return TypedResults.Ok(view.Encounters.Single(e => e.EncounterId == encounterId));
    }

    static List<string> ReadDiagnoses(IReadOnlyList<string?> raw, Validation v)
    {
        var codes = new List<string>();
        for (var i = 0; i < raw.Count; i++)
        {
            if (v.Check(CodeFormat.TryNormalizeDiagnosis(raw[i], out var code), $"diagnoses[{i}]", $"'{raw[i]}' is not an ICD-10-CM code."))
                codes.Add(code);
        }
        return codes;
    }

    static List<ProcedureLine> ReadProcedures(IReadOnlyList<ProcedureRequest?> raw, Validation v)
    {
        var lines = new List<ProcedureLine>();
        for (var i = 0; i < raw.Count; i++)
        {
            var p = raw[i];
            var at = $"procedures[{i}]";
            if (!v.Check(p is not null, at, "must be a service line, not null.")) continue;
            var codeOk = v.Check(CodeFormat.TryNormalizeProcedure(p!.Code, out var code), $"{at}.code", $"'{p.Code}' is not a CPT or HCPCS code.");
            var unitsOk = v.Check(p.Units is > 0, $"{at}.units", "is required, a positive whole number.");
            var modifiers = new List<string>();
            var list = p.Modifiers ?? [];
            for (var m = 0; m < list.Count; m++)
                if (v.Check(CodeFormat.TryNormalizeModifier(list[m], out var modifier), $"{at}.modifiers[{m}]", $"'{list[m]}' is not a modifier."))
                    modifiers.Add(modifier);
            if (codeOk && unitsOk) lines.Add(new ProcedureLine(code, modifiers, p.Units!.Value, p.DiagnosisPointers ?? []));
        }
        return lines;
    }

    sealed record AuditHeader
    {
        public Guid Id { get; init; }
        public DateOnly CodedFrom { get; init; }
        public DateOnly CodedTo { get; init; }
        public int SampleSize { get; init; }
        public string Seed { get; init; } = "";
        public string CreatedBy { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }

    sealed record AuditRow
    {
        public Guid EncounterId { get; init; }
        public Guid PatientId { get; init; }
        public int Position { get; init; }
        public string PatientName { get; init; } = "";
        public DateOnly DateOfService { get; init; }
        public string? Note { get; init; }
        public string CodedBy { get; init; } = "";
        public string Diagnoses { get; init; } = "[]";
        public string Procedures { get; init; } = "[]";
        public string? Verdict { get; init; }
        public string? CorrectedDiagnoses { get; init; }
        public string? CorrectedProcedures { get; init; }
        public string? Reason { get; init; }
        public string? AuditedBy { get; init; }
        public DateTimeOffset? AuditedAt { get; init; }
    }

    const string SelectEncounters = """
        SELECT a.encounter_id, i.patient_id, a.position, i.patient_name, i.date_of_service, i.note, a.coded_by, a.diagnoses::text AS diagnoses,
               a.procedures::text AS procedures, a.verdict, a.corrected_diagnoses::text AS corrected_diagnoses,
               a.corrected_procedures::text AS corrected_procedures, a.reason, a.audited_by, a.audited_at
        FROM coding_audit_encounters a JOIN coding_items i ON i.tenant_id = a.tenant_id AND i.encounter_id = a.encounter_id
        """;

    static async Task<AuditView?> Load(NpgsqlConnection connection, Guid tenant, Guid id)
    {
        var header = await connection.QuerySingleOrDefaultAsync<AuditHeader>(
            "SELECT id, coded_from, coded_to, sample_size, seed, created_by, created_at FROM coding_audits WHERE tenant_id = @tenant AND id = @id",
            new { tenant, id });
        if (header is null) return null;
        var rows = (await connection.QueryAsync<AuditRow>(
            $"{SelectEncounters} WHERE a.tenant_id = @tenant AND a.audit_id = @id ORDER BY a.position", new { tenant, id })).ToList();

        var encounters = new List<AuditedEncounter>();
        var scores = new List<(string CodedBy, EncounterScore? Score)>();
        foreach (var r in rows)
        {
            var diagnoses = StoredJson.Read<List<string>>(r.Diagnoses);
            var procedures = StoredJson.Read<List<ProcedureLine>>(r.Procedures);
            var correctedDiagnoses = r.CorrectedDiagnoses is null ? null : StoredJson.Read<List<string>>(r.CorrectedDiagnoses);
            var correctedProcedures = r.CorrectedProcedures is null ? null : StoredJson.Read<List<ProcedureLine>>(r.CorrectedProcedures);
            EncounterScore? score = r.Verdict switch
            {
                "agrees" => AuditScoring.Agrees(diagnoses, procedures),
                "corrected" => AuditScoring.Score(diagnoses, procedures, correctedDiagnoses ?? diagnoses, correctedProcedures ?? procedures),
                _ => null,
            };
            scores.Add((r.CodedBy, score));
            encounters.Add(new AuditedEncounter(r.EncounterId, r.PatientId, r.Position, r.PatientName, r.DateOfService, r.Note, r.CodedBy, diagnoses, procedures,
                r.Verdict, correctedDiagnoses, correctedProcedures, r.Reason, r.AuditedBy, r.AuditedAt, score?.Errors ?? []));
        }
        return new AuditView(header.Id, header.CodedFrom, header.CodedTo, header.SampleSize, header.Seed, header.CreatedBy, header.CreatedAt,
            encounters, Report(scores));
    }

    static AuditReport Report(List<(string CodedBy, EncounterScore? Score)> scores)
    {
        var audited = scores.Where(s => s.Score is not null).Select(s => (s.CodedBy, Score: s.Score!)).ToList();
        var kinds = AuditErrorKinds.All.ToDictionary(k => k, k => audited.Sum(a => a.Score.Errors.Count(e => e == k)));
        var coders = scores.GroupBy(s => s.CodedBy).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var done = g.Where(s => s.Score is not null).Select(s => s.Score!).ToList();
            var right = done.Count(s => s.Right);
            var reviewed = done.Sum(s => s.CodesReviewed);
            var codesRight = done.Sum(s => s.CodesRight);
            return new CoderFigures(g.Key, g.Count(), done.Count, right, Share(right, done.Count), reviewed, codesRight, Share(codesRight, reviewed));
        }).ToList();
        var encountersRight = audited.Count(a => a.Score.Right);
        var codesReviewed = audited.Sum(a => a.Score.CodesReviewed);
        var codesRightTotal = audited.Sum(a => a.Score.CodesRight);
        return new AuditReport(scores.Count, audited.Count, encountersRight, Share(encountersRight, audited.Count),
            codesReviewed, codesRightTotal, Share(codesRightTotal, codesReviewed), kinds, coders);
    }

    static decimal? Share(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4);
}
