using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Claims.PayerContracts;

/// <summary>
/// Payer contracts: what each payer agreed to allow per code. A contract is kept in versions by their effectiveFrom date:
/// a PUT (or CSV upload) replaces every line the payer's contract had from the same effectiveFrom date(s) it sends, and
/// keeps the other versions — loading next year's contract leaves this year's for the claims of this year's dates of service.
/// Where versions overlap, the latest effectiveFrom wins for a date of service, so an open-ended version need not be closed.
/// </summary>
public static class ContractsEndpoints
{
    public static RouteGroupBuilder MapContracts(this RouteGroupBuilder group)
    {
        group.MapPut("/{payerId}", Put);
        group.MapPost("/{payerId}/csv", PostCsv).Accepts<string>("text/csv", "text/plain");
        group.MapGet("/{payerId}", Get);
        return group;
    }

    static async Task<Results<Ok<ContractSaved>, ValidationProblem>> Put(string payerId, ContractRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock)
    {
        var v = new Validation();
        v.Check(payerId.Length <= 80, "payerId", "must be at most 80 characters.");
        var items = request.Items ?? [];
        v.Check(items.Count > 0 || request.ReferenceSchedule is not null, "items", "must list at least one contract line, unless the contract is a percent of a referenceSchedule.");
        v.Check(items.Count <= ContractRules.MaxLines, "items", $"must list at most {ContractRules.MaxLines} lines; send the rest in another version.");
        for (var i = 0; i < items.Count && items.Count <= ContractRules.MaxLines; i++)
        {
            var index = i;
            ContractRules.Check(v, items[i], f => $"items[{index}].{f}");
        }
        CheckDuplicates(v, items, i => $"items[{i}]");
        if (request.ReferenceSchedule is not null || request.Percent is not null)
        {
            v.Check(ContractRules.IsName(request.ReferenceSchedule), "referenceSchedule", "must name a reference schedule (letters, digits, '-', '_', '.'; at most 80).");
            v.Check(request.Percent is > 0 and <= ContractRules.MaxPercent && decimal.Round(request.Percent.Value, 3) == request.Percent,
                "percent", $"must be a percent above 0 and at most {ContractRules.MaxPercent} (e.g. 110 for 110% of the reference schedule).");
        }
        v.Check(request.EffectiveTo is null || request.ReferenceSchedule is not null, "effectiveTo", "applies to a referenceSchedule contract; give each item its own.");
        v.Check(request.EffectiveFrom is null || request.ReferenceSchedule is not null, "effectiveFrom", "applies to a referenceSchedule contract; give each item its own.");
        v.Check(request.EffectiveTo is null || request.EffectiveFrom is null || request.EffectiveTo >= request.EffectiveFrom, "effectiveTo", "must not be before effectiveFrom.");
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (request.ReferenceSchedule is { } schedule && !await connection.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM reference_schedule_items WHERE tenant_id = @Tenant AND schedule = @Schedule)", new { Tenant = tenant, Schedule = schedule }, tx))
            return new Validation().Error("referenceSchedule", $"no reference schedule '{schedule}' is loaded; PUT /api/claims/reference-schedules/{schedule} first.").Problem();
        var lines = items.Select(i => new ContractLine(Guid.CreateVersion7(), i.Code!.ToUpperInvariant(), ContractRules.Modifiers(ContractRules.Key(i.Modifiers)),
            i.Allowed, null, null, i.EffectiveFrom, i.EffectiveTo)).ToList();
        if (request.ReferenceSchedule is not null)
            lines.Add(new ContractLine(Guid.CreateVersion7(), null, [], null, request.ReferenceSchedule, request.Percent, request.EffectiveFrom, request.EffectiveTo));
        var saved = await ReplaceAsync(connection, tx, tenant, payerId, lines, clock);
        await tx.CommitAsync();
        return TypedResults.Ok(saved);
    }

    /// <summary>The same contract lines as a CSV file (see <see cref="ContractCsv"/>): a 400 names each line and column at fault, and nothing is stored.</summary>
    static async Task<Results<Ok<ContractSaved>, ValidationProblem>> PostCsv(string payerId, HttpRequest http, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validation();
        v.Check(payerId.Length <= 80, "payerId", "must be at most 80 characters.");
        using var reader = new StreamReader(http.Body);
        var text = await reader.ReadToEndAsync(ct);
        if (text.Contains('\0')) return v.Error("body", "must not contain the NUL character.").Problem();
        var (items, lineNumbers) = ContractCsv.Parse(text, v);
        CheckDuplicates(v, items, i => $"line {lineNumbers[i]}");
        if (v.IsValid) v.Check(items.Count > 0, "body", "must have at least one contract line under the header.");
        if (!v.IsValid) return v.Problem("The CSV has errors; nothing was stored.");

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var saved = await ReplaceAsync(connection, tx, tenant, payerId, items.Select(i => new ContractLine(Guid.CreateVersion7(), i.Code!,
            ContractRules.Modifiers(ContractRules.Key(i.Modifiers)), i.Allowed, null, null, i.EffectiveFrom, i.EffectiveTo)).ToList(), clock);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(saved);
    }

    static void CheckDuplicates(Validation v, IReadOnlyList<ContractItem> items, Func<int, string> where)
    {
        var seen = new Dictionary<(string?, string, DateOnly?), int>();
        for (var i = 0; i < items.Count; i++)
        {
            var key = (items[i].Code?.ToUpperInvariant(), ContractRules.Key(items[i].Modifiers), items[i].EffectiveFrom);
            if (!seen.TryAdd(key, i))
                v.Error(where(i), $"repeats {key.Item1}{(key.Item2.Length == 0 ? "" : " " + key.Item2)} from {key.Item3:yyyy-MM-dd} ({where(seen[key])}).");
        }
    }

