using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Edits;
using RevenueCycle.Contracts.Coding;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Messaging;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Coding.Worklist;

public sealed record ProcedureRequest(string? Code, IReadOnlyList<string?>? Modifiers, int? Units, IReadOnlyList<int>? DiagnosisPointers);

public sealed record CodingRequest(IReadOnlyList<string?>? Diagnoses, IReadOnlyList<ProcedureRequest?>? Procedures);

public sealed record WorklistItem(
    Guid EncounterId, Guid PatientId, string PatientName, DateOnly PatientDateOfBirth, string PatientSex, Guid ProviderId, string ProviderName,
    DateOnly DateOfService, string PlaceOfService, string? Note, string Status, DateTimeOffset ReceivedAt,
    string? CodedBy, DateTimeOffset? SavedAt, DateTimeOffset? FinalizedAt, string? Assignee = null, DateOnly? PendedUntil = null, int? CommentCount = null)
{
    public static WorklistItem From(CodingItemRow r) => new(
        r.EncounterId, r.PatientId, r.PatientName, r.PatientBirthDate, r.PatientSex, r.ProviderId, r.ProviderName,
        r.DateOfService, r.PlaceOfService, r.Note, r.Status, r.ReceivedAt, r.CodedBy, r.SavedAt, r.FinalizedAt);
}

public sealed record EncounterCoding(WorklistItem Encounter, IReadOnlyList<string> Diagnoses, IReadOnlyList<ProcedureLine> Procedures, IReadOnlyList<CodingEdit> Edits)
{
    public string Note => Encounter.Note ?? "";
}

public sealed record SavedCoding(string Status, IReadOnlyList<string> Diagnoses, IReadOnlyList<ProcedureLine> Procedures, IReadOnlyList<CodingEdit> Edits);

public sealed record FinalizedCoding(Guid EncounterId, string Status, string CodedBy, DateTimeOffset CodedAt, IReadOnlyList<CodingEdit> Edits);

public static class WorklistEndpoints
{
    // A request far beyond what a claim can carry (12 diagnoses, 50 service lines on an 837P) is a broken client, not a coding.
    const int MaxDiagnosesInRequest = 50;
    const int MaxProceduresInRequest = 50; // 837P loop 2400 repeats at most 50 times
    const int MaxListInLine = 12;

    static readonly IReadOnlyDictionary<string, (int From, int? To)> AgingBuckets = new Dictionary<string, (int, int?)>
    {
        ["0-30"] = (0, 30), ["31-60"] = (31, 60), ["61-90"] = (61, 90), ["91-120"] = (91, 120), ["120+"] = (121, null),
    };

    public static RouteGroupBuilder MapWorklist(this RouteGroupBuilder group)
    {
        group.MapGet("/worklist", List).WithTags("Coding work queue").WithDescription(
            "Encounters to code, status ready, in-progress or coded; providerId, agingBucket (0-30, 31-60, 61-90, 91-120, 120+ days since the date of service). " +
            "The coding work queue (items not yet coded; an item's id is its encounterId): assignee (a user id, or none), includePended=true (pended " +
            "encounters are hidden until their date), and each item's assignee, pendedUntil and commentCount. Paged (limit, cursor).");
        group.MapGet("/encounters/{encounterId:guid}", Get).WithTags("Coding work queue");
        group.MapPut("/encounters/{encounterId:guid}", Save).WithTags("Coding work queue");
        group.MapPost("/encounters/{encounterId:guid}/finalize", FinalizeCoding).WithTags("Coding work queue");
        return group;
    }

    // sort: received (when the encounter reached the queue; the default) or dateOfService; '-' first for descending.
    static readonly KeysetSort Sorts = new(new Dictionary<string, (string, SortValueKind, bool)>
    {
        ["received"] = ("received_at", SortValueKind.Instant, false),
        ["dateOfService"] = ("date_of_service", SortValueKind.Date, false),
    });

