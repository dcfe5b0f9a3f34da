using System.Globalization;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Payments.Deposits;

/// <summary>
/// The filters and order of the deposit lists: payer, date range (from, to: YYYY-MM-DD), amount range (minAmount, maxAmount), sort
/// (date, amount or received, "-" first for descending). Pages stay keyed by id (the cursor is the last row's id), so a sorted list
/// pages by (sort value, id) after that row.
/// </summary>
public sealed record ListFilter(string? Payer, DateOnly? From, DateOnly? To, decimal? MinAmount, decimal? MaxAmount, string SortColumn, bool Descending,
    Guid After, int Take)
{
    public static ListFilter? Parse(Validation v, string? payer, string? from, string? to, string? minAmount, string? maxAmount, string? sort,
        string? cursor, int? limit, string defaultSort, IReadOnlyDictionary<string, string> sortColumns)
    {
        v.Check(Paging.TryCursor(cursor, out var after), "cursor", "is not a cursor this API gave out.");
        v.Check(payer is null || payer.Length is > 0 and <= 80 && !payer.Contains('\0'), "payer", "is a payer id or name of at most 80 characters.");
        var f = Date(v, from, "from");
        var t = Date(v, to, "to");
        if (f is not null && t is not null) v.Check(f <= t, "to", "is on or after 'from'.");
        var min = Money(v, minAmount, "minAmount");
        var max = Money(v, maxAmount, "maxAmount");
        if (min is not null && max is not null) v.Check(min <= max, "maxAmount", "is at least 'minAmount'.");
        var s = sort ?? defaultSort;
        var descending = s.StartsWith('-');
        v.Check(sortColumns.ContainsKey(descending ? s[1..] : s), "sort", $"is one of {string.Join(", ", sortColumns.Keys)}, with '-' first for descending.");
        v.Check(limit is null or >= 1 and <= Paging.MaxLimit, "limit", $"is from 1 to {Paging.MaxLimit}.");
        if (!v.IsValid) return null;
        return new ListFilter(payer, f, t, min, max, sortColumns[descending ? s[1..] : s], descending, after, Paging.Clamp(limit));
    }

    /// <summary>ORDER BY and the keyset condition for <paramref name="alias"/>.<c>id</c> after the cursor's row in <paramref name="table"/>.</summary>
    public string Order(string alias) => $"ORDER BY {alias}.{SortColumn} {(Descending ? "DESC" : "ASC")}, {alias}.id {(Descending ? "DESC" : "ASC")}";

    public string AfterCursor(string alias, string table) =>
        $"(@After = '00000000-0000-0000-0000-000000000000'::uuid OR ({alias}.{SortColumn}, {alias}.id) {(Descending ? "<" : ">")} " +
        $"(SELECT a.{SortColumn}, a.id FROM {table} a WHERE a.tenant_id = @Tenant AND a.id = @After))";

    public static DateOnly? Date(Validation v, string? value, string field) => v.Date(value, field);

    static decimal? Money(Validation v, string? value, string field)
    {
        if (value is null) return null;
        var ok = decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d < 10_000_000_000m && decimal.Round(d, 2) == d;
        return v.Check(ok, field, "is an amount of dollars and cents, at least zero.") ? d : null;
    }
}
