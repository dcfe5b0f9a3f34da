using System.Globalization;

namespace RevenueCycle.Coding.CodeSets;

public sealed record MueRecord(long LineNumber, MueEdit Edit);

/// <summary>
/// Streams the CMS practitioner services MUE table in its tab-delimited text form: HCPCS/CPT code,
/// practitioner services MUE value, MUE adjudication indicator ("1 Line Edit", "2 Date of Service Edit:
/// Policy", "3 Date of Service Edit: Clinical") and MUE rationale. Heading lines before the first code
/// are skipped; after it, every non-empty line must be an edit.
/// </summary>
public static class MueFileReader
{
    public static IEnumerable<MueRecord> Read(TextReader reader, string source)
    {
        foreach (var (number, fields) in CmsTabFile.DataLines(reader))
        {
            if (fields.Length < 4)
                throw new CodeSetFormatException(source, number, $"expected 4 tab-separated fields, found {fields.Length}");
            if (!CodeFormat.TryNormalizeProcedure(fields[0], out var code))
                throw new CodeSetFormatException(source, number, $"'{fields[0]}' is not a CPT or HCPCS code");
            if (!int.TryParse(fields[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var units))
                throw new CodeSetFormatException(source, number, $"'{fields[1]}' is not an MUE value");
            var indicatorText = fields[2].Trim();
            var indicator = indicatorText.Length > 0 ? indicatorText[0] switch
            {
                '1' => MueAdjudicationIndicator.ClaimLine,
                '2' => MueAdjudicationIndicator.DateOfServicePolicy,
                '3' => MueAdjudicationIndicator.DateOfServiceClinical,
                _ => (MueAdjudicationIndicator?)null,
            } : null;
            if (indicator is null)
                throw new CodeSetFormatException(source, number, $"'{indicatorText}' is not an MUE adjudication indicator (1, 2 or 3)");
            yield return new MueRecord(number, new MueEdit(code, units, indicator.Value, fields[3].Trim()));
        }
    }
}
