using Dapper;
using Npgsql;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.ServiceDefaults.WorkQueues;

/// <summary>
/// What every queue's list takes from the mechanics: <c>assignee=</c> (a user id, or <c>none</c> for unassigned items) and
/// <c>includePended=true</c> (pended items are hidden until their date by default). <see cref="Sql"/> is the WHERE condition over the
/// list's item id (with the list's <c>@Tenant</c>), <see cref="Parameters"/> its parameters, <see cref="LoadAsync"/> the work fields of a page.
/// </summary>
public sealed record WorkFilter(string Queue, string? Assignee, bool IncludePended, DateOnly Today)
{
    public const string Unassigned = "none";
    public const int MaxAssigneeLength = 100;

    public static WorkFilter Parse(Validation v, string queue, string? assignee, bool? includePended, TimeProvider clock)
    {
        v.Check(assignee is null || assignee.Trim().Length is > 0 and <= MaxAssigneeLength, "assignee",
            $"is a user id of at most {MaxAssigneeLength} characters, or '{Unassigned}' for unassigned items.");
        return new WorkFilter(WorkQueueCatalog.Find(queue).Name, assignee?.Trim(), includePended ?? false, WorkQueueEndpoints.Today(clock));
    }

    /// <summary>The condition on <paramref name="itemId"/> (the list's item id column, qualified as the list's query needs).</summary>
    public string Sql(string itemId) =>
        $"""
        (@WorkAssignee::text IS NULL
           OR (@WorkAssignee = '{Unassigned}' AND NOT EXISTS (SELECT 1 FROM work_items wa WHERE wa.tenant_id = @Tenant AND wa.queue = @WorkQueue
                 AND wa.item_id = {itemId} AND wa.assignee IS NOT NULL))
           OR EXISTS (SELECT 1 FROM work_items wa WHERE wa.tenant_id = @Tenant AND wa.queue = @WorkQueue AND wa.item_id = {itemId}
                 AND wa.assignee = @WorkAssignee))
        AND (@WorkIncludePended OR NOT EXISTS (SELECT 1 FROM work_items wp WHERE wp.tenant_id = @Tenant AND wp.queue = @WorkQueue
                 AND wp.item_id = {itemId} AND wp.pended_until > @WorkToday))
        """;

    public object Parameters => new { WorkQueue = Queue, WorkAssignee = Assignee, WorkIncludePended = IncludePended, WorkToday = Today };

    /// <summary>The list's own parameters with this filter's (and any others, such as a <see cref="SortedPage"/>'s).</summary>
    public DynamicParameters With(object own, params object[] more)
    {
        var p = new DynamicParameters(own);
        p.AddDynamicParams(Parameters);
        foreach (var m in more) p.AddDynamicParams(m);
        return p;
    }

    /// <summary>The work fields of a page's items (an item nobody has worked has none: unassigned, not pended, no comments).</summary>
    public Task<Dictionary<Guid, WorkFields>> LoadAsync(NpgsqlConnection connection, Guid tenant, IEnumerable<Guid> itemIds) =>
        LoadAsync(connection, tenant, Queue, itemIds);

    public static async Task<Dictionary<Guid, WorkFields>> LoadAsync(NpgsqlConnection connection, Guid tenant, string queue, IEnumerable<Guid> itemIds)
    {
        var rows = await connection.QueryAsync<FieldsRow>(
            """
            SELECT i.item_id, w.assignee, w.pended_until,
                   (SELECT count(*)::int FROM work_item_comments c WHERE c.tenant_id = @Tenant AND c.queue = @Queue AND c.item_id = i.item_id) AS comment_count
            FROM unnest(@Ids::uuid[]) i(item_id)
            LEFT JOIN work_items w ON w.tenant_id = @Tenant AND w.queue = @Queue AND w.item_id = i.item_id
            """, new { Tenant = tenant, Queue = queue, Ids = itemIds.Distinct().ToArray() });
        return rows.ToDictionary(r => r.ItemId, r => new WorkFields(r.Assignee, r.PendedUntil, r.CommentCount));
    }

    sealed record FieldsRow
    {
        public Guid ItemId { get; init; }
        public string? Assignee { get; init; }
        public DateOnly? PendedUntil { get; init; }
        public int CommentCount { get; init; }
    }
}
