using System.Text.Json;
using Dapper;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Contracts.Coding;

namespace RevenueCycle.Claims.Corrections;

/// <summary>Where a correction of a claim is: its codes at coding, the corrected claim built, refused by the coding edits, or failed.</summary>
public static class CorrectionStatus
{
    public const string Coding = "coding";
    public const string Built = "built";
    public const string Refused = "refused";
    public const string Failed = "failed";
}

/// <summary>What a correction asked for, as kept until the coding edits answer.</summary>
public sealed record CorrectionRequested(IReadOnlyList<string> Diagnoses, IReadOnlyList<CodedProcedure> Procedures, string? PriorAuthorizationNumber);

/// <summary>
/// A correction of a claim as the API shows it: <c>coding</c> while the corrected codes are checked by Coding's edits; then
/// <c>built</c> (the corrected claim is <see cref="ReplacementClaimId"/>), <c>refused</c> (with the <see cref="Edits"/> that refused
/// it; the claim is unchanged) or <c>failed</c> (the claim changed meanwhile so that it can no longer be corrected: <see cref="Reason"/>).
/// </summary>
public sealed record ClaimCorrectionView(
    Guid Id, Guid ClaimId, string Status, IReadOnlyList<string> Diagnoses, IReadOnlyList<CodedProcedure> Procedures, string? PriorAuthorizationNumber,
    string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, Guid? ReplacementClaimId, string? Reason, IReadOnlyList<CodingEditFinding> Edits);

public sealed class ClaimCorrectionRow
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public Guid ClaimId { get; init; }
    public string Status { get; init; } = "";
    public string Request { get; init; } = "{}";
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public Guid? ReplacementClaimId { get; init; }
    public string? Reason { get; init; }
    public string Edits { get; init; } = "[]";

    public CorrectionRequested Requested() => JsonSerializer.Deserialize<CorrectionRequested>(Request, ClaimData.Json)!;

    public ClaimCorrectionView View()
    {
        var r = Requested();
        return new(Id, ClaimId, Status, r.Diagnoses, r.Procedures, r.PriorAuthorizationNumber, RequestedBy, RequestedAt, DecidedAt, ReplacementClaimId, Reason,
            JsonSerializer.Deserialize<List<CodingEditFinding>>(Edits, ClaimData.Json)!);
    }
}

public static class ClaimCorrectionStore
{
    const string Columns = "id, tenant_id, claim_id, status, request::text AS request, requested_by, requested_at, decided_at, replacement_claim_id, reason, edits::text AS edits";

    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, Guid tenant, Guid claimId, CorrectionRequested request,
        string requestedBy, DateTimeOffset at) =>
        connection.ExecuteAsync(
            """
            INSERT INTO claim_corrections (id, tenant_id, claim_id, status, request, requested_by, requested_at)
            VALUES (@Id, @Tenant, @ClaimId, 'coding', @Request::jsonb, @RequestedBy, @At)
            """, new { Id = id, Tenant = tenant, ClaimId = claimId, Request = JsonSerializer.Serialize(request, ClaimData.Json), RequestedBy = requestedBy, At = at }, tx);

    public static Task<bool> OpenForClaimAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid claimId) =>
        connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM claim_corrections WHERE claim_id = @ClaimId AND status = 'coding')", new { ClaimId = claimId }, tx);

    public static Task<ClaimCorrectionRow?> FindForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid id) =>
        connection.QuerySingleOrDefaultAsync<ClaimCorrectionRow>(
            $"SELECT {Columns} FROM claim_corrections WHERE tenant_id = @Tenant AND id = @Id FOR UPDATE", new { Tenant = tenant, Id = id }, tx);

    public static async Task<IReadOnlyList<ClaimCorrectionRow>> ForClaimAsync(NpgsqlConnection connection, Guid tenant, Guid claimId) =>
        (await connection.QueryAsync<ClaimCorrectionRow>(
            $"SELECT {Columns} FROM claim_corrections WHERE tenant_id = @Tenant AND claim_id = @ClaimId ORDER BY requested_at, id",
            new { Tenant = tenant, ClaimId = claimId })).ToList();

    public static Task DecideAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, string status, DateTimeOffset at, Guid? replacement,
        string? reason, IReadOnlyList<CodingEditFinding> edits) =>
        connection.ExecuteAsync(
            """
            UPDATE claim_corrections SET status = @Status, decided_at = @At, replacement_claim_id = @Replacement, reason = @Reason, edits = @Edits::jsonb
            WHERE id = @Id
            """, new { Id = id, Status = status, At = at, Replacement = replacement, Reason = reason, Edits = JsonSerializer.Serialize(edits, ClaimData.Json) }, tx);
}
