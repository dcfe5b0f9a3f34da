using System.Globalization;

namespace RevenueCycle.Payments.Deposits;

/// <summary>
/// Reads a BAI2 bank file (BAI, Cash Management Balance Reporting Specifications Version 2): 01 file header, 02 group header
/// (as-of date), 03 account identifier with its summaries, 16 transaction details, 88 continuations, 49 account trailer,
/// 98 group trailer, 99 file trailer. Every control total and record count is checked, so a file cut short or altered is
/// refused naming its line. Each credit detail (type codes 100–399) is a deposit; debits and balances are not.
/// </summary>
public static class Bai2Reader
{
    const string Version = "2"; // 01 record, field 9
    const int FirstCreditTypeCode = 100, LastCreditTypeCode = 399; // BAI2 detail type codes: 100–399 credits, 400–699 debits
    const long MaxDepositCents = 999_999_999_999; // deposits.amount numeric(12,2)
    static readonly string[] Usd = ["", "USD"]; // amounts carry the currency's implied decimals: two for US dollars

    sealed record Record(int Line, string Code, string Content)
    {
        public int Physical { get; set; } = 1;
        public string Content { get; set; } = Content;
    }

    public static IReadOnlyList<BankDeposit> Read(string text)
    {
        var records = new RecordCursor(Records(text));
        var deposits = new List<BankDeposit>();
        Record Expect(params string[] codes) => records.Expect(codes);

        var header = Expect("01");
        var h = Fields(header);
        if (Field(h, 7) != Version)
            throw new DepositFileException(header.Line, "01", "versionNumber", $"The file says version '{Field(h, 7)}'; only BAI version 2 is read.");
        long fileTotal = 0;
        int groups = 0, fileRecords = header.Physical;
        while (true)
        {
            var g = Expect("02", "99");
            if (g.Code == "99")
            {
                var t = Fields(g);
                Check(g, "fileControlTotal", Amount(g, t, 0, "fileControlTotal", required: true), fileTotal);
                Check(g, "numberOfGroups", Count(g, t, 1, "numberOfGroups"), groups);
                Check(g, "numberOfRecords", Count(g, t, 2, "numberOfRecords"), fileRecords + g.Physical);
                records.ExpectEnd();
                return deposits;
            }
            groups++;
            var gf = Fields(g);
            var asOf = Date(g, Field(gf, 3), "asOfDate");
            var groupCurrency = Field(gf, 5);
            if (!Usd.Contains(groupCurrency, StringComparer.OrdinalIgnoreCase))
                throw new DepositFileException(g.Line, "02", "currencyCode", $"Currency {groupCurrency}: only US dollars are read.");
            long groupTotal = 0;
            int accounts = 0, groupRecords = g.Physical;
            while (true)
            {
                var a = Expect("03", "98");
                if (a.Code == "98")
                {
                    var t = Fields(a);
                    Check(a, "groupControlTotal", Amount(a, t, 0, "groupControlTotal", required: true), groupTotal);
                    Check(a, "numberOfAccounts", Count(a, t, 1, "numberOfAccounts"), accounts);
                    Check(a, "numberOfRecords", Count(a, t, 2, "numberOfRecords"), groupRecords + a.Physical);
                    fileTotal += groupTotal;
                    fileRecords += groupRecords + a.Physical;
                    break;
                }
                accounts++;
                var (accountTotal, accountRecords) = ReadAccount(a, asOf, records, deposits);
                groupTotal += accountTotal;
                groupRecords += accountRecords;
            }
        }
    }

