using Npgsql;
using NpgsqlTypes;

namespace RevenueCycle.Coding.CodeSets;

/// <summary>
/// Loads the official CMS files into the code-set tables, each file in one transaction: the parsed lines
/// stream by binary COPY into a temporary table, then one statement each adds, changes and retires rows
/// by difference. A broken line throws <see cref="CodeSetFormatException"/> with its line number and the
/// transaction rolls back: a file is imported whole or not at all.
/// </summary>
public sealed class CodeSetImporter(NpgsqlDataSource dataSource)
{
    /// <summary>How often (in records) progress is reported, besides once at the end.</summary>
    public const int ProgressEvery = 10_000;

    private const string CodesTempTable = """
        CREATE TEMP TABLE incoming_code (
            system text NOT NULL, code text NOT NULL, short_description text NOT NULL, long_description text NOT NULL, billable boolean NOT NULL,
            sex char(1) NULL, age_min smallint NULL, age_max smallint NULL, effective_to date NULL) ON COMMIT DROP
        """;

    private const string CodesChanged = """
        WITH changed AS (
            UPDATE code_set c
            SET short_description = i.short_description, long_description = i.long_description, billable = i.billable,
                effective_to = i.effective_to, source = $1, updated_at = now()
            FROM incoming_code i
            WHERE c.system = i.system AND c.code = i.code
              AND (c.short_description <> i.short_description OR c.long_description <> i.long_description
                   OR c.billable <> i.billable OR c.effective_to IS DISTINCT FROM i.effective_to)
            RETURNING 1)
        SELECT count(*) FROM changed
        """;

    private const string CodesAdded = """
        WITH added AS (
            INSERT INTO code_set (system, code, short_description, long_description, billable, effective_from, effective_to, sex, age_min, age_max, source)
            SELECT i.system, i.code, i.short_description, i.long_description, i.billable, $2, i.effective_to, i.sex, i.age_min, i.age_max, $1
            FROM incoming_code i
            WHERE NOT EXISTS (SELECT 1 FROM code_set c WHERE c.system = i.system AND c.code = i.code)
            RETURNING 1)
        SELECT count(*) FROM added
        """;

    // A code missing from a complete release is valid through the day before the release takes effect.
    private const string CodesRetired = """
        WITH retired AS (
            UPDATE code_set c
            SET effective_to = greatest($3::date - 1, c.effective_from - 1), source = $2, updated_at = now()
            WHERE c.system = ANY($1) AND c.effective_to IS NULL
              AND NOT EXISTS (SELECT 1 FROM incoming_code i WHERE i.system = c.system AND i.code = c.code)
            RETURNING 1)
        SELECT count(*) FROM retired
        """;

    private const string PtpTempTable = """
        CREATE TEMP TABLE incoming_ptp (
            column1 text NOT NULL, column2 text NOT NULL, effective_from date NOT NULL, deletion_date date NULL,
            modifier_indicator char(1) NOT NULL, prior_to_1996 boolean NOT NULL, rationale text NOT NULL, line_number bigint NOT NULL) ON COMMIT DROP
        """;

    // An edit twice in one file is refused. The table has millions of rows, so the check is the database's (a unique index on the
    // incoming rows, which the comparisons below then use) rather than a set in memory; when it fails, the second line is found.
    private const string PtpUnique = "CREATE UNIQUE INDEX incoming_ptp_key ON incoming_ptp (column1, column2, effective_from)";

    private const string PtpFirstDuplicate = """
        SELECT column1, column2, effective_from, line_number FROM (
            SELECT column1, column2, effective_from, line_number,
                   row_number() OVER (PARTITION BY column1, column2, effective_from ORDER BY line_number) AS n
            FROM incoming_ptp) d
        WHERE n = 2 ORDER BY line_number LIMIT 1
        """;