    /// <summary>Lists the payer's contract lines (every version), paged; 404 when this practice has no contract with the payer.</summary>
    static async Task<Results<Ok<Page<ContractLineView>>, ValidationProblem, ProblemHttpResult>> Get(
        string payerId, ClaimsPrincipal user, NpgsqlDataSource db, int? limit, string? cursor)
    {
        var v = new Validation();
        v.Check(Paging.TryCursor(cursor, out var after), "cursor", "is not a cursor this API gave out.");
        if (!v.IsValid) return v.Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<ContractRow>(
            """
            SELECT id, code, modifiers, allowed, reference_schedule, percent, effective_from, effective_to FROM contract_lines
            WHERE tenant_id = @Tenant AND payer_id = @PayerId AND id > @After ORDER BY id LIMIT @Take
            """, new { Tenant = user.TenantId(), PayerId = payerId, After = after, Take = take + 1 })).Select(r => r.View()).ToList();
        if (rows.Count == 0 && after == Guid.Empty) return Problems.NotFound($"No contract with payer {payerId}.");
        return TypedResults.Ok(Paging.Page(rows, take, r => r.Id));
    }

    static async Task<ContractSaved> ReplaceAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, string payerId, IReadOnlyList<ContractLine> lines,
        TimeProvider clock)
    {
        // Two PUTs for one payer at once replace its versions one after the other.
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@Key, 0))", new { Key = $"contract:{tenant}:{payerId}" }, tx);
        var versions = lines.Select(l => l.EffectiveFrom).Distinct().OrderBy(d => d ?? DateOnly.MinValue).ToList();
        var dated = versions.Where(d => d is not null).Select(d => d!.Value).ToArray();
        var removed = await connection.ExecuteAsync(
            """
            DELETE FROM contract_lines WHERE tenant_id = @Tenant AND payer_id = @PayerId
              AND (effective_from = ANY(@Dated) OR (@Undated AND effective_from IS NULL))
            """, new { Tenant = tenant, PayerId = payerId, Dated = dated, Undated = versions.Contains(null) }, tx);
        await connection.ExecuteAsync(
            """
            INSERT INTO contract_lines (id, tenant_id, payer_id, code, modifiers, allowed, reference_schedule, percent, effective_from, effective_to)
            SELECT id, @Tenant, @PayerId, code, modifiers, allowed, reference_schedule, percent, effective_from, effective_to
            FROM unnest(@Ids::uuid[], @Codes::text[], @Modifiers::text[], @Allowed::numeric[], @Schedules::text[], @Percents::numeric[],
                        @From::date[], @To::date[]) AS l(id, code, modifiers, allowed, reference_schedule, percent, effective_from, effective_to)
            """, new
            {
                Tenant = tenant, PayerId = payerId,
                Ids = lines.Select(l => l.Id).ToArray(),
                Codes = lines.Select(l => l.Code).ToArray(),
                Modifiers = lines.Select(l => ContractRules.Key(l.Modifiers)).ToArray(),
                Allowed = lines.Select(l => l.Allowed).ToArray(),
                Schedules = lines.Select(l => l.ReferenceSchedule).ToArray(),
                Percents = lines.Select(l => l.Percent).ToArray(),
                From = lines.Select(l => l.EffectiveFrom).ToArray(),
                To = lines.Select(l => l.EffectiveTo).ToArray(),
            }, tx);
        // The versions replaced and the ones sent cover dates of service from the earliest of them (every date when one is undated).
        DateOnly? from = versions.Contains(null) ? null : dated.Min();
        var rejudged = await UnderpaymentReview.RejudgeAsync(connection, tx, tenant, [payerId], from, clock.GetUtcNow());
        return new ContractSaved(payerId, versions, removed, lines.Count) { Rejudged = rejudged };
    }

    /// <summary>The payer's contract lines for these codes (and its percent-of-reference lines), for pricing postings.</summary>
    public static async Task<List<ContractLine>> LinesForAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, string payerId, IEnumerable<string> codes) =>
        (await connection.QueryAsync<ContractRow>(
            """
            SELECT id, code, modifiers, allowed, reference_schedule, percent, effective_from, effective_to FROM contract_lines
            WHERE tenant_id = @Tenant AND payer_id = @PayerId AND (code = ANY(@Codes) OR code IS NULL)
            """, new { Tenant = tenant, PayerId = payerId, Codes = codes.Distinct().ToArray() }, tx))
            .Select(r => new ContractLine(r.Id, r.Code, ContractRules.Modifiers(r.Modifiers), r.Allowed, r.ReferenceSchedule, r.Percent, r.EffectiveFrom, r.EffectiveTo))
            .ToList();

    sealed record ContractRow
    {
        public Guid Id { get; init; }
        public string? Code { get; init; }
        public string Modifiers { get; init; } = "";
        public decimal? Allowed { get; init; }
        public string? ReferenceSchedule { get; init; }
        public decimal? Percent { get; init; }
        public DateOnly? EffectiveFrom { get; init; }
        public DateOnly? EffectiveTo { get; init; }

        public ContractLineView View() => new(Id, Code, ContractRules.Modifiers(Modifiers), Allowed, ReferenceSchedule, Percent, EffectiveFrom, EffectiveTo);
    }
}
