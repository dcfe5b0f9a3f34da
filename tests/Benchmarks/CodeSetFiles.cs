using System.Globalization;
using System.Text;

namespace RevenueCycle.Benchmarks;

/// <summary>
/// Writes the four CMS code-set files at their real size, in their official layouts (as the Coding service's readers and the
/// files' own record layouts describe them): the ICD-10-CM order file (fixed width, 77,500 lines: 2,500 three-character
/// categories, each a header and 30 billable codes; the FY2026 file has ~98,000 lines, ~74,000 billable), the HCPCS Level II
/// annual file (320-character records: 8,000 codes whose long descriptions continue on a second record, and 300 modifiers),
/// the NCCI practitioner PTP table (tab-delimited, with its copyright and heading lines; 2,000,000 edits by default) and the
/// practitioner MUE table (15,000 codes). Codes and words are made up: only the shapes and sizes are CMS's.
/// </summary>
public static class CodeSetFiles
{
    public const int Icd10Categories = 2_500, Icd10CodesPerCategory = 30;
    public const int HcpcsCodes = 8_000, HcpcsModifiers = 300, MueCodes = 15_000;

    static readonly string[] Words = ["acute", "chronic", "left", "right", "bilateral", "unspecified", "initial", "subsequent", "encounter",
        "fracture", "injury", "disorder", "infection", "of", "with", "without", "complication", "upper", "lower", "limb", "procedure", "supply",
        "device", "each", "per", "session", "visit", "services", "evaluation", "therapy", "imaging", "surgical", "contrast", "minutes"];

    static string Text(Random random, int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0) text.Append(' ');
            text.Append(Words[random.Next(Words.Length)]);
        }
        text[0] = char.ToUpperInvariant(text[0]);
        return text.ToString();
    }

    public static void WriteAll(string directory, int ptpRows)
    {
        Directory.CreateDirectory(directory);
        Write(Path.Combine(directory, "icd10cm_order_2026.txt"), WriteIcd10Cm);
        Write(Path.Combine(directory, "HCPC2026_JAN_ANWEB.txt"), WriteHcpcs);
        Write(Path.Combine(directory, "ccipra-v321r0-f1.txt"), w => WritePtp(w, ptpRows));
        Write(Path.Combine(directory, "MCR_MUE_PractitionerServices.txt"), WriteMue);
    }

    static void Write(string path, Action<TextWriter> write)
    {
        using (var file = new StreamWriter(path, false, Encoding.ASCII, 1 << 16) { NewLine = "\r\n" })
            write(file);
        Console.WriteLine($"{path}: {File.ReadLines(path).LongCount():N0} lines, {new FileInfo(path).Length / 1024.0 / 1024.0:F1} MB");
    }

    /// <summary>The category letters: every letter but U (reserved by the WHO for provisional codes, not in ICD-10-CM's chapters).</summary>
    static IEnumerable<string> Icd10CmCategories()
    {
        foreach (var letter in "ABCDEFGHIJKLMNOPQRSTVWXYZ")
            for (var n = 0; n < 100; n++)
                yield return $"{letter}{n:D2}";
    }

    static void WriteIcd10Cm(TextWriter w)
    {
        var random = new Random(10);
        var order = 0;
        foreach (var category in Icd10CmCategories().Take(Icd10Categories))
        {
            Line(category, false);
            for (var i = 0; i < Icd10CodesPerCategory; i++)
                Line($"{category}{i / 10}{i % 10}", true);
        }

        void Line(string code, bool billable)
        {
            var shortText = Text(random, 5);
            if (shortText.Length > 60) shortText = shortText[..60];
            w.WriteLine($"{++order:D5} {code,-7} {(billable ? '1' : '0')} {shortText,-60} {Text(random, 9)}");
        }
    }

    static void WriteHcpcs(TextWriter w)
    {
        var random = new Random(11);
        var letters = "ABCEGHJKLQ";
        var sequence = 0;
        for (var i = 0; i < HcpcsCodes; i++)
        {
            var code = $"{letters[i / 1000]}{i % 1000 + 1000 * (i % 9):D4}"[..5];
            Record(code, '3', Text(random, 10), Text(random, 3));
            Record(code, '4', Text(random, 6), null);
        }
        for (var i = 0; i < HcpcsModifiers; i++)
        {
            var modifier = $"{(char)('A' + i / 26 % 26)}{(char)('A' + i % 26)}";
            Record("   " + modifier, '7', Text(random, 8), Text(random, 2));
        }

        void Record(string code, char id, string longText, string? shortText)
        {
            var record = new StringBuilder(new string(' ', 320));
            Put(record, 0, code, 5);
            Put(record, 5, (++sequence % 100_000).ToString("D5", CultureInfo.InvariantCulture), 5);
            record[10] = id;
            Put(record, 11, longText, 80);
            if (shortText is not null) Put(record, 91, shortText, 28);
            Put(record, 284, "        ", 8); // no termination date
            w.WriteLine(record.ToString().TrimEnd());
        }
    }

    static void Put(StringBuilder record, int start, string value, int length)
    {
        for (var i = 0; i < length && i < value.Length; i++) record[start + i] = value[i];
    }

    /// <summary>Column 1 codes and, for each, the column 2 codes it bundles (CPT-shaped: five digits from 10000).</summary>
    public static IEnumerable<(string Column1, string Column2)> PtpPairs(int rows)
    {
        const int PerColumn1 = 200;
        for (var i = 0; i < rows; i++)
        {
            var column1 = 10_000 + i / PerColumn1 * 7 % 89_000;
            var column2 = 10_000 + (column1 + 1 + i % PerColumn1 * 13) % 89_990;
            yield return ($"{column1:D5}", $"{column2:D5}");
        }
    }

    static void WritePtp(TextWriter w, int rows)
    {
        w.WriteLine("CPT codes, descriptions and other data only are copyright 2025 American Medical Association. All rights reserved.");
        w.WriteLine("Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale");
        var random = new Random(12);
        string[] rationales = ["Misuse of column two code with column one code", "Standards of medical / surgical practice", "CPT Manual or CMS manual coding instructions", "Mutually exclusive procedures"];
        foreach (var (column1, column2) in PtpPairs(rows))
        {
            var deleted = random.Next(20) == 0;
            w.WriteLine($"{column1}\t{column2}\t{(random.Next(4) == 0 ? "*" : "")}\t{2000 + random.Next(26)}0101\t{(deleted ? "20231231" : "*")}\t{"019"[random.Next(3)]}\t{rationales[random.Next(rationales.Length)]}");
        }
    }

    static void WriteMue(TextWriter w)
    {
        w.WriteLine("HCPCS/CPT Code\tPractitioner Services MUE Values\tMUE Adjudication Indicator\tMUE Rationale");
        var random = new Random(13);
        string[] indicators = ["1 Line Edit", "2 Date of Service Edit: Policy", "3 Date of Service Edit: Clinical"];
        for (var i = 0; i < MueCodes; i++)
            w.WriteLine($"{10_000 + i * 5:D5}\t{1 + random.Next(12)}\t{indicators[random.Next(3)]}\tClinical: Data");
    }
}