    private const string PtpChanged = """
        WITH changed AS (
            UPDATE ncci_ptp p
            SET deletion_date = i.deletion_date, modifier_indicator = i.modifier_indicator, prior_to_1996 = i.prior_to_1996,
                rationale = i.rationale, source = $1, updated_at = now()
            FROM incoming_ptp i
            WHERE p.column1 = i.column1 AND p.column2 = i.column2 AND p.effective_from = i.effective_from
              AND (p.deletion_date IS DISTINCT FROM i.deletion_date OR p.modifier_indicator <> i.modifier_indicator
                   OR p.prior_to_1996 <> i.prior_to_1996 OR p.rationale <> i.rationale)
            RETURNING 1)
        SELECT count(*) FROM changed
        """;

    private const string PtpAdded = """
        WITH added AS (
            INSERT INTO ncci_ptp (column1, column2, effective_from, deletion_date, modifier_indicator, prior_to_1996, rationale, source)
            SELECT i.column1, i.column2, i.effective_from, i.deletion_date, i.modifier_indicator, i.prior_to_1996, i.rationale, $1
            FROM incoming_ptp i
            WHERE NOT EXISTS (SELECT 1 FROM ncci_ptp p WHERE p.column1 = i.column1 AND p.column2 = i.column2 AND p.effective_from = i.effective_from)
            RETURNING 1)
        SELECT count(*) FROM added
        """;

    private const string PtpRetired = """
        WITH retired AS (
            DELETE FROM ncci_ptp p
            WHERE NOT EXISTS (SELECT 1 FROM incoming_ptp i WHERE p.column1 = i.column1 AND p.column2 = i.column2 AND p.effective_from = i.effective_from)
            RETURNING 1)
        SELECT count(*) FROM retired
        """;

    private const string MueTempTable = """
        CREATE TEMP TABLE incoming_mue (code text NOT NULL, mue_value integer NOT NULL, adjudication_indicator smallint NOT NULL, rationale text NOT NULL) ON COMMIT DROP
        """;

    private const string MueChanged = """
        WITH changed AS (
            UPDATE mue m
            SET mue_value = i.mue_value, adjudication_indicator = i.adjudication_indicator, rationale = i.rationale, source = $1, updated_at = now()
            FROM incoming_mue i
            WHERE m.code = i.code
              AND (m.mue_value <> i.mue_value OR m.adjudication_indicator <> i.adjudication_indicator OR m.rationale <> i.rationale)
            RETURNING 1)
        SELECT count(*) FROM changed
        """;

    private const string MueAdded = """
        WITH added AS (
            INSERT INTO mue (code, mue_value, adjudication_indicator, rationale, source)
            SELECT i.code, i.mue_value, i.adjudication_indicator, i.rationale, $1
            FROM incoming_mue i
            WHERE NOT EXISTS (SELECT 1 FROM mue m WHERE m.code = i.code)
            RETURNING 1)
        SELECT count(*) FROM added
        """;

    private const string MueRetired = """
        WITH retired AS (
            DELETE FROM mue m WHERE NOT EXISTS (SELECT 1 FROM incoming_mue i WHERE i.code = m.code)
            RETURNING 1)
        SELECT count(*) FROM retired
        """;

