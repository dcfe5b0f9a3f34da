using System.Globalization;

namespace RevenueCycle.Coding.CodeSets;

public sealed record NcciPtpRecord(long LineNumber, PtpEdit Edit);

/// <summary>
/// Streams a CMS NCCI practitioner PTP table in its tab-delimited text form: column 1 code, column 2 code,
/// "*" when the edit existed before 1996, effective date (YYYYMMDD), deletion date (YYYYMMDD, or "*" when
/// none), modifier indicator (0, 1, 9) and the PTP edit rationale. The copyright and column-heading lines
/// before the first edit are skipped; after it, every non-empty line must be an edit.
/// </summary>
public static class NcciPtpFileReader
{
    public static IEnumerable<NcciPtpRecord> Read(TextReader reader, string source)
    {
        foreach (var (number, fields) in CmsTabFile.DataLines(reader))
        {
            if (fields.Length < 7)
                throw new CodeSetFormatException(source, number, $"expected 7 tab-separated fields, found {fields.Length}");
            if (!CodeFormat.TryNormalizeProcedure(fields[0], out var column1) || !CodeFormat.TryNormalizeProcedure(fields[1], out var column2))
                throw new CodeSetFormatException(source, number, $"'{fields[0]}' / '{fields[1]}' are not CPT or HCPCS codes");
            var prior = fields[2].Trim() switch
            {
                "*" => true,
                "" => false,
                var other => throw new CodeSetFormatException(source, number, $"the prior-to-1996 flag must be '*' or empty, not '{other}'"),
            };
            var effective = CmsDate(fields[3], source, number) ?? throw new CodeSetFormatException(source, number, "the effective date is required");
            var deletion = fields[4].Trim() == "*" ? null : CmsDate(fields[4], source, number);
            var indicator = fields[5].Trim() switch
            {
                "0" => PtpModifierIndicator.NotAllowed,
                "1" => PtpModifierIndicator.Allowed,
                "9" => PtpModifierIndicator.NotApplicable,
                var other => throw new CodeSetFormatException(source, number, $"the modifier indicator must be 0, 1 or 9, not '{other}'"),
            };
            yield return new NcciPtpRecord(number, new PtpEdit(column1, column2, effective, deletion, indicator, fields[6].Trim(), prior));
        }
    }

    internal static DateOnly? CmsDate(string value, string source, long number) =>
        DateOnly.TryParseExact(value.Trim(), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CodeSetFormatException(source, number, $"'{value}' is not a date (YYYYMMDD)");
}
