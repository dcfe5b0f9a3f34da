using System.Globalization;

namespace RevenueCycle.Coding.CodeSets;

/// <summary>What a HCPCS annual file record describes: a Level II procedure code or a modifier.</summary>
public enum HcpcsRecordKind
{
    Procedure,
    Modifier,
}

/// <summary>
/// One HCPCS Level II procedure code or modifier from the annual file, its long description joined across
/// continuation records; <see cref="TerminationDate"/> is the last day Medicare accepts it, when the file gives one.
/// </summary>
public sealed record HcpcsRecord(long LineNumber, HcpcsRecordKind Kind, string Code, string ShortDescription, string LongDescription, DateOnly? TerminationDate = null)
{
    public string System => Kind == HcpcsRecordKind.Modifier ? CodeSystem.HcpcsModifier : CodeSystem.Hcpcs;
}

/// <summary>
/// Streams the fixed-width CMS HCPCS annual file (<c>HCPC20xx_..._ANWEB_v*.txt</c>), as its record layout
/// (<c>HCPC20xx_recordlayout.txt</c>, "HCPCS Contractor Record", 320 characters) describes it:
/// <list type="bullet">
/// <item>1–5 the HCPCS code; on a modifier record 1–3 are filler and the modifier is in 4–5;</item>
/// <item>6–10 the sequence number; 11 the record identification code: 3 first line of a procedure, 4 a further
/// line of its long description, 7 first line of a modifier, 8 a further line of its long description;</item>
/// <item>12–91 the long description (80 characters a line), 92–119 the short description (first lines only);</item>
/// <item>285–292 the termination date (YYYYMMDD), the last date a code or modifier may be used by Medicare.</item>
/// </list>
/// The pricing, coverage and other administrative fields are not read: the importer dates codes by the release it is given.
/// </summary>
public static class HcpcsFileReader
{
    private const int RecordIdColumn = 10;
    private const int LongStart = 11;
    private const int LongLength = 80;
    private const int ShortStart = 91;
    private const int ShortLength = 28;
    private const int TerminationStart = 284;
    private const int DateLength = 8;

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
            var recordId = line[RecordIdColumn];
            var kind = recordId switch
            {
                '3' or '4' => HcpcsRecordKind.Procedure,
                '7' or '8' => HcpcsRecordKind.Modifier,
                _ => throw new CodeSetFormatException(source, number, $"record identification must be 3, 4, 7 or 8, not '{recordId}'"),
            };
            var code = kind == HcpcsRecordKind.Modifier ? ModifierCode(line, source, number) : ProcedureCode(line, source, number);
            if (line.AsSpan(5, 5).ContainsAnyExceptInRange('0', '9'))
                throw new CodeSetFormatException(source, number, $"'{line[5..10]}' is not a five-digit sequence number");
            var longPart = Field(line, LongStart, LongLength);
            if (recordId is '3' or '7')
            {
                if (line.Length < ShortStart + 1)
                    throw new CodeSetFormatException(source, number, "a first record needs its short description (columns 92–119)");
                if (pending is not null)
                    yield return pending;
                var shortDescription = Field(line, ShortStart, ShortLength);
                if (longPart.Length == 0 || shortDescription.Length == 0)
                    throw new CodeSetFormatException(source, number, "a description is empty");
                pending = new HcpcsRecord(number, kind, code, shortDescription, longPart, TerminationDate(line, source, number));
            }
            else
            {
                if (pending is null || pending.Kind != kind || pending.Code != code)
                    throw new CodeSetFormatException(source, number, $"continuation record for {code} does not follow its first record");
                pending = pending with { LongDescription = pending.LongDescription + " " + longPart };
            }
        }
        if (pending is not null)
            yield return pending;
    }

    private static string ProcedureCode(string line, string source, long number)
    {
        var code = line[..5];
        if (!CodeFormat.TryNormalizeProcedure(code, out var normalized) || normalized != code || !char.IsAsciiLetter(code[0]))
            throw new CodeSetFormatException(source, number, $"'{code}' is not a HCPCS Level II code");
        return code;
    }

    private static string ModifierCode(string line, string source, long number)
    {
        var modifier = line[3..5];
        if (!string.IsNullOrWhiteSpace(line[..3])
            || !CodeFormat.TryNormalizeModifier(modifier, out var normalized) || normalized != modifier)
            throw new CodeSetFormatException(source, number, $"'{line[..5]}' is not a modifier record's code (columns 1–3 blank, the modifier in 4–5)");
        return modifier;
    }

    private static DateOnly? TerminationDate(string line, string source, long number)
    {
        var text = Field(line, TerminationStart, DateLength);
        if (text.Length == 0)
            return null;
        return DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CodeSetFormatException(source, number, $"'{text}' in columns 285–292 is not a termination date (YYYYMMDD)");
    }

    private static string Field(string line, int start, int length) =>
        line.Length <= start ? string.Empty : line.Substring(start, Math.Min(length, line.Length - start)).Trim();
}
