using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Coding.CodeSets;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Coding.Lookup;

/// <summary>A code as the code-set lookup shows it: what it means, whether it may be billed, when and for whom it is valid.</summary>
public sealed record CodeView
{
    public string System { get; init; } = "";
    public string Code { get; init; } = "";
    public string ShortDescription { get; init; } = "";
    public string Description { get; init; } = "";
    public bool Billable { get; init; }
    public DateOnly EffectiveFrom { get; init; }
    public DateOnly? EffectiveTo { get; init; }
    public string? Sex { get; init; }
    public short? AgeMin { get; init; }
    public short? AgeMax { get; init; }
    public string Source { get; init; } = "";
}

/// <summary>Code-set lookup and search. Code sets are global reference data: every tenant sees the same codes.</summary>
public static partial class CodeSetEndpoints
{
    const string Columns = """
        system, code, short_description, long_description AS description, billable, effective_from, effective_to,
        sex::text AS sex, age_min, age_max, source
        """;

    public static RouteGroupBuilder MapCodeSets(this RouteGroupBuilder group)
    {
        group.MapGet("/code-sets/{system}/{code}", Get).WithTags("Code sets");
        group.MapGet("/code-sets/{system}", Search).WithTags("Code sets");
        return group;
    }

    static async Task<Results<Ok<CodeView>, ValidationProblem, ProblemHttpResult>> Get(string system, string code, NpgsqlDataSource db)
    {
        var v = new Validation();
        if (!CheckSystem(system, v)) return v.Problem();
        if (!TryNormalize(system, code, out var normalized))
            return v.Error("code", $"'{code}' is not the shape of a {system} code.").Problem();
        await using var connection = await db.OpenSnapshotAsync();
        var found = await connection.QuerySingleOrDefaultAsync<CodeView>(
            $"SELECT {Columns} FROM code_set WHERE system = @system AND code = @normalized", new { system, normalized });
        return found is null ? Problems.NotFound($"{normalized} is not in the {system} code set.") : TypedResults.Ok(found);
    }

    /// <summary>
    /// Finds codes by code prefix ("E11", "e11.6") or by words of the description ("diab hyperglyc": every word,
    /// each as a prefix). Billable codes come first, then codes valid today, then the closest matches.
    /// </summary>
    static async Task<Results<Ok<Page<CodeView>>, ValidationProblem>> Search(
        string system, NpgsqlDataSource db, string? q = null, int? limit = null, string? cursor = null)
    {
        var v = new Validation();
        CheckSystem(system, v);
        v.Check(!string.IsNullOrWhiteSpace(q), "q", "is required: a code prefix or words of the description.");
        if (q is not null) v.Check(q.Length <= 200, "q", "must be at most 200 characters.");
        var offset = 0;
        v.Check(cursor is null || int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out offset), "cursor", "is not a cursor this API returned.");
        if (!v.IsValid) return v.Problem();

        var query = q!.Trim();
        var prefix = CodePrefix(system, query);
        var words = Words().Matches(query.ToLowerInvariant()).Select(m => m.Value).Take(10).ToList();
        var tsQuery = words.Count == 0 ? null : string.Join(" & ", words.Select(w => w + ":*"));
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<CodeView>(
            $"""
            SELECT {Columns} FROM code_set
            WHERE system = @system
              AND ((@prefix::text IS NOT NULL AND code LIKE @prefix || '%')
                   OR (@tsQuery::text IS NOT NULL AND to_tsvector('english', long_description) @@ to_tsquery('english', @tsQuery)))
            ORDER BY billable DESC,
                     (effective_to IS NULL OR effective_to >= current_date) DESC,
                     (@prefix::text IS NOT NULL AND code LIKE @prefix || '%') DESC,
                     CASE WHEN @tsQuery::text IS NULL THEN 0 ELSE ts_rank(to_tsvector('english', long_description), to_tsquery('english', @tsQuery)) END DESC,
                     code
            OFFSET @offset LIMIT @Take
            """, new { system, prefix, tsQuery, offset, Take = take + 1 })).ToList();
        var next = rows.Count > take ? (offset + take).ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Page<CodeView>(rows.Take(take).ToList(), next));
    }

    static bool CheckSystem(string system, Validation v) =>
        v.Check(CodeSystem.IsKnown(system), "system", $"'{system}' is not a code system; use one of {string.Join(", ", CodeSystem.All)}.");

    internal static bool TryNormalize(string system, string raw, out string code)
    {
        code = "";
        return system switch
        {
            CodeSystem.Icd10Cm => CodeFormat.TryNormalizeDiagnosis(raw, out code),
            CodeSystem.Cpt or CodeSystem.Hcpcs => CodeFormat.TryNormalizeProcedure(raw, out code) && CodeFormat.ProcedureSystem(code) == system,
            CodeSystem.PlaceOfService => CodeFormat.TryNormalizePlaceOfService(raw, out code),
            CodeSystem.CptModifier or CodeSystem.HcpcsModifier => CodeFormat.TryNormalizeModifier(raw, out code),
            _ => false,
        };
    }

    /// <summary>The query as the start of a stored code, or null when it cannot be one (then only words match).</summary>
    static string? CodePrefix(string system, string query)
    {
        var candidate = query.ToUpperInvariant();
        if (!CodeChars().IsMatch(candidate)) return null;
        if (system == CodeSystem.Icd10Cm)
        {
            var bare = candidate.Replace(".", "", StringComparison.Ordinal);
            if (bare.Length < 1 || !char.IsAsciiLetter(bare[0])) return null;
            return bare.Length > 3 ? $"{bare[..3]}.{bare[3..]}" : bare;
        }
        return candidate.Contains('.', StringComparison.Ordinal) ? null : candidate;
    }

    [GeneratedRegex("^[0-9A-Z.]{1,8}$")]
    private static partial Regex CodeChars();

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex Words();
}