    private const string RecordLoad = """
        INSERT INTO code_set_load (kind, source, content_hash, lines, added, changed, retired)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;

    /// <summary>
    /// Imports a complete ICD-10-CM order file for the release taking effect on <paramref name="releaseEffective"/>
    /// (1 October each year): new codes start then; codes absent from the file are retired the day before.
    /// </summary>
    public Task<ImportReport> ImportIcd10CmOrderFileAsync(TextReader reader, string source, DateOnly releaseEffective, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var hashing = new HashingTextReader(reader);
        var records = Icd10CmOrderFileReader.Read(hashing, source)
            .Select(r => new IncomingCode(r.LineNumber, CodeSystem.Icd10Cm, r.Code, r.ShortDescription, r.LongDescription, r.Billable, null));
        return ImportCodesAsync(CodeSystem.Icd10Cm, [CodeSystem.Icd10Cm], records, hashing, source, releaseEffective, progress, cancellationToken);
    }

    /// <summary>
    /// Imports a complete HCPCS Level II annual (or quarterly) file taking effect on <paramref name="releaseEffective"/>:
    /// its procedure codes (records 3 and 4) and its modifiers (records 7 and 8), each a complete release of its own
    /// code set. A record whose termination date falls before the release is not part of it (and retires as a code
    /// missing from the release); a later termination date becomes the code's last valid day.
    /// </summary>
    public Task<ImportReport> ImportHcpcsFileAsync(TextReader reader, string source, DateOnly releaseEffective, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var hashing = new HashingTextReader(reader);
        var records = HcpcsFileReader.Read(hashing, source)
            .Where(r => r.TerminationDate is not { } last || last >= releaseEffective)
            .Select(r => new IncomingCode(r.LineNumber, r.System, r.Code, r.ShortDescription, r.LongDescription, Billable: true, r.TerminationDate));
        return ImportCodesAsync(CodeSystem.Hcpcs, [CodeSystem.Hcpcs, CodeSystem.HcpcsModifier], records, hashing, source, releaseEffective, progress, cancellationToken);
    }

    private sealed record IncomingCode(long Line, string System, string Code, string Short, string Long, bool Billable, DateOnly? EffectiveTo);

    /// <summary>
    /// Imports an NCCI practitioner PTP table. CMS splits the table over several files by column-1 code
    /// range, so edits missing from one file are kept unless <paramref name="completeTable"/> says the file
    /// is the whole table; then they are removed and counted as retired.
    /// </summary>
    public async Task<ImportReport> ImportNcciPtpFileAsync(TextReader reader, string source, bool completeTable = false, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var hashing = new HashingTextReader(reader);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, PtpTempTable, cancellationToken);
        long lines = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
                         "COPY incoming_ptp (column1, column2, effective_from, deletion_date, modifier_indicator, prior_to_1996, rationale, line_number) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (line, edit) in NcciPtpFileReader.Read(hashing, source))
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(edit.Column1, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(edit.Column2, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(edit.EffectiveFrom, NpgsqlDbType.Date, cancellationToken);
                await WriteNullableAsync(copy, edit.DeletionDate, NpgsqlDbType.Date, cancellationToken);
                await copy.WriteAsync(((int)edit.ModifierIndicator).ToString(System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Char, cancellationToken);
                await copy.WriteAsync(edit.InExistencePriorTo1996, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(edit.Rationale, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(line, NpgsqlDbType.Bigint, cancellationToken);
                Progress(progress, ++lines, line);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        progress?.Report(lines);
        await transaction.SaveAsync("incoming", cancellationToken);
        try
        {
            await ExecuteAsync(connection, PtpUnique, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync("incoming", cancellationToken);
            await using var find = new NpgsqlCommand(PtpFirstDuplicate, connection) { CommandTimeout = 0 };
            await using var duplicate = await find.ExecuteReaderAsync(cancellationToken);
            await duplicate.ReadAsync(cancellationToken);
            throw new CodeSetFormatException(source, duplicate.GetInt64(3),
                $"the edit {duplicate.GetString(0)}/{duplicate.GetString(1)} effective {duplicate.GetFieldValue<DateOnly>(2):yyyy-MM-dd} appears twice");
        }
        await ExecuteAsync(connection, "ANALYZE incoming_ptp", cancellationToken);
        var changed = await CountAsync(connection, PtpChanged, cancellationToken, source);
        var added = await CountAsync(connection, PtpAdded, cancellationToken, source);
        var retired = completeTable ? await CountAsync(connection, PtpRetired, cancellationToken) : 0;
        var report = new ImportReport("ncci_ptp", source, lines, added, changed, retired);
        await RecordAsync(connection, report, hashing.Hash(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return report;
    }

    /// <summary>Imports the practitioner MUE table; codes missing from it are removed when <paramref name="completeTable"/> is set.</summary>
    public async Task<ImportReport> ImportMueFileAsync(TextReader reader, string source, bool completeTable = true, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var hashing = new HashingTextReader(reader);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, MueTempTable, cancellationToken);
        var seen = new HashSet<string>();
        long lines = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
                         "COPY incoming_mue (code, mue_value, adjudication_indicator, rationale) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (line, edit) in MueFileReader.Read(hashing, source))
            {
                if (!seen.Add(edit.Code))
                    throw new CodeSetFormatException(source, line, $"{edit.Code} appears twice");
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(edit.Code, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(edit.MaxUnits, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync((short)edit.AdjudicationIndicator, NpgsqlDbType.Smallint, cancellationToken);
                await copy.WriteAsync(edit.Rationale, NpgsqlDbType.Text, cancellationToken);
                Progress(progress, ++lines, line);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        progress?.Report(lines);
        var changed = await CountAsync(connection, MueChanged, cancellationToken, source);
        var added = await CountAsync(connection, MueAdded, cancellationToken, source);
        var retired = completeTable ? await CountAsync(connection, MueRetired, cancellationToken) : 0;
        var report = new ImportReport("mue", source, lines, added, changed, retired);
        await RecordAsync(connection, report, hashing.Hash(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return report;
    }

    private async Task<ImportReport> ImportCodesAsync(
        string kind,
        string[] systems,
        IEnumerable<IncomingCode> records,
        HashingTextReader hashing,
        string source,
        DateOnly releaseEffective,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, CodesTempTable, cancellationToken);
        var seen = new HashSet<(string, string)>();
        long lines = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
                         "COPY incoming_code (system, code, short_description, long_description, billable, sex, age_min, age_max, effective_to) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var record in records)
            {
                if (!seen.Add((record.System, record.Code)))
                    throw new CodeSetFormatException(source, record.Line, $"{record.Code} appears twice");
                var (sex, ageMin, ageMax) = record.System == CodeSystem.Icd10Cm ? Icd10CmRestrictions.For(record.Code) : (Sex.Unknown, null, null);
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(record.System, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(record.Code, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(record.Short, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(record.Long, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(record.Billable, NpgsqlDbType.Boolean, cancellationToken);
                await WriteNullableAsync(copy, sex.ToCode(), NpgsqlDbType.Char, cancellationToken);
                await WriteNullableAsync(copy, (short?)ageMin, NpgsqlDbType.Smallint, cancellationToken);
                await WriteNullableAsync(copy, (short?)ageMax, NpgsqlDbType.Smallint, cancellationToken);
                await WriteNullableAsync(copy, record.EffectiveTo, NpgsqlDbType.Date, cancellationToken);
                Progress(progress, ++lines, record.Line);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        progress?.Report(lines);
        await ExecuteAsync(connection, "ALTER TABLE incoming_code ADD PRIMARY KEY (system, code)", cancellationToken);
        var changed = await CountAsync(connection, CodesChanged, cancellationToken, source);
        var added = await CountAsync(connection, CodesAdded, cancellationToken, source, releaseEffective);
        var retired = await CountAsync(connection, CodesRetired, cancellationToken, systems, source, releaseEffective);
        var report = new ImportReport(kind, source, lines, added, changed, retired);
        await RecordAsync(connection, report, hashing.Hash(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return report;
    }

    private static void Progress(IProgress<long>? progress, long records, long line)
    {
        if (records % ProgressEvery == 0)
            progress?.Report(records);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
            await copy.WriteNullAsync(cancellationToken);
        else
            await copy.WriteAsync(value, type, cancellationToken);
    }

    private static async Task RecordAsync(NpgsqlConnection connection, ImportReport report, string hash, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(RecordLoad, connection)
        {
            Parameters =
            {
                new() { Value = report.Kind }, new() { Value = report.Source }, new() { Value = hash }, new() { Value = report.Lines },
                new() { Value = report.Added }, new() { Value = report.Changed }, new() { Value = report.Retired },
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // An import's statements work through whole tables (millions of rows for the PTP): no statement timeout; the request's
    // cancellation (the client going away, the host stopping) ends them.
    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> CountAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
