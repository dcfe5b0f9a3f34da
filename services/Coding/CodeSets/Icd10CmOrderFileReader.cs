using System.Globalization;

namespace RevenueCycle.Coding.CodeSets;

/// <summary>One line of the CMS/CDC ICD-10-CM order file; <see cref="Billable"/> is its header flag (1 = valid for claims).</summary>
public sealed record Icd10CmOrderRecord(long LineNumber, int OrderNumber, string Code, bool Billable, string ShortDescription, string LongDescription);

/// <summary>
/// Streams <c>icd10cm_order_YYYY.txt</c>. Fixed width: order number in columns 1–5, code (no dot, left
/// justified) in 7–13, header flag in 15 (0 = header, 1 = valid for HIPAA-covered transactions), short
/// description in 17–76, long description from column 78; single spaces between the fields.
/// </summary>
public static class Icd10CmOrderFileReader
{
    private const int CodeStart = 6;
    private const int CodeLength = 7;
    private const int FlagColumn = 14;
    private const int ShortStart = 16;
    private const int ShortLength = 60;
    private const int LongStart = 77;

    public static IEnumerable<Icd10CmOrderRecord> Read(TextReader reader, string source)
    {
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
                continue;
            if (line.Length < LongStart)
                throw new CodeSetFormatException(source, number, $"line is {line.Length} characters; the order file's long description starts at column {LongStart + 1}");
            if (!int.TryParse(line.AsSpan(0, 5), NumberStyles.None, CultureInfo.InvariantCulture, out var order))
                throw new CodeSetFormatException(source, number, $"'{line[..5]}' is not a five-digit order number");
            if (line[5] != ' ' || line[CodeStart + CodeLength] != ' ' || line[FlagColumn + 1] != ' ' || line[LongStart - 1] != ' ')
                throw new CodeSetFormatException(source, number, "fields are not separated by single spaces at columns 6, 14, 16 and 77");
            var raw = line.Substring(CodeStart, CodeLength).TrimEnd();
            if (raw.Contains('.') || !CodeFormat.TryNormalizeDiagnosis(raw, out var code))
                throw new CodeSetFormatException(source, number, $"'{raw}' is not an ICD-10-CM code");
            var billable = line[FlagColumn] switch
            {
                '1' => true,
                '0' => false,
                _ => throw new CodeSetFormatException(source, number, $"header flag must be 0 or 1, not '{line[FlagColumn]}'"),
            };
            var shortDescription = line.Substring(ShortStart, ShortLength).Trim();
            var longDescription = line[LongStart..].Trim();
            if (shortDescription.Length == 0 || longDescription.Length == 0)
                throw new CodeSetFormatException(source, number, "a description is empty");
            yield return new Icd10CmOrderRecord(number, order, code, billable, shortDescription, longDescription);
        }
    }
}