    static (long Total, int Records) ReadAccount(Record a, DateOnly asOf, RecordCursor records, List<BankDeposit> deposits)
    {
        var af = Fields(a);
        var account = Field(af, 0);
        if (account.Length == 0) throw new DepositFileException(a.Line, "03", "customerAccountNumber", "is required.");
        if (!Usd.Contains(Field(af, 1), StringComparer.OrdinalIgnoreCase))
            throw new DepositFileException(a.Line, "03", "currencyCode", $"Currency {Field(af, 1)}: only US dollars are read.");
        long total = 0;
        // Summaries: type code, amount, item count, funds type (with its availability fields), repeated.
        var cursor = new FieldCursor(a.Content);
        cursor.Next(); cursor.Next();
        while (!cursor.Ended)
        {
            var typeCode = cursor.Next();
            if (typeCode.Length == 0 && cursor.Ended) break;
            TypeCode(a, typeCode, "typeCode");
            total += Amount(a, cursor.Next(), "amount", required: false);
            cursor.Next();
            Availability(a, cursor);
        }
        var count = a.Physical;
        while (true)
        {
            var r = records.Expect("16", "49");
            if (r.Code == "49")
            {
                var t = Fields(r);
                Check(r, "accountControlTotal", Amount(r, t, 0, "accountControlTotal", required: true), total);
                Check(r, "numberOfRecords", Count(r, t, 1, "numberOfRecords"), count + r.Physical);
                return (total, count + r.Physical);
            }
            count += r.Physical;
            var c = new FieldCursor(r.Content);
            var type = TypeCode(r, c.Next(), "typeCode");
            var amount = Amount(r, c.Next(), "amount", required: true);
            total += amount;
            Availability(r, c);
            var bankReference = Clean(c.Next());
            var customerReference = Clean(c.Next());
            var text = Clean(c.Rest());
            if (type is < FirstCreditTypeCode or > LastCreditTypeCode) continue;
            if (amount is <= 0 or > MaxDepositCents) throw new DepositFileException(r.Line, "16", "amount", "A credit is more than zero and at most 9,999,999,999.99.");
            var addenda = Trace.FromAddenda(text) ?? Trace.FromAddenda(customerReference);
            deposits.Add(new BankDeposit(r.Line, asOf, amount / 100m, addenda?.Trace ?? customerReference, addenda?.Originator, bankReference,
                customerReference, type.ToString("000", CultureInfo.InvariantCulture), account, text));
        }
    }

    // Funds type (BAI2 "Funds Type"): Z, 0, 1, 2 stand alone; S has three availability amounts; V a value date and time; D a count of day/amount pairs.
    static void Availability(Record r, FieldCursor c)
    {
        var fundsType = c.Next().ToUpperInvariant();
        switch (fundsType)
        {
            case "" or "Z" or "0" or "1" or "2":
                return;
            case "S":
                for (var k = 0; k < 3; k++) Amount(r, c.Next(), "availability", required: false);
                return;
            case "V":
                c.Next(); c.Next();
                return;
            case "D":
                var pairs = c.Next();
                if (!int.TryParse(pairs, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 99)
                    throw new DepositFileException(r.Line, r.Code, "availability", $"'{pairs}' is not a number of distributions.");
                for (var k = 0; k < n; k++) { c.Next(); Amount(r, c.Next(), "availability", required: false); }
                return;
            default:
                throw new DepositFileException(r.Line, r.Code, "fundsType", $"'{fundsType}' is not a funds type (Z, 0, 1, 2, S, V, D).");
        }
    }

    static List<Record> Records(string text)
    {
        var records = new List<Record>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r', ' ');
            if (line.Length == 0) continue;
            if (line.Contains('\0')) throw new DepositFileException(n + 1, null, "text", "The line holds a NUL character.");
            var comma = line.IndexOf(',');
            var code = comma < 0 ? line.TrimEnd('/') : line[..comma];
            var content = comma < 0 ? "" : line[(comma + 1)..];
            if (code is not ("01" or "02" or "03" or "16" or "88" or "49" or "98" or "99"))
                throw new DepositFileException(n + 1, code.Length > 2 ? code[..2] : code, "recordType",
                    $"'{(code.Length > 10 ? code[..10] : code)}' is not a BAI2 record type (01, 02, 03, 16, 88, 49, 98, 99).");
            if (code == "88")
            {
                if (records.Count == 0) throw new DepositFileException(n + 1, "88", "recordType", "A continuation record with nothing before it.");
                var previous = records[^1];
                // A record that ended with "/" continues with its next field; one cut inside its text continues the text.
                previous.Content = previous.Content.EndsWith('/') ? previous.Content[..^1] + "," + content : previous.Content + " " + content;
                previous.Physical++;
                continue;
            }
            records.Add(new Record(n + 1, code, content));
        }
        return records;
    }

