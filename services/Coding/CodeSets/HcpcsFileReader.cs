namespace RevenueCycle.Coding.CodeSets;

/// <summary>One HCPCS Level II code from the annual file, its long description joined across continuation records.</summary>
public sealed record HcpcsRecord(long LineNumber, string Code, string ShortDescription, string LongDescription);

/// <summary>
/// Streams the fixed-width CMS HCPCS annual file (<c>HCPC20xx_..._ANWEB_v*.txt</c>, the record layout in
/// <c>HCPC20xx_recordlayout.txt</c>): code in columns 1–5, sequence number 6–10, record identification in 11
/// (3 = first line of a procedure, 4 = continuation of its long description, 7 and 8 the same for a
/// modifier), long description 12–91, short description 92–119. The fields after column 119 (pricing,
/// coverage, dates) are not read: the importer dates codes by the release it is given. Modifier records
/// are skipped.
/// </summary>
public static class HcpcsFileReader
{
    private const int LongStart = 11;
    private const int LongLength = 80;
    private const int ShortStart = 91;
    private const int ShortLength = 28;

    public static IEnumerable<HcpcsRecord> Read(TextReader reader, string source)
    {
        long number = 0;
        HcpcsRecord? pending = null;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
                continue;
            if (line.Length < LongStart + 1)
                throw new CodeSetFormatException(source, number, "line is shorter than the record identification column (11)");
            var recordId = line[10];
            if (recordId is '7' or '8')
                continue;
            var code = line[..5];
            if (!CodeFormat.TryNormalizeProcedure(code, out var normalized) || normalized != code || !char.IsAsciiLetter(code[0]))
                throw new CodeSetFormatException(source, number, $"'{code}' is not a HCPCS Level II code");
            if (line.AsSpan(5, 5).ContainsAnyExceptInRange('0', '9'))
                throw new CodeSetFormatException(source, number, $"'{line[5..10]}' is not a five-digit sequence number");
            var longPart = Field(line, LongStart, LongLength);
            switch (recordId)
            {
                case '3':
                    if (line.Length < ShortStart + 1)
                        throw new CodeSetFormatException(source, number, "a first procedure record needs its short description (columns 92–119)");
                    if (pending is not null)
                        yield return pending;
                    var shortDescription = Field(line, ShortStart, ShortLength);
                    if (longPart.Length == 0 || shortDescription.Length == 0)
                        throw new CodeSetFormatException(source, number, "a description is empty");
                    pending = new HcpcsRecord(number, code, shortDescription, longPart);
                    break;
                case '4':
                    if (pending is null || pending.Code != code)
                        throw new CodeSetFormatException(source, number, $"continuation record for {code} does not follow its first record");
                    pending = pending with { LongDescription = pending.LongDescription + " " + longPart };
                    break;
                default:
                    throw new CodeSetFormatException(source, number, $"record identification must be 3, 4, 7 or 8, not '{recordId}'");
            }
        }
        if (pending is not null)
            yield return pending;
    }

    private static string Field(string line, int start, int length) =>
        line.Length <= start ? string.Empty : line.Substring(start, Math.Min(length, line.Length - start)).Trim();
}
