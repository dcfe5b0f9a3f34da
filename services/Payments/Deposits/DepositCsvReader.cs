using System.Globalization;
using System.Text;

namespace RevenueCycle.Payments.Deposits;

/// <summary>
/// Reads the simple deposit CSV a bank portal exports (RFC 4180 quoting): date (YYYY-MM-DD or MM/DD/YYYY), amount (dollars and
/// cents), reference (the EFT trace, or the CCD+ addenda "TRN*1*trace*originator\"), and an optional description. A first row
/// starting with "date" is the header.
/// </summary>
public static class DepositCsvReader
{
    static readonly string[] DateFormats = ["yyyy-MM-dd", "MM/dd/yyyy", "M/d/yyyy"];
    const decimal MaxAmount = 9_999_999_999.99m; // numeric(12,2)

    public static IReadOnlyList<BankDeposit> Read(string text)
    {
        var deposits = new List<BankDeposit>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r');
            var number = n + 1;
            if (line.Trim().Length == 0) continue;
            if (line.Contains('\0')) throw new DepositFileException(number, null, "text", "The line holds a NUL character.");
            var fields = Split(line, number);
            if (deposits.Count == 0 && n == FirstLine(lines) && fields[0].Trim().Equals("date", StringComparison.OrdinalIgnoreCase)) continue;
            if (fields.Count is < 3 or > 4)
                throw new DepositFileException(number, null, "columns", $"has {fields.Count} columns; a deposit is date, amount, reference[, description].");
            var dateText = fields[0].Trim();
            if (!DateOnly.TryParseExact(dateText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new DepositFileException(number, null, "date", $"'{Short(dateText)}' is not a date (YYYY-MM-DD or MM/DD/YYYY).");
            var amountText = fields[1].Trim().TrimStart('$');
            if (!decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                || amount <= 0 || amount > MaxAmount || decimal.Round(amount, 2) != amount)
                throw new DepositFileException(number, null, "amount", $"'{Short(fields[1].Trim())}' is not a deposit amount (more than zero, dollars and at most two decimals).");
            var reference = fields[2].Trim();
            if (reference.Length > 80) throw new DepositFileException(number, null, "reference", "is longer than 80 characters.");
            var description = fields.Count > 3 && fields[3].Trim().Length > 0 ? fields[3].Trim() : null;
            if (description?.Length > 500) throw new DepositFileException(number, null, "description", "is longer than 500 characters.");
            var addenda = Trace.FromAddenda(reference);
            deposits.Add(new BankDeposit(number, date, amount, addenda?.Trace ?? (reference.Length == 0 ? null : reference), addenda?.Originator, null,
                reference.Length == 0 ? null : reference, null, null, description));
        }
        if (deposits.Count == 0) throw new DepositFileException(1, null, "body", "The file holds no deposit.");
        return deposits;
    }

    static int FirstLine(string[] lines) => Array.FindIndex(lines, l => l.Trim().Length > 0);

    static string Short(string value) => value.Length > 30 ? value[..30] + "…" : value;

    static List<string> Split(string line, int number)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else current.Append(ch);
            }
            else if (ch == '"' && current.ToString().Trim().Length == 0) { current.Clear(); quoted = true; }
            else if (ch == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        if (quoted) throw new DepositFileException(number, null, "columns", "A quoted field is not closed on its line.");
        fields.Add(current.ToString());
        return fields;
    }
}