    static string[] Fields(Record r) => r.Content.TrimEnd('/').Split(',');

    static string Field(string[] fields, int index) => index < fields.Length ? fields[index].Trim() : "";

    static string? Clean(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static int TypeCode(Record r, string value, string field) =>
        value.Length == 3 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? code
            : throw new DepositFileException(r.Line, r.Code, field, $"'{value}' is not a three-digit BAI type code.");

    static long Amount(Record r, string[] fields, int index, string field, bool required) => Amount(r, Field(fields, index), field, required);

    // Amounts have no decimal point: the currency's implied decimals (cents for US dollars), an optional sign.
    static long Amount(Record r, string value, string field, bool required)
    {
        value = value.Trim();
        if (value.Length == 0)
            return required ? throw new DepositFileException(r.Line, r.Code, field, "is required.") : 0;
        var digits = value[0] is '+' or '-' ? value[1..] : value;
        if (digits.Length is 0 or > 16 || !digits.All(char.IsAsciiDigit))
            throw new DepositFileException(r.Line, r.Code, field, $"'{value}' is not an amount (cents without a decimal point, at most 16 digits).");
        var amount = long.Parse(digits, CultureInfo.InvariantCulture);
        return value[0] == '-' ? -amount : amount;
    }

    static int Count(Record r, string[] fields, int index, string field)
    {
        var value = Field(fields, index);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new DepositFileException(r.Line, r.Code, field, $"'{value}' is not a count.");
    }

    static void Check(Record r, string field, long stated, long counted)
    {
        if (stated != counted)
            throw new DepositFileException(r.Line, r.Code, field, $"says {stated}, but the records it closes add up to {counted}.");
    }

    static DateOnly Date(Record r, string value, string field) =>
        DateOnly.TryParseExact(value, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new DepositFileException(r.Line, r.Code, field, $"'{value}' is not a date (YYMMDD).");

    sealed class RecordCursor(List<Record> records)
    {
        int next;

        public Record Expect(params string[] codes)
        {
            if (next >= records.Count)
            {
                var last = records.Count == 0 ? 1 : records[^1].Line;
                throw new DepositFileException(last, null, "recordType", $"The file ends where a {string.Join(" or ", codes)} record was expected.");
            }
            var r = records[next++];
            if (!codes.Contains(r.Code))
                throw new DepositFileException(r.Line, r.Code, "recordType", $"Record type {r.Code} where a {string.Join(" or ", codes)} record was expected.");
            return r;
        }

        public void ExpectEnd()
        {
            if (next < records.Count) throw new DepositFileException(records[next].Line, records[next].Code, "recordType", "Records follow the 99 file trailer.");
        }
    }

    /// <summary>Walks a record's fields: each ends at a comma, and the record at a "/" (fields after it are defaulted).</summary>
    sealed class FieldCursor(string content)
    {
        int position;
        public bool Ended { get; private set; }

        public string Next()
        {
            if (Ended) return "";
            var end = content.IndexOfAny([',', '/'], position);
            if (end < 0) { Ended = true; return content[position..]; }
            var value = content[position..end];
            if (content[end] == '/') Ended = true;
            position = end + 1;
            if (position >= content.Length) Ended = true;
            return value;
        }

        /// <summary>The text field: the rest of the record, commas and all (it is the last field and not delimited).</summary>
        public string Rest()
        {
            if (Ended) return "";
            Ended = true;
            var rest = content[position..];
            return rest.EndsWith('/') ? rest[..^1] : rest;
        }
    }
}
