using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Claims.PayerContracts;

/// <summary>An amount of a reference fee table for a code (and one modifier: 26 professional, TC technical component).</summary>
public sealed record ReferenceScheduleItem(string? Code, string? Modifier, decimal? Amount, DateOnly? EffectiveFrom, DateOnly? EffectiveTo = null);

public sealed record ReferenceScheduleRequest(IReadOnlyList<ReferenceScheduleItem>? Items);

public sealed record ReferenceScheduleItemView(Guid Id, string Code, string? Modifier, decimal Amount, DateOnly EffectiveFrom, DateOnly? EffectiveTo);

public sealed record ReferenceScheduleSaved(string Name, int Items)
{
    /// <summary>The paid claims of the payers whose contracts are a percent of this schedule, judged again against it.</summary>
    public Rejudged? Rejudged { get; init; }
}

/// <summary>
/// Fee tables a practice loads to price contracts by (e.g. <c>medicare-2026</c>, the Medicare physician fee schedule for its locality):
/// a contract can be a percent of one. A PUT replaces the named schedule whole.
/// </summary>
public static class ReferenceSchedulesEndpoints
{
    public static RouteGroupBuilder MapReferenceSchedules(this RouteGroupBuilder group)
    {
        group.MapPut("/{name}", Put);
        group.MapGet("/{name}", Get);
        return group;
    }

    static async Task<Results<Ok<ReferenceScheduleSaved>, ValidationProblem>> Put(string name, ReferenceScheduleRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock)
    {
        var v = new Validation();
        v.Check(ContractRules.IsName(name), "name", "must be 1 to 80 letters, digits, '-', '_' or '.'.");
        var items = request.Items ?? [];
        if (v.Check(items.Count is > 0 and <= ContractRules.MaxLines, "items", $"must list 1 to {ContractRules.MaxLines} amounts."))
        {
            var seen = new Dictionary<(string, string, DateOnly?), int>();
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (v.Required(item.Code, $"items[{i}].code"))
                    v.Check(ContractRules.IsCode(item.Code), $"items[{i}].code", "must be a CPT or HCPCS code (5 letters or digits).");
                v.Check(item.Modifier is null || ContractRules.IsModifier(item.Modifier), $"items[{i}].modifier", "must be a two-character modifier.");
                if (v.Check(item.Amount is not null, $"items[{i}].amount", "is required."))
                    v.Check(ContractRules.IsAmount(item.Amount!.Value), $"items[{i}].amount", $"must be an amount in dollars and cents from 0.00 to {ContractRules.MaxAmount}.");
                v.Check(item.EffectiveFrom is not null, $"items[{i}].effectiveFrom", "is required (YYYY-MM-DD).");
                v.Check(item.EffectiveTo is null || item.EffectiveFrom is null || item.EffectiveTo >= item.EffectiveFrom, $"items[{i}].effectiveTo", "must not be before effectiveFrom.");
                var key = (item.Code?.ToUpperInvariant() ?? "", item.Modifier?.ToUpperInvariant() ?? "", item.EffectiveFrom);
                if (!seen.TryAdd(key, i)) v.Error($"items[{i}]", $"repeats items[{seen[key]}] (same code, modifier and effectiveFrom).");
            }
        }
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@Key, 0))", new { Key = $"reference-schedule:{tenant}:{name}" }, tx);
        await connection.ExecuteAsync("DELETE FROM reference_schedule_items WHERE tenant_id = @Tenant AND schedule = @Name", new { Tenant = tenant, Name = name }, tx);
        await connection.ExecuteAsync(
            """
            INSERT INTO reference_schedule_items (id, tenant_id, schedule, code, modifier, amount, effective_from, effective_to)
            SELECT id, @Tenant, @Name, code, modifier, amount, effective_from, effective_to
            FROM unnest(@Ids::uuid[], @Codes::text[], @Modifiers::text[], @Amounts::numeric[], @From::date[], @To::date[])
                 AS i(id, code, modifier, amount, effective_from, effective_to)
            """, new
            {
                Tenant = tenant, Name = name,
                Ids = items.Select(_ => Guid.CreateVersion7()).ToArray(),
                Codes = items.Select(i => i.Code!.ToUpperInvariant()).ToArray(),
                Modifiers = items.Select(i => i.Modifier?.ToUpperInvariant() ?? "").ToArray(),
                Amounts = items.Select(i => i.Amount!.Value).ToArray(),
                From = items.Select(i => i.EffectiveFrom!.Value).ToArray(),
                To = items.Select(i => i.EffectiveTo).ToArray(),
            }, tx);
        var payers = (await connection.QueryAsync<string>(
            "SELECT DISTINCT payer_id FROM contract_lines WHERE tenant_id = @Tenant AND reference_schedule = @Name", new { Tenant = tenant, Name = name }, tx)).ToList();
        var rejudged = await UnderpaymentReview.RejudgeAsync(connection, tx, tenant, payers, null, clock.GetUtcNow());
        await tx.CommitAsync();
        return TypedResults.Ok(new ReferenceScheduleSaved(name, items.Count) { Rejudged = rejudged });
    }

    /// <summary>The schedule's amounts, paged; 404 when this practice has loaded no schedule of that name.</summary>
    static async Task<Results<Ok<Page<ReferenceScheduleItemView>>, ValidationProblem, ProblemHttpResult>> Get(
        string name, ClaimsPrincipal user, NpgsqlDataSource db, int? limit, string? cursor)
    {
        var v = new Validation();
        v.Check(Paging.TryCursor(cursor, out var after), "cursor", "is not a cursor this API gave out.");
        if (!v.IsValid) return v.Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<(Guid Id, string Code, string Modifier, decimal Amount, DateOnly EffectiveFrom, DateOnly? EffectiveTo)>(
            """
            SELECT id, code, modifier, amount, effective_from, effective_to FROM reference_schedule_items
            WHERE tenant_id = @Tenant AND schedule = @Name AND id > @After ORDER BY id LIMIT @Take
            """, new { Tenant = user.TenantId(), Name = name, After = after, Take = take + 1 }))
            .Select(r => new ReferenceScheduleItemView(r.Id, r.Code, r.Modifier.Length == 0 ? null : r.Modifier, r.Amount, r.EffectiveFrom, r.EffectiveTo)).ToList();
        if (rows.Count == 0 && after == Guid.Empty) return Problems.NotFound($"No reference schedule '{name}'.");
        return TypedResults.Ok(Paging.Page(rows, take, r => r.Id));
    }

    /// <summary>The amounts of the schedules these contract lines refer to, for these codes.</summary>
    public static async Task<List<ReferenceItem>> ItemsForAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, IEnumerable<string> schedules, IEnumerable<string> codes) =>
        (await connection.QueryAsync<(string Schedule, string Code, string Modifier, decimal Amount, DateOnly EffectiveFrom, DateOnly? EffectiveTo)>(
            """
            SELECT schedule, code, modifier, amount, effective_from, effective_to FROM reference_schedule_items
            WHERE tenant_id = @Tenant AND schedule = ANY(@Schedules) AND code = ANY(@Codes)
            """, new { Tenant = tenant, Schedules = schedules.Distinct().ToArray(), Codes = codes.Distinct().ToArray() }, tx))
            .Select(r => new ReferenceItem(r.Schedule, r.Code, r.Modifier, r.Amount, r.EffectiveFrom, r.EffectiveTo)).ToList();
}
