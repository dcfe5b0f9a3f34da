using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Coding.Edits;
using RevenueCycle.Coding.Worklist;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Coding.Corrections;

/// <summary>One correction of an encounter's codes after its claim was answered: what it replaced, the edits, the outcome.</summary>
public sealed record CodingCorrectionView(
    Guid CorrectionId, Guid ClaimId, string Outcome, string? Reason, string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset DecidedAt,
    IReadOnlyList<string>? PreviousDiagnoses, IReadOnlyList<ProcedureLine>? PreviousProcedures,
    IReadOnlyList<string> Diagnoses, IReadOnlyList<ProcedureLine> Procedures, IReadOnlyList<CodingEdit> Edits);

public static class CodingCorrectionsEndpoints
{
    public static RouteGroupBuilder MapCodingCorrections(this RouteGroupBuilder group)
    {
        group.MapGet("/encounters/{encounterId:guid}/corrections", List).WithTags("Coding work queue");
        return group;
    }

    sealed class Row
    {
        public Guid CorrectionId { get; init; }
        public Guid ClaimId { get; init; }
        public string Outcome { get; init; } = "";
        public string? Reason { get; init; }
        public string RequestedBy { get; init; } = "";
        public DateTimeOffset RequestedAt { get; init; }
        public DateTimeOffset DecidedAt { get; init; }
        public string? PreviousDiagnoses { get; init; }
        public string? PreviousProcedures { get; init; }
        public string Diagnoses { get; init; } = "[]";
        public string Procedures { get; init; } = "[]";
        public string Edits { get; init; } = "[]";
    }

    /// <summary>Every correction of the encounter's codes sent from a claim, oldest first (a coder sees why the codes changed).</summary>
    static async Task<Results<Ok<IReadOnlyList<CodingCorrectionView>>, ProblemHttpResult>> List(Guid encounterId, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        if (await WorklistEndpoints.Find(connection, tenant, encounterId) is null)
            return Problems.NotFound($"No encounter {encounterId} is on this practice's coding work queue.");
        var rows = await connection.QueryAsync<Row>(
            """
            SELECT correction_id, claim_id, outcome, reason, requested_by, requested_at, decided_at, previous_diagnoses::text AS previous_diagnoses,
                   previous_procedures::text AS previous_procedures, diagnoses::text AS diagnoses, procedures::text AS procedures, edits::text AS edits
            FROM coding_corrections WHERE tenant_id = @Tenant AND encounter_id = @EncounterId ORDER BY decided_at, correction_id
            """, new { Tenant = tenant, EncounterId = encounterId });
        return TypedResults.Ok<IReadOnlyList<CodingCorrectionView>>(rows.Select(r => new CodingCorrectionView(
            r.CorrectionId, r.ClaimId, r.Outcome, r.Reason, r.RequestedBy, r.RequestedAt, r.DecidedAt,
            r.PreviousDiagnoses is null ? null : StoredJson.Read<List<string>>(r.PreviousDiagnoses),
            r.PreviousProcedures is null ? null : StoredJson.Read<List<ProcedureLine>>(r.PreviousProcedures),
            StoredJson.Read<List<string>>(r.Diagnoses), StoredJson.Read<List<ProcedureLine>>(r.Procedures), StoredJson.Read<List<CodingEdit>>(r.Edits))).ToList());
    }
}
