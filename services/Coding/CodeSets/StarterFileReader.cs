using System.Globalization;

namespace RevenueCycle.Coding.CodeSets;

/// <summary>
/// Reads the starter-set files in Data/ (tab-separated, '#' comment lines, one header line; the columns
/// are documented in Data/README.md). A bad line stops the read with its line number.
/// </summary>
public static class StarterFileReader
{
    public const string CodeHeader = "code\tbillable\tsex\tage_min\tage_max\teffective_from\teffective_to\tdescription";
    public const string PtpHeader = "column1\tcolumn2\teffective_from\tdeletion_date\tmodifier_indicator\trationale";
    public const string MueHeader = "code\tmue\tadjudication_indicator\tadjudication_text\trationale";

    public static IEnumerable<CodeEntry> ReadCodes(TextReader reader, string system, string source)
    {
        foreach (var (number, fields) in Rows(reader, source, CodeHeader))
        {
            var raw = fields[0];
            string code;
            var valid = system switch
            {
                CodeSystem.Icd10Cm => CodeFormat.TryNormalizeDiagnosis(raw, out code),
                CodeSystem.PlaceOfService => CodeFormat.TryNormalizePlaceOfService(raw, out code),
                CodeSystem.CptModifier or CodeSystem.HcpcsModifier => CodeFormat.TryNormalizeModifier(raw, out code),
                _ => CodeFormat.TryNormalizeProcedure(raw, out code),
            };
            if (!valid || code != raw)
                throw new CodeSetFormatException(source, number, $"'{raw}' is not a {system} code in its stored spelling");
            var description = fields[7].Trim();
            if (description.Length == 0)
                throw new CodeSetFormatException(source, number, "description is empty");
            yield return new CodeEntry(
                system,
                code,
                description,
                description,
                Billable: fields[1] switch
                {
                    "1" => true,
                    "0" => false,
                    _ => throw new CodeSetFormatException(source, number, $"billable must be 0 or 1, not '{fields[1]}'"),
                },
                EffectiveFrom: ParseDate(fields[5], source, number) ?? throw new CodeSetFormatException(source, number, "effective_from is required"),
                EffectiveTo: ParseDate(fields[6], source, number),
                RequiredSex: fields[2] switch
                {
                    "" => Sex.Unknown,
                    "F" => Sex.Female,
                    "M" => Sex.Male,
                    _ => throw new CodeSetFormatException(source, number, $"sex must be F, M or empty, not '{fields[2]}'"),
                },
                AgeMin: ParseAge(fields[3], source, number),
                AgeMax: ParseAge(fields[4], source, number));
        }
    }

    public static IEnumerable<PtpEdit> ReadPtpEdits(TextReader reader, string source)
    {
        foreach (var (number, fields) in Rows(reader, source, PtpHeader))
        {
            if (!CodeFormat.TryNormalizeProcedure(fields[0], out var column1) || !CodeFormat.TryNormalizeProcedure(fields[1], out var column2))
                throw new CodeSetFormatException(source, number, "column1 and column2 must be CPT or HCPCS codes");
            yield return new PtpEdit(
                column1,
                column2,
                ParseDate(fields[2], source, number) ?? throw new CodeSetFormatException(source, number, "effective_from is required"),
                ParseDate(fields[3], source, number),
                fields[4] switch
                {
                    "0" => PtpModifierIndicator.NotAllowed,
                    "1" => PtpModifierIndicator.Allowed,
                    "9" => PtpModifierIndicator.NotApplicable,
                    _ => throw new CodeSetFormatException(source, number, $"modifier_indicator must be 0, 1 or 9, not '{fields[4]}'"),
                },
                fields[5].Trim());
        }
    }

    public static IEnumerable<MueEdit> ReadMueEdits(TextReader reader, string source)
    {
        foreach (var (number, fields) in Rows(reader, source, MueHeader))
        {
            if (!CodeFormat.TryNormalizeProcedure(fields[0], out var code))
                throw new CodeSetFormatException(source, number, $"'{fields[0]}' is not a CPT or HCPCS code");
            if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var units))
                throw new CodeSetFormatException(source, number, $"mue must be a whole number, not '{fields[1]}'");
            var indicator = fields[2] switch
            {
                "1" => MueAdjudicationIndicator.ClaimLine,
                "2" => MueAdjudicationIndicator.DateOfServicePolicy,
                "3" => MueAdjudicationIndicator.DateOfServiceClinical,
                _ => throw new CodeSetFormatException(source, number, $"adjudication_indicator must be 1, 2 or 3, not '{fields[2]}'"),
            };
            yield return new MueEdit(code, units, indicator, fields[4].Trim());
        }
    }

    private static IEnumerable<(long Number, string[] Fields)> Rows(TextReader reader, string source, string header)
    {
        var columns = header.Split('\t').Length;
        var sawHeader = false;
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (!sawHeader)
            {
                if (line.TrimEnd() != header)
                    throw new CodeSetFormatException(source, number, $"expected the header '{header.Replace('\t', ' ')}'");
                sawHeader = true;
                continue;
            }
            var fields = line.Split('\t');
            if (fields.Length != columns)
                throw new CodeSetFormatException(source, number, $"expected {columns} tab-separated columns, found {fields.Length}");
            yield return (number, fields);
        }
        if (!sawHeader)
            throw new CodeSetFormatException(source, number, "the file has no header line");
    }

    private static DateOnly? ParseDate(string value, string source, long number)
    {
        if (value.Length == 0)
            return null;
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CodeSetFormatException(source, number, $"'{value}' is not a date (YYYY-MM-DD)");
    }

    private static int? ParseAge(string value, string source, long number)
    {
        if (value.Length == 0)
            return null;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var age) && age <= 124
            ? age
            : throw new CodeSetFormatException(source, number, $"'{value}' is not an age in years (0–124)");
    }
}