    static async Task<Results<Ok<Page<WorklistItem>>, ValidationProblem>> List(
        ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, string? status = null, Guid? providerId = null, string? agingBucket = null,
        string? assignee = null, bool? includePended = null, string? sort = null, int? limit = null, string? cursor = null)
    {
        var v = new Validation();
        var work = WorkFilter.Parse(v, WorkQueues.CodingQueues.Worklist, assignee, includePended, clock);
        v.Check(status is not CodingStatus.Coded || (assignee is null && includePended is null), "status", "is ready or in-progress (the work queue) when assignee or includePended is given.");
        v.Check(agingBucket is null || AgingBuckets.ContainsKey(agingBucket), "agingBucket", $"is one of {string.Join(", ", AgingBuckets.Keys)} (days since the date of service).");
        DateOnly? servedFrom = null, servedTo = null;
        if (agingBucket is not null && AgingBuckets.TryGetValue(agingBucket, out var bucket))
        {
            servedTo = work.Today.AddDays(-bucket.From);
            servedFrom = bucket.To is { } to ? work.Today.AddDays(-to) : null;
        }
        v.Check(status is null || CodingStatus.IsKnown(status), "status", "must be ready, in-progress or coded.");
        var order = Sorts.Parse(v, sort, "received", cursor, limit);
        if (!v.IsValid || order is null) return v.Problem();
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<CodingItemRow>(
            $"""
            SELECT {CodingItemRow.Columns} FROM coding_items
            WHERE tenant_id = @Tenant AND (@Status::text IS NULL OR status = @Status) AND {order.After("id")}
              AND (@ProviderId::uuid IS NULL OR provider_id = @ProviderId)
              AND (@ServedFrom::date IS NULL OR date_of_service >= @ServedFrom) AND (@ServedTo::date IS NULL OR date_of_service <= @ServedTo)
              AND (status = 'coded' OR {work.Sql("coding_items.encounter_id")})
            {order.Order("id")} LIMIT @Take
            """, work.With(new { Tenant = user.TenantId(), Status = status, ProviderId = providerId, ServedFrom = servedFrom, ServedTo = servedTo },
                order.Parameters))).ToList();
        var page = order.Page(rows, r => order.Sql == "received_at" ? r.ReceivedAt : r.DateOfService, r => r.Id);
        var fields = await work.LoadAsync(connection, user.TenantId(), page.Items.Select(r => r.EncounterId));
        // A coded encounter has left the queue: it shows no work fields.
        return TypedResults.Ok(new Page<WorklistItem>(page.Items.Select(r => r.Status == CodingStatus.Coded ? WorklistItem.From(r)
            : WorklistItem.From(r) with { Assignee = fields[r.EncounterId].Assignee, PendedUntil = fields[r.EncounterId].PendedUntil, CommentCount = fields[r.EncounterId].CommentCount }).ToList(),
            page.NextCursor));
    }

    static async Task<Results<Ok<EncounterCoding>, ProblemHttpResult>> Get(Guid encounterId, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        // One query, so no snapshot: a read-only transaction around it cost two more round trips (issue 20: a PM system or the
        // load tool asks for an encounter's coding one to three times an encounter).
        await using var connection = await db.OpenConnectionAsync();
        var row = await Find(connection, user.TenantId(), encounterId);
        if (row is null) return NotFound(encounterId);
        var coding = row.Coding();
        return TypedResults.Ok(new EncounterCoding(WorklistItem.From(row), coding.Diagnoses, coding.Procedures, StoredJson.Read<List<CodingEdit>>(row.Edits)));
    }

    /// <summary>Saves the coding as entered (normalized) with every edit it raises; the edits decide only whether it may be finalized.</summary>
    static async Task<Results<Ok<SavedCoding>, ValidationProblem, ProblemHttpResult>> Save(
        Guid encounterId, CodingRequest request, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var v = new Validation();
        var submission = Read(request, v);
        if (submission is null) return v.Problem();

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var row = await Find(connection, tenant, encounterId, tx, forUpdate: true);
        if (row is null) return NotFound(encounterId);
        if (row.Status == CodingStatus.Coded) return AlreadyCoded(row);

        var facts = row.Facts();
        var reference = await CodingReferenceDataQuery.LoadAsync(connection, facts, submission);
        var edits = CodingEditor.Check(facts, submission, reference);
        var normalized = submission.Normalized();
        await connection.ExecuteAsync(
            """
            UPDATE coding_items SET status = 'in-progress', diagnoses = @Diagnoses::jsonb, procedures = @Procedures::jsonb,
                   edits = @Edits::jsonb, coded_by = @CodedBy, saved_at = now()
            WHERE tenant_id = @Tenant AND encounter_id = @EncounterId
            """,
            new
            {
                Diagnoses = StoredJson.Write(normalized.Diagnoses), Procedures = StoredJson.Write(normalized.Procedures),
                Edits = StoredJson.Write(edits), CodedBy = KeyId(user), Tenant = tenant, EncounterId = encounterId,
            }, tx);
        await tx.CommitAsync();
        return TypedResults.Ok(new SavedCoding(CodingStatus.InProgress, normalized.Diagnoses, normalized.Procedures, edits));
    }

    /// <summary>
    /// Runs the edits again on the saved coding (the code sets may have changed since it was saved) and, when no
    /// error remains, marks it coded and records EncounterCoded in the same transaction.
    /// </summary>
    static async Task<Results<Accepted<FinalizedCoding>, ProblemHttpResult>> FinalizeCoding(Guid encounterId, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var row = await Find(connection, tenant, encounterId, tx, forUpdate: true);
        if (row is null) return NotFound(encounterId);
        if (row.Status == CodingStatus.Coded) return AlreadyCoded(row);
        if (row.Status == CodingStatus.Ready)
            return Problems.Unprocessable("Nothing is coded yet: save the codes with PUT first.",
                new Dictionary<string, object?> { ["edits"] = Array.Empty<CodingEdit>() });

        var facts = row.Facts();
        var coding = row.Coding();
        var reference = await CodingReferenceDataQuery.LoadAsync(connection, facts, coding);
        var edits = CodingEditor.Check(facts, coding, reference);
        var blocking = edits.Where(e => e.Severity == EditSeverity.Error).ToList();
        if (blocking.Count > 0)
        {
            await connection.ExecuteAsync("UPDATE coding_items SET edits = @Edits::jsonb WHERE tenant_id = @Tenant AND encounter_id = @EncounterId",
                new { Edits = StoredJson.Write(edits), Tenant = tenant, EncounterId = encounterId }, tx);
            await tx.CommitAsync();
            return Problems.Unprocessable(
                $"{blocking.Count} coding edit(s) must be resolved before the coding can be finalized: {string.Join(", ", blocking.Select(e => $"{e.Rule} at {e.Target}").Distinct())}.",
                new Dictionary<string, object?> { ["edits"] = blocking });
        }

        var codedBy = row.CodedBy ?? KeyId(user);
        var codedAt = clock.GetUtcNow();
        await connection.ExecuteAsync(
            """
            UPDATE coding_items SET status = 'coded', edits = @Edits::jsonb, finalized_by = @FinalizedBy, finalized_at = @CodedAt
            WHERE tenant_id = @Tenant AND encounter_id = @EncounterId
            """, new { Edits = StoredJson.Write(edits), FinalizedBy = KeyId(user), CodedAt = codedAt, Tenant = tenant, EncounterId = encounterId }, tx);
        await Outbox.Enqueue(connection, tx, new EncounterCoded(
            tenant, encounterId, row.CompletedEvent(), coding.Diagnoses,
            coding.Procedures.Select(p => new CodedProcedure(p.Code, p.Modifiers, p.Units, p.DiagnosisPointers)).ToList(),
            codedBy, codedAt), tenant);
        return await tx.CommitAsync(http, TypedResults.Accepted($"/api/coding/encounters/{encounterId}", new FinalizedCoding(encounterId, CodingStatus.Coded, codedBy, codedAt, edits)));
    }

    /// <summary>
    /// Turns the body into a submission, or names every field that is structurally wrong. Codes of the wrong shape
    /// are not refused here: they are the coder's business and come back as CODE-FORMAT edits.
    /// </summary>
    static CodingSubmission? Read(CodingRequest request, Validation v)
    {
        if (v.Check(request.Diagnoses is not null, "diagnoses", "is required (an array of ICD-10-CM codes, principal first)."))
        {
            v.Check(request.Diagnoses!.Count <= MaxDiagnosesInRequest, "diagnoses", $"must have at most {MaxDiagnosesInRequest} entries.");
            for (var i = 0; i < request.Diagnoses.Count; i++)
                v.Check(request.Diagnoses[i] is not null, $"diagnoses[{i}]", "must be a code, not null.");
        }
        if (v.Check(request.Procedures is not null, "procedures", "is required (an array of service lines)."))
        {
            v.Check(request.Procedures!.Count <= MaxProceduresInRequest, "procedures", $"must have at most {MaxProceduresInRequest} entries.");
            for (var i = 0; i < request.Procedures.Count; i++)
            {
                var p = request.Procedures[i];
                var at = $"procedures[{i}]";
                if (!v.Check(p is not null, at, "must be a service line, not null.")) continue;
                v.Check(p!.Code is not null, $"{at}.code", "is required.");
                v.Check(p.Units is not null, $"{at}.units", "is required (a whole number of units).");
                if (p.Modifiers is not null)
                {
                    v.Check(p.Modifiers.Count <= MaxListInLine, $"{at}.modifiers", $"must have at most {MaxListInLine} entries.");
                    for (var m = 0; m < p.Modifiers.Count; m++)
                        v.Check(p.Modifiers[m] is not null, $"{at}.modifiers[{m}]", "must be a modifier, not null.");
                }
                if (p.DiagnosisPointers is not null)
                    v.Check(p.DiagnosisPointers.Count <= MaxListInLine, $"{at}.diagnosisPointers", $"must have at most {MaxListInLine} entries.");
            }
        }
        if (!v.IsValid) return null;
        return new CodingSubmission(
            request.Diagnoses!.Select(d => d!).ToList(),
            request.Procedures!.Select(p => new ProcedureLine(p!.Code!, (p.Modifiers ?? []).Select(m => m!).ToList(), p.Units!.Value, p.DiagnosisPointers ?? [])).ToList());
    }

    /// <summary>Who codes: the staff user of a signed-in session, else the API key (the name is kept from before sessions, to merge cleanly).</summary>
    internal static string KeyId(ClaimsPrincipal user) =>
        user.ActorId() ?? throw new UnauthorizedAccessException("The request carries no API key or user id.");

    internal static Task<CodingItemRow?> Find(NpgsqlConnection connection, Guid tenant, Guid encounterId, NpgsqlTransaction? tx = null, bool forUpdate = false) =>
        connection.QuerySingleOrDefaultAsync<CodingItemRow>(
            $"SELECT {CodingItemRow.Columns} FROM coding_items WHERE tenant_id = @tenant AND encounter_id = @encounterId{(forUpdate ? " FOR UPDATE" : "")}",
            new { tenant, encounterId }, tx);

    static ProblemHttpResult NotFound(Guid encounterId) =>
        Problems.NotFound($"No encounter {encounterId} is on this practice's coding work queue.");

    static ProblemHttpResult AlreadyCoded(CodingItemRow row) =>
        Problems.Conflict($"Encounter {row.EncounterId} is already coded (finalized {row.FinalizedAt:u}); its codes can no longer change here.",
            new Dictionary<string, object?> { ["status"] = row.Status });
}
