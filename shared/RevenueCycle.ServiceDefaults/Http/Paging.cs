namespace RevenueCycle.ServiceDefaults.Http;

/// <summary>Every list of the API: <c>?limit=&amp;cursor=</c> → <c>{ items, nextCursor }</c>.</summary>
public sealed record Page<T>(
    IReadOnlyList<T> Items,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? NextCursor);

public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>The limit to query with: one more than asked, to know whether another page exists.</summary>
    public static int Clamp(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);

    /// <summary>Builds the page from <paramref name="rows"/> fetched with <c>LIMIT limit + 1</c>, ordered by a UUIDv7 key.</summary>
    public static Page<T> Page<T>(IReadOnlyList<T> rows, int limit, Func<T, Guid> key) =>
        rows.Count > limit
            ? new Page<T>(rows.Take(limit).ToList(), key(rows[limit - 1]).ToString("N"))
            : new Page<T>(rows, null);

    public static bool TryCursor(string? cursor, out Guid after)
    {
        after = Guid.Empty;
        return string.IsNullOrEmpty(cursor) || Guid.TryParseExact(cursor, "N", out after);
    }
}

/// <summary>The answer to a POST that created something: <c>201 { id }</c>.</summary>
public sealed record CreatedId(Guid Id);
