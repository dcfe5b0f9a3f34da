using System.Text.Json;
using Dapper;
using Npgsql;

namespace RevenueCycle.Claims.Building;

public sealed record ClaimRow
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public Guid EncounterId { get; init; }
    public Guid PatientId { get; init; }
    public string PatientControlNumber { get; init; } = "";
    public string? PayerClaimNumber { get; init; }
    public string Status { get; init; } = "";
    public int Frequency { get; init; }
    public string Responsibility { get; init; } = "primary";
    public Guid? ReplacesClaimId { get; init; }
    public Guid PayerRef { get; init; }
    public string PayerId { get; init; } = "";
    public string PayerName { get; init; } = "";
    public string Route { get; init; } = "";
    public DateOnly DateOfService { get; init; }
    public decimal TotalCharge { get; init; }
    public string Data { get; init; } = "{}";
    public string Edits { get; init; } = "[]";
    public string? Denial { get; init; }
    public Guid? LastBatchId { get; init; }
    public Guid? CrossedOverTo { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The timely-filing limit (computed by the database from the claim's data; null when the payer has none).</summary>
    public DateOnly? FilingDeadline { get; init; }

    /// <summary>Where the appeal window opens: the remittance that denied or partly paid, or the decision that upheld an appeal.</summary>
    public DateOnly? AppealWindowFrom { get; init; }

    public ClaimData ClaimData() => Building.ClaimData.FromJson(Data);

    public IReadOnlyList<ScrubEdit> EditList() => JsonSerializer.Deserialize<List<ScrubEdit>>(Edits, Building.ClaimData.Json) ?? [];
}

/// <summary>The claims table and its history: every change of status is one history row, in the caller's transaction.</summary>
public static class ClaimStore
{
    public const string Columns =
        """
        id, tenant_id, encounter_id, patient_id, patient_control_number, payer_claim_number, status, frequency, responsibility,
        replaces_claim_id, payer_ref, payer_id, payer_name, route, date_of_service, total_charge, data::text AS data,
        edits::text AS edits, denial::text AS denial, last_batch_id, created_at, crossed_over_to, filing_deadline, appeal_window_from
        """;

    public static Task<ClaimRow?> FindForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid id) =>
        connection.QuerySingleOrDefaultAsync<ClaimRow>(
            $"SELECT {Columns} FROM claims WHERE tenant_id = @Tenant AND id = @Id FOR UPDATE", new { Tenant = tenant, Id = id }, tx);

    public static Task<ClaimRow?> FindAsync(NpgsqlConnection connection, Guid tenant, Guid id) =>
        connection.QuerySingleOrDefaultAsync<ClaimRow>(
            $"SELECT {Columns} FROM claims WHERE tenant_id = @Tenant AND id = @Id", new { Tenant = tenant, Id = id });

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimRow row, ClaimData data, string detail)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO claims (id, tenant_id, encounter_id, patient_id, patient_control_number, payer_claim_number, status, frequency,
                                responsibility, replaces_claim_id, payer_ref, payer_id, payer_name, route, date_of_service, total_charge, data)
            VALUES (@Id, @TenantId, @EncounterId, @PatientId, @PatientControlNumber, @PayerClaimNumber, @Status, @Frequency,
                    @Responsibility, @ReplacesClaimId, @PayerRef, @PayerId, @PayerName, @Route, @DateOfService, @TotalCharge, @Data::jsonb)
            """,
            row with { Data = data.ToJson(), TotalCharge = data.TotalCharge }, tx);
        await AddHistoryAsync(connection, tx, row.TenantId, row.Id, row.Status, detail);
    }

    public static Task SaveDataAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, ClaimData data) =>
        connection.ExecuteAsync(
            "UPDATE claims SET data = @Data::jsonb, total_charge = @Total, updated_at = now() WHERE id = @Id",
            new { Id = id, Data = data.ToJson(), Total = data.TotalCharge }, tx);

    /// <summary>
    /// A claim bills the payer of its coverage: when a coverage change (CoverageChanged) names another payer, the
    /// claim's payer columns — what scrubbing (payer rules), batching (tenant + payer) and ClaimSubmitted read — follow
    /// its data, with a history row. Returns the row as it now is.
    /// </summary>
    public static async Task<ClaimRow> FollowPayerAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimRow claim, ClaimData data)
    {
        var payer = data.Coverage.Payer;
        var route = Routes.For(payer);
        if (claim.PayerRef == payer.Id && claim.PayerId == payer.PayerId && claim.PayerName == payer.Name && claim.Route == route) return claim;
        var moved = claim with { PayerRef = payer.Id, PayerId = payer.PayerId, PayerName = payer.Name, Route = route };
        await connection.ExecuteAsync(
            "UPDATE claims SET payer_ref = @PayerRef, payer_id = @PayerId, payer_name = @PayerName, route = @Route, updated_at = now() WHERE id = @Id",
            moved, tx);
        await AddHistoryAsync(connection, tx, claim.TenantId, claim.Id, claim.Status,
            $"Payer changed by registration: {claim.PayerName} ({claim.PayerId}) to {payer.Name} ({payer.PayerId}).");
        return moved;
    }

    public static Task SaveEditsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, IReadOnlyList<ScrubEdit> edits) =>
        connection.ExecuteAsync("UPDATE claims SET edits = @Edits::jsonb WHERE id = @Id",
            new { Id = id, Edits = JsonSerializer.Serialize(edits, ClaimData.Json) }, tx);

    /// <summary>
    /// Moves the claim by <paramref name="event"/> through the lifecycle table (<see cref="ClaimLifecycle"/>), with its history row;
    /// an event that does not apply to the claim's status is refused (<see cref="IllegalClaimTransitionException"/>) and nothing changes.
    /// Returns the new status.
    /// </summary>
    /// <remarks>
    /// One round trip (issue 20: a claim moves four or five times per encounter). The event's rows of the lifecycle table go with
    /// the statement, so the update applies the one whose From is the claim's status as it is once the row is locked (a concurrent
    /// change is seen, as with SELECT … FOR UPDATE before); only a refused event reads the status again, to name it.
    /// </remarks>
    public static async Task<string> TransitionAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid id, ClaimEvent @event, string? detail)
    {
        var (from, to) = Rows(@event);
        var moved = await connection.ExecuteScalarAsync<string?>(
            """
            WITH moved AS (
                UPDATE claims c SET status = t.to_status, updated_at = now()
                FROM unnest(@From::text[], @To::text[]) AS t(from_status, to_status)
                WHERE c.tenant_id = @Tenant AND c.id = @Id AND c.status = t.from_status
                RETURNING c.status),
            history AS (
                INSERT INTO claim_history (tenant_id, claim_id, status, detail) SELECT @Tenant, @Id, status, @Detail FROM moved)
            SELECT status FROM moved
            """, new { Tenant = tenant, Id = id, From = from, To = to, Detail = detail }, tx);
        if (moved is not null) return moved;
        var status = await connection.ExecuteScalarAsync<string>(
            "SELECT status FROM claims WHERE tenant_id = @Tenant AND id = @Id", new { Tenant = tenant, Id = id }, tx)
            ?? throw new InvalidOperationException($"No claim {id} of tenant {tenant}.");
        throw new IllegalClaimTransitionException(id, status, @event);
    }

    static readonly Dictionary<ClaimEvent, (string[] From, string[] To)> RowsByEvent = ClaimLifecycle.Transitions
        .GroupBy(t => t.Event)
        .ToDictionary(g => g.Key, g => (g.Select(t => t.From).ToArray(), g.Select(t => t.To).ToArray()));

    static (string[] From, string[] To) Rows(ClaimEvent @event) => RowsByEvent.GetValueOrDefault(@event, ([], []));

    /// <summary>Many claims by one event, each with its history row, in one round trip (a batch of 837P claims); all or none.</summary>
    public static async Task TransitionAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, IReadOnlyList<Guid> ids, ClaimEvent @event, string? detail)
    {
        if (ids.Count == 0) return;
        var targets = ClaimLifecycle.Transitions.Where(t => t.Event == @event).Select(t => t.To).Distinct().ToList();
        if (targets.Count != 1) throw new InvalidOperationException($"{@event} does not lead to one status; move the claims one by one.");
        var moved = await connection.ExecuteAsync(
            """
            UPDATE claims SET status = @Status, updated_at = now() WHERE tenant_id = @Tenant AND id = ANY(@Ids) AND status = ANY(@From);
            INSERT INTO claim_history (tenant_id, claim_id, status, detail)
            SELECT @Tenant, c.id, @Status, @Detail FROM unnest(@Ids) WITH ORDINALITY AS c(id, n) ORDER BY c.n;
            """, new { Tenant = tenant, Ids = ids.ToArray(), Status = targets[0], From = ClaimLifecycle.From(@event).ToArray(), Detail = detail }, tx);
        if (moved != 2 * ids.Count)
            throw new InvalidOperationException($"{@event} applies to {moved - ids.Count} of {ids.Count} claims; none was moved.");
    }

    public static Task AddHistoryAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid id, string status, string? detail) =>
        connection.ExecuteAsync(
            "INSERT INTO claim_history (tenant_id, claim_id, status, detail) VALUES (@Tenant, @Id, @Status, @Detail)",
            new { Tenant = tenant, Id = id, Status = status, Detail = detail }, tx);

    /// <summary>The next value of a per-tenant counter (patient control numbers, interchange control numbers), in the caller's transaction.</summary>
    public static Task<long> NextAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, string counter) =>
        connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO tenant_counters (tenant_id, name, value) VALUES (@Tenant, @Name, 1)
            ON CONFLICT (tenant_id, name) DO UPDATE SET value = tenant_counters.value + 1
            RETURNING value
            """, new { Tenant = tenant, Name = counter }, tx);
}
