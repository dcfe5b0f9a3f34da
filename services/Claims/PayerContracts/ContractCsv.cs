using System.Globalization;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Claims.PayerContracts;

/// <summary>
/// A payer's contract as a spreadsheet exports it (RFC 4180 CSV, one record a line): a header naming the columns — code, modifiers,
/// allowed, effectiveFrom, effectiveTo, in any order; modifiers and effectiveTo may be left out — then one contract line per row.
/// Modifiers are separated by ':' or spaces ("26" or "26:59"); dates are YYYY-MM-DD; amounts are dollars and cents (a leading $ is
/// allowed). Every error names its line (1 is the header) and column; a file with any error stores nothing.
/// </summary>
public static class ContractCsv
{
    static readonly string[] Columns = ["code", "modifiers", "allowed", "effectiveFrom", "effectiveTo"];
    static readonly string[] RequiredColumns = ["code", "allowed", "effectiveFrom"];

    public static (List<ContractItem> Items, List<int> LineNumbers) Parse(string text, Validation v)
    {
        var items = new List<ContractItem>();
        var lineNumbers = new List<int>();
        var lines = text.Split('\n');
        Dictionary<string, int>? header = null;
        for (var n = 0; n < lines.Length; n++)
        {
            var lineNumber = n + 1;
            var raw = lines[n].TrimEnd('\r');
            if (raw.Trim().Length == 0) continue;
            if (!TrySplit(raw, out var fields))
            {
                v.Error($"line {lineNumber}", "has an unclosed quote (a quoted field must end on its own line).");
                continue;
            }
            if (header is null)
            {
                header = ReadHeader(fields, lineNumber, v);
                if (header is null) return ([], []);
                continue;
            }
            if (fields.Count != header.Count)
            {
                v.Error($"line {lineNumber}", $"has {fields.Count} fields; the header has {header.Count}.");
                continue;
            }
            if (items.Count == ContractRules.MaxLines)
            {
                v.Error($"line {lineNumber}", $"is past the most lines one upload takes ({ContractRules.MaxLines}); split the file by effective date.");
                break;
            }
            string? Field(string name) => header.TryGetValue(name, out var i) ? fields[i].Trim() : null;
            string Where(string name) => $"line {lineNumber}, column {(header.TryGetValue(name.Split('[')[0], out var i) ? i + 1 : 0)} ({name.Split('[')[0]})";
            var item = new ContractItem(
                Field("code")?.ToUpperInvariant(),
                (Field("modifiers") ?? "").Split([':', ' '], StringSplitOptions.RemoveEmptyEntries).Select(m => m.ToUpperInvariant()).ToList(),
                Amount(Field("allowed"), Where("allowed"), v),
                Date(Field("effectiveFrom"), Where("effectiveFrom"), v),
                Date(Field("effectiveTo"), Where("effectiveTo"), v));
            // A field that did not parse is already named; the rules would only repeat "is required" for it.
            ContractRules.Check(v, item with
            {
                Allowed = item.Allowed ?? (Field("allowed") is { Length: > 0 } ? 0m : null),
                EffectiveFrom = item.EffectiveFrom ?? (Field("effectiveFrom") is { Length: > 0 } ? DateOnly.MinValue : null),
            }, Where);
            items.Add(item);
            lineNumbers.Add(lineNumber);
        }
        if (header is null) v.Error("line 1", "must be a header naming the columns: " + string.Join(", ", Columns) + ".");
        return (items, lineNumbers);
    }

    static Dictionary<string, int>? ReadHeader(List<string> fields, int lineNumber, Validation v)
    {
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var name = Columns.FirstOrDefault(c => string.Equals(c, fields[i].Trim().Replace("_", ""), StringComparison.OrdinalIgnoreCase))
                ?? (string.Equals(fields[i].Trim(), "modifier", StringComparison.OrdinalIgnoreCase) ? "modifiers" : null);
            if (name is null)
                v.Error($"line {lineNumber}, column {i + 1}", $"'{fields[i].Trim()}' is not a column of a contract ({string.Join(", ", Columns)}).");
            else if (!header.TryAdd(name, i))
                v.Error($"line {lineNumber}, column {i + 1}", $"'{name}' is named twice.");
        }
        foreach (var required in RequiredColumns.Where(c => !header.ContainsKey(c)))
            v.Error($"line {lineNumber}", $"must have a '{required}' column.");
        return v.IsValid ? header : null;
    }

    static decimal? Amount(string? text, string where, Validation v)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var digits = text.StartsWith('$') ? text[1..] : text;
        if (decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return amount;
        v.Error(where, $"'{text}' is not an amount in dollars and cents (e.g. 72.50).");
        return null;
    }

    static DateOnly? Date(string? text, string where, Validation v)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        v.Error(where, $"'{text}' is not a date (YYYY-MM-DD).");
        return null;
    }

    /// <summary>Splits one CSV record: fields separated by commas, a field in double quotes may hold commas and "" for a quote.</summary>
    static bool TrySplit(string line, out List<string> fields)
    {
        fields = [];
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return !quoted;
    }
}
