using Npgsql;
using RevenueCycle.Coding.CodeSets;

namespace RevenueCycle.Coding.Edits;

/// <summary>Fills <see cref="CodingReferenceData"/> for one coding in one round trip (three statements in a batch).</summary>
public static class CodingReferenceDataQuery
{
    private const string CodesSql = """
        SELECT system, code, short_description, long_description, billable, effective_from, effective_to, sex, age_min, age_max
        FROM code_set
        WHERE (system = 'icd10cm' AND code = ANY($1))
           OR (system IN ('cpt', 'hcpcs') AND code = ANY($2))
           OR (system = 'pos' AND code = $3)
           OR (system IN ('cpt-modifier', 'hcpcs-modifier') AND code = ANY($4))
        """;

    private const string PtpSql = """
        SELECT column1, column2, effective_from, deletion_date, modifier_indicator, rationale, prior_to_1996
        FROM ncci_ptp
        WHERE column1 = ANY($1) AND column2 = ANY($1)
        """;

    private const string MueSql = """
        SELECT code, mue_value, adjudication_indicator, rationale
        FROM mue
        WHERE code = ANY($1)
        """;

    public static Task<CodingReferenceData> LoadAsync(NpgsqlConnection connection, EncounterFacts encounter, CodingSubmission coding, CancellationToken cancellationToken = default) =>
        LoadAsync(connection, coding.DiagnosisCodes(), coding.ProcedureCodes(), coding.ModifierCodes(), encounter.PlaceOfService, cancellationToken);

    public static async Task<CodingReferenceData> LoadAsync(
        NpgsqlConnection connection,
        IReadOnlyCollection<string> diagnosisCodes,
        IReadOnlyCollection<string> procedureCodes,
        IReadOnlyCollection<string> modifiers,
        string? placeOfService,
        CancellationToken cancellationToken = default)
    {
        var diagnoses = diagnosisCodes.ToArray();
        var procedures = procedureCodes.ToArray();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(CodesSql) { Parameters = { new() { Value = diagnoses }, new() { Value = procedures }, new() { Value = placeOfService?.Trim() ?? string.Empty }, new() { Value = modifiers.ToArray() } } },
                new NpgsqlBatchCommand(PtpSql) { Parameters = { new() { Value = procedures } } },
                new NpgsqlBatchCommand(MueSql) { Parameters = { new() { Value = procedures } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        var codes = new List<CodeEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            codes.Add(new CodeEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetBoolean(4),
                reader.GetFieldValue<DateOnly>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateOnly>(6),
                reader.IsDBNull(7) ? Sex.Unknown : SexCodes.Parse(reader.GetString(7)),
                reader.IsDBNull(8) ? null : reader.GetInt16(8),
                reader.IsDBNull(9) ? null : reader.GetInt16(9)));
        }

        await reader.NextResultAsync(cancellationToken);
        var ptp = new List<PtpEdit>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ptp.Add(new PtpEdit(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetFieldValue<DateOnly>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3),
                (PtpModifierIndicator)(reader.GetString(4)[0] - '0'),
                reader.GetString(5),
                reader.GetBoolean(6)));
        }

        await reader.NextResultAsync(cancellationToken);
        var mue = new List<MueEdit>();
        while (await reader.ReadAsync(cancellationToken))
            mue.Add(new MueEdit(reader.GetString(0), reader.GetInt32(1), (MueAdjudicationIndicator)reader.GetInt16(2), reader.GetString(3)));

        return new CodingReferenceData(codes, ptp, mue);
    }
}
