using System.Globalization;
using Dapper;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Deadlines;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Claims.WorkQueues;

/// <summary>
/// The filters and sorts of the claim lists that are work queues (held, rejected, denials): payer (payerId), aging bucket of the date of
/// service (0-30, 31-60, 61-90, 91-120, 120+ days), total charge (minAmount, maxAmount), denial category, deadline before a date
/// (dueBefore) and sort (deadline, amount, age, created; '-' first for descending), paged by (sort key, id).
/// </summary>
public sealed record ClaimListFilter(string? PayerId, DateOnly? ServedFrom, DateOnly? ServedTo, decimal? MinAmount, decimal? MaxAmount, string? Category,
    DateOnly? DueBefore, SortedPage Order)
{
    public static readonly IReadOnlyDictionary<string, (int From, int? To)> AgingBuckets = new Dictionary<string, (int, int?)>
    {
        ["0-30"] = (0, 30), ["31-60"] = (31, 60), ["61-90"] = (61, 90), ["91-120"] = (91, 120), ["120+"] = (121, null),
    };

    /// <summary>A claim without a current deadline sorts after every one that has one.</summary>
    const string DeadlineKey = $"COALESCE({ClaimDeadlines.DateSql}, '9999-12-31'::date)";

    public static readonly KeysetSort Sorts = new(new Dictionary<string, (string, SortValueKind, bool)>
    {
        ["deadline"] = (DeadlineKey, SortValueKind.Date, false),
        ["amount"] = ("claims.total_charge", SortValueKind.Number, false),
        // Age ascending is the youngest first: the date of service descending.
        ["age"] = ("claims.date_of_service", SortValueKind.Date, true),
        ["created"] = ("claims.created_at", SortValueKind.Instant, false),
    });

    public static ClaimListFilter? Parse(Validation v, DateOnly today, string? payerId, string? agingBucket, decimal? minAmount, decimal? maxAmount,
        string? category, string? dueBefore, string? sort, string? cursor, int? limit)
    {
        v.Check(payerId is null || payerId.Length is > 0 and <= 80, "payerId", "is a payer id of at most 80 characters.");
        v.Check(agingBucket is null || AgingBuckets.ContainsKey(agingBucket), "agingBucket", $"is one of {string.Join(", ", AgingBuckets.Keys)} (days since the date of service).");
        v.Check(minAmount is null or >= 0, "minAmount", "is an amount of at least zero.");
        v.Check(maxAmount is null or >= 0, "maxAmount", "is an amount of at least zero.");
        if (minAmount is not null && maxAmount is not null) v.Check(minAmount <= maxAmount, "maxAmount", "is at least minAmount.");
        v.Check(category is null || category.Length is > 0 and <= 80, "category", "is a denial category of at most 80 characters.");
        var due = v.Date(dueBefore, "dueBefore");
        v.Check(limit is null or >= 1 and <= Paging.MaxLimit, "limit", $"is from 1 to {Paging.MaxLimit}.");
        var order = Sorts.Parse(v, sort, "created", cursor, limit);
        if (!v.IsValid || order is null) return null;
        DateOnly? servedFrom = null, servedTo = null;
        if (agingBucket is not null)
        {
            var (from, to) = AgingBuckets[agingBucket];
            servedTo = today.AddDays(-from);
            servedFrom = to is { } t ? today.AddDays(-t) : null;
        }
        return new ClaimListFilter(payerId, servedFrom, servedTo, minAmount, maxAmount, category, due, order);
    }

    public const string Sql =
        $"""
        (@PayerId::text IS NULL OR claims.payer_id = @PayerId)
          AND (@ServedFrom::date IS NULL OR claims.date_of_service >= @ServedFrom) AND (@ServedTo::date IS NULL OR claims.date_of_service <= @ServedTo)
          AND (@MinAmount::numeric IS NULL OR claims.total_charge >= @MinAmount) AND (@MaxAmount::numeric IS NULL OR claims.total_charge <= @MaxAmount)
          AND (@Category::text IS NULL OR claims.denial->>'category' = @Category)
          AND (@DueBefore::date IS NULL OR {ClaimDeadlines.DateSql} < @DueBefore)
        """;

    public object Parameters => new { PayerId, ServedFrom, ServedTo, MinAmount, MaxAmount, Category, DueBefore };

    sealed class SortValue
    {
        public object? Value { get; set; }
    }

    /// <summary>A page of claims: <paramref name="where"/> over the claims table, this filter's conditions, the work filter's, in this order.</summary>
    public async Task<Page<ClaimView>> QueryAsync(NpgsqlConnection connection, string where, object parameters, WorkFilter? work, Guid tenant, DateOnly today)
    {
        var p = new DynamicParameters(parameters);
        p.AddDynamicParams(Parameters);
        p.AddDynamicParams(Order.Parameters);
        if (work is not null) p.AddDynamicParams(work.Parameters);
        var rows = (await connection.QueryAsync<ClaimRow, SortValue, (ClaimRow Row, object Key)>(
            $"""
            SELECT {ClaimStore.Columns}, {Order.Sql} AS value FROM claims
            WHERE {where} AND {Sql} {(work is null ? "" : "AND " + work.Sql("claims.id"))}
              AND {Order.After("claims.id")}
            {Order.Order("claims.id")} LIMIT @Take
            """, (row, key) => (row, key.Value!), p, splitOn: "value")).ToList();
        var views = await ClaimsEndpoints.ViewsAsync(connection, rows.Select(r => r.Row).ToList(), today);
        if (work is not null)
        {
            var fields = await work.LoadAsync(connection, tenant, views.Select(c => c.Id));
            views = views.Select(c => fields.TryGetValue(c.Id, out var w)
                ? c with { Assignee = w.Assignee, PendedUntil = w.PendedUntil, CommentCount = w.CommentCount } : c).ToList();
        }
        var page = Order.Page(rows.Select((r, i) => (View: views[i], r.Key)).ToList(), r => r.Key, r => r.View.Id);
        return new Page<ClaimView>(page.Items.Select(r => r.View).ToList(), page.NextCursor);
    }
}
