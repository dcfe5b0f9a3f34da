using System.Globalization;
using System.Text;

namespace RevenueCycle.ServiceDefaults.Http;

/// <summary>How a value of a sort key is kept in a cursor and compared in SQL.</summary>
public enum SortValueKind { Number, Date, Instant }

/// <summary>
/// The cursor of a list sorted by a key that many rows may share (a deadline, an amount): the sort it was made for, the last row's
/// value of that key and its id, so the next page starts strictly after (value, id) whatever rows were added or changed since.
/// Paging by id alone would skip or repeat rows among ties. Base64url of <c>sort|value|id</c>; a cursor of another sort is refused.
/// </summary>
public sealed record KeysetCursor(string Sort, string Value, Guid Id)
{
    const int MaxLength = 300;

    public string Write() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Sort}|{Value}|{Id:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Format(object value, SortValueKind kind) => value switch
    {
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d when kind == SortValueKind.Date => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"A sort value of type {value.GetType().Name} cannot go in a cursor."),
    };

    /// <summary>
    /// The cursor, when <paramref name="cursor"/> is one this API gave out for <paramref name="sort"/>; only a well-formed number, date or
    /// instant is returned, so a forged cursor cannot make the SQL cast fail.
    /// </summary>
    public static bool TryRead(string? cursor, string sort, SortValueKind kind, out KeysetCursor? after)
    {
        after = null;
        if (string.IsNullOrEmpty(cursor)) return true;
        if (cursor.Length > MaxLength) return false;
        string text;
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            text = Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=')));
        }
        catch (FormatException)
        {
            return false;
        }
        var parts = text.Split('|');
        if (parts.Length != 3 || parts[0] != sort || !Guid.TryParseExact(parts[2], "N", out var id)) return false;
        var ok = kind switch
        {
            SortValueKind.Number => decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            SortValueKind.Date => DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            _ => DateTimeOffset.TryParseExact(parts[1], "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        };
        if (!ok) return false;
        after = new KeysetCursor(sort, parts[1], id);
        return true;
    }

    public static string SqlType(SortValueKind kind) => kind switch
    {
        SortValueKind.Number => "numeric",
        SortValueKind.Date => "date",
        _ => "timestamptz",
    };
}

/// <summary>
/// A list's sort keys by name (<c>sort=deadline</c>, <c>-amount</c> for descending): the SQL of each key, its kind, and whether the
/// key's natural order is the column's reversed (<c>age</c> ascending is the date of service descending). Gives the ORDER BY, the
/// keyset condition after a cursor, and the page's next cursor.
/// </summary>
public sealed class KeysetSort(IReadOnlyDictionary<string, (string Sql, SortValueKind Kind, bool Reversed)> keys)
{
    public IEnumerable<string> Names => keys.Keys;

    /// <summary>The parsed sort and cursor, or null with the fields named in <paramref name="v"/>.</summary>
    public SortedPage? Parse(Validation v, string? sort, string defaultSort, string? cursor, int? limit)
    {
        var s = sort ?? defaultSort;
        var descending = s.StartsWith('-');
        var name = descending ? s[1..] : s;
        if (!v.Check(keys.ContainsKey(name), "sort", $"is one of {string.Join(", ", keys.Keys)}, with '-' first for descending.")) return null;
        var (sql, kind, reversed) = keys[name];
        if (!v.Check(KeysetCursor.TryRead(cursor, s, kind, out var after), "cursor", "is not a cursor this API gave out for this sort.")) return null;
        return new SortedPage(s, sql, kind, descending != reversed, after, Paging.Clamp(limit));
    }
}

/// <summary>One request's sort: <see cref="Order"/> and <see cref="After"/> use <c>@AfterValue</c> and <c>@AfterId</c> (<see cref="Parameters"/>).</summary>
public sealed record SortedPage(string Sort, string Sql, SortValueKind Kind, bool Descending, KeysetCursor? Cursor, int Take)
{
    string Direction => Descending ? "DESC" : "ASC";

    public string Order(string idColumn) => $"ORDER BY {Sql} {Direction}, {idColumn} {Direction}";

    public string After(string idColumn) =>
        $"(@AfterValue::text IS NULL OR ({Sql}, {idColumn}) {(Descending ? "<" : ">")} (@AfterValue::{KeysetCursor.SqlType(Kind)}, @AfterId))";

    public object Parameters => new { AfterValue = Cursor?.Value, AfterId = Cursor?.Id ?? Guid.Empty, Take = Take + 1 };

    /// <summary>The page of rows fetched with <c>LIMIT Take + 1</c>, its cursor made from the last row's sort value and id.</summary>
    public Page<T> Page<T>(IReadOnlyList<T> rows, Func<T, object> value, Func<T, Guid> id) =>
        rows.Count > Take
            ? new Page<T>(rows.Take(Take).ToList(), new KeysetCursor(Sort, KeysetCursor.Format(value(rows[Take - 1]), Kind), id(rows[Take - 1])).Write())
            : new Page<T>(rows, null);
}
