using Npgsql;

namespace RevenueCycle.Coding.CodeSets;

/// <summary>What a start-up load of the starter set did.</summary>
public sealed record StarterLoadResult(bool AlreadyLoaded, int CodesAdded, int CodesUpdated, int PtpEditsWritten, int MueEditsWritten);

/// <summary>
/// Writes the shipped starter set (<see cref="StarterCodeSet"/>) into the code-set tables. Run it at every
/// start-up: when this version of the set is already recorded in <c>code_set_load</c> it is one indexed
/// read. It never overwrites a row an official import wrote; it only adds missing rows and refreshes rows
/// it wrote itself. An advisory lock keeps two instances starting together from loading twice.
/// </summary>
public static class StarterCodeSetLoader
{
    public const string Kind = "starter";

    private const string AlreadyLoadedSql = "SELECT EXISTS (SELECT 1 FROM code_set_load WHERE kind = 'starter' AND content_hash = $1)";

    private const string UpsertCodes = """
        WITH written AS (
            INSERT INTO code_set AS c (system, code, short_description, long_description, billable, effective_from, effective_to, sex, age_min, age_max, source)
            SELECT s.system, s.code, s.description, s.description, s.billable, s.effective_from, s.effective_to, s.sex, s.age_min, s.age_max, 'starter'
            FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::date[], $6::date[], $7::char(1)[], $8::smallint[], $9::smallint[])
                 AS s(system, code, description, billable, effective_from, effective_to, sex, age_min, age_max)
            ON CONFLICT (system, code) DO UPDATE
            SET short_description = excluded.short_description, long_description = excluded.long_description, billable = excluded.billable,
                effective_from = excluded.effective_from, effective_to = excluded.effective_to, sex = excluded.sex,
                age_min = excluded.age_min, age_max = excluded.age_max, updated_at = now()
            WHERE c.source = 'starter'
              AND (c.short_description, c.billable, c.effective_from, c.effective_to, c.sex, c.age_min, c.age_max)
                  IS DISTINCT FROM (excluded.short_description, excluded.billable, excluded.effective_from, excluded.effective_to, excluded.sex, excluded.age_min, excluded.age_max)
            RETURNING (xmax = 0) AS inserted)
        SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written
        """;

    private const string UpsertPtp = """
        WITH written AS (
            INSERT INTO ncci_ptp AS p (column1, column2, effective_from, deletion_date, modifier_indicator, rationale, source)
            SELECT * , 'starter' FROM unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::char(1)[], $6::text[])
            ON CONFLICT (column1, column2, effective_from) DO UPDATE
            SET deletion_date = excluded.deletion_date, modifier_indicator = excluded.modifier_indicator, rationale = excluded.rationale, updated_at = now()
            WHERE p.source = 'starter'
              AND (p.deletion_date, p.modifier_indicator, p.rationale) IS DISTINCT FROM (excluded.deletion_date, excluded.modifier_indicator, excluded.rationale)
            RETURNING 1)
        SELECT count(*) FROM written
        """;

    private const string UpsertMue = """
        WITH written AS (
            INSERT INTO mue AS m (code, mue_value, adjudication_indicator, rationale, source)
            SELECT *, 'starter' FROM unnest($1::text[], $2::integer[], $3::smallint[], $4::text[])
            ON CONFLICT (code) DO UPDATE
            SET mue_value = excluded.mue_value, adjudication_indicator = excluded.adjudication_indicator, rationale = excluded.rationale, updated_at = now()
            WHERE m.source = 'starter'
              AND (m.mue_value, m.adjudication_indicator, m.rationale) IS DISTINCT FROM (excluded.mue_value, excluded.adjudication_indicator, excluded.rationale)
            RETURNING 1)
        SELECT count(*) FROM written
        """;

    public static Task<StarterLoadResult> LoadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        LoadAsync(dataSource, StarterCodeSet.Load(), cancellationToken);

    public static async Task<StarterLoadResult> LoadAsync(NpgsqlDataSource dataSource, StarterCodeSet set, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await AlreadyLoadedAsync(connection, set.ContentHash, cancellationToken))
            return new StarterLoadResult(true, 0, 0, 0, 0);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CodeSetImporter.ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext('revenuecycle.code_set.starter'))", cancellationToken);
        if (await AlreadyLoadedAsync(connection, set.ContentHash, cancellationToken))
            return new StarterLoadResult(true, 0, 0, 0, 0);

        var codes = set.Codes;
        int added, updated;
        await using (var command = new NpgsqlCommand(UpsertCodes, connection))
        {
            command.Parameters.Add(new() { Value = codes.Select(c => c.System).ToArray() });
            command.Parameters.Add(new() { Value = codes.Select(c => c.Code).ToArray() });
            command.Parameters.Add(new() { Value = codes.Select(c => c.ShortDescription).ToArray() });
            command.Parameters.Add(new() { Value = codes.Select(c => c.Billable).ToArray() });
            command.Parameters.Add(new() { Value = codes.Select(c => c.EffectiveFrom).ToArray() });
            command.Parameters.Add(new() { Value = codes.Select(c => c.EffectiveTo).ToArray() });
            command.Parameters.Add(new() { Value = codes.Select(c => c.RequiredSex.ToCode()).ToArray() });
            command.Parameters.Add(new() { Value = codes.Select(c => (short?)c.AgeMin).ToArray() });
            command.Parameters.Add(new() { Value = codes.Select(c => (short?)c.AgeMax).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            added = (int)reader.GetInt64(0);
            updated = (int)reader.GetInt64(1);
        }

        int ptp;
        await using (var command = new NpgsqlCommand(UpsertPtp, connection))
        {
            var edits = set.PtpEdits;
            command.Parameters.Add(new() { Value = edits.Select(e => e.Column1).ToArray() });
            command.Parameters.Add(new() { Value = edits.Select(e => e.Column2).ToArray() });
            command.Parameters.Add(new() { Value = edits.Select(e => e.EffectiveFrom).ToArray() });
            command.Parameters.Add(new() { Value = edits.Select(e => e.DeletionDate).ToArray() });
            command.Parameters.Add(new() { Value = edits.Select(e => ((int)e.ModifierIndicator).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() });
            command.Parameters.Add(new() { Value = edits.Select(e => e.Rationale).ToArray() });
            ptp = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        int mue;
        await using (var command = new NpgsqlCommand(UpsertMue, connection))
        {
            var edits = set.MueEdits;
            command.Parameters.Add(new() { Value = edits.Select(e => e.Code).ToArray() });
            command.Parameters.Add(new() { Value = edits.Select(e => e.MaxUnits).ToArray() });
            command.Parameters.Add(new() { Value = edits.Select(e => (short)e.AdjudicationIndicator).ToArray() });
            command.Parameters.Add(new() { Value = edits.Select(e => e.Rationale).ToArray() });
            mue = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        await using (var command = new NpgsqlCommand(
                         "INSERT INTO code_set_load (kind, source, content_hash, lines, added, changed, retired) VALUES ('starter', 'starter', $1, $2, $3, $4, 0)", connection))
        {
            command.Parameters.Add(new() { Value = set.ContentHash });
            command.Parameters.Add(new() { Value = (long)(codes.Count + set.PtpEdits.Count + set.MueEdits.Count) });
            command.Parameters.Add(new() { Value = added });
            command.Parameters.Add(new() { Value = updated });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new StarterLoadResult(false, added, updated, ptp, mue);
    }

    private static async Task<bool> AlreadyLoadedAsync(NpgsqlConnection connection, string hash, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(AlreadyLoadedSql, connection) { Parameters = { new() { Value = hash } } };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
