using System.Globalization;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.ServiceDefaults.WorkQueues;

/// <summary>
/// The mechanics every queue shares, mapped for each registered queue under <c>/api/work-queues/{queue}</c> with the policy of the
/// queue's list: its counts, and per item (<c>/items/{itemId}</c>) its work state, assignment, pend and comments. A change is one
/// transaction; it is refused (404) for an item the queue does not hold open for the practice.
/// </summary>
public static class WorkQueueEndpoints
{
    public const int MaxCommentLength = 4000;
    public const int MaxReasonLength = 500;
    const string Tag = "Work queues";

    static readonly KeysetSort CommentOrder = new(new Dictionary<string, (string, SortValueKind, bool)>
    {
        ["createdAt"] = ("created_at", SortValueKind.Instant, false),
    });

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public static IEndpointRouteBuilder MapWorkQueues(this IEndpointRouteBuilder app, params WorkQueue[] queues)
    {
        foreach (var queue in queues)
        {
            var entry = queue.Entry;
            var group = app.MapGroup(WorkQueueCatalog.PathOf(entry.Name)).WithTags(Tag).RequireAuthorization(entry.Policy);
            group.MapGet("/", (ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct) => Counts(queue, user, db, clock, ct))
                .WithName($"{entry.Name}-counts")
                .WithDescription($"The {entry.Name} queue's counts for the practice: open items (pended ones excluded), pended ones apart, unassigned, and open items per assignee. " +
                                 "GET /api/work-queues (the gateway) gives every queue's at once.");
            var item = group.MapGroup("/items/{itemId:guid}");
            item.MapGet("/", (Guid itemId, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Get(queue, itemId, user, db, clock, http, ct))
                .WithName($"{entry.Name}-item")
                .WithDescription("The item's work state: assignee (and who assigned it when), pended until and why, comment count, and every assignment and pend change.");
            item.MapPut("/assignment", (Guid itemId, AssignmentRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Assign(queue, itemId, request, user, db, clock, http, ct))
                .WithName($"{entry.Name}-assign")
                .WithDescription($"Assigns the item to a staff member by user id ({{ assignee }}, 1 to {WorkFilter.MaxAssigneeLength} characters; '{WorkFilter.Unassigned}' is reserved).");
            item.MapDelete("/assignment", (Guid itemId, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Assign(queue, itemId, null, user, db, clock, http, ct))
                .WithName($"{entry.Name}-unassign")
                .WithDescription("Takes the item's assignment off.");
            item.MapPut("/pend", (Guid itemId, PendRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Pend(queue, itemId, request, user, db, clock, http, ct))
                .WithName($"{entry.Name}-pend")
                .WithDescription("Pends the item until a follow-up date ({ until: YYYY-MM-DD after today, reason? }): the queue's list hides it until that date unless includePended=true.");
            item.MapDelete("/pend", (Guid itemId, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Pend(queue, itemId, null, user, db, clock, http, ct))
                .WithName($"{entry.Name}-unpend")
                .WithDescription("Ends the item's pend: it shows in the queue again.");
            item.MapGet("/comments", (Guid itemId, ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http, int? limit, string? cursor, CancellationToken ct) =>
                    Comments(queue, itemId, user, db, http, limit, cursor, ct))
                .WithName($"{entry.Name}-comments")
                .WithDescription("The item's notes, oldest first, each with its author (the staff user, else the API key) and time. Paged (limit, cursor).");
            item.MapPost("/comments", (Guid itemId, CommentRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Comment(queue, itemId, request, user, db, clock, http, ct))
                .WithName($"{entry.Name}-comment")
                .WithDescription($"Adds a note to the item ({{ body }}, 1 to {MaxCommentLength} characters).");
        }
        return app;
    }

    static async Task<Ok<WorkQueueCounts>> Counts(WorkQueue queue, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenSnapshotAsync(ct);
        var rows = (await connection.QueryAsync<(string? Assignee, bool Pended, int Count)>(new CommandDefinition(
            $"""
            SELECT w.assignee, coalesce(w.pended_until > @Today, false) AS pended, count(*)::int
            FROM ({queue.OpenItemsSql}) open_items(item_id)
            LEFT JOIN work_items w ON w.tenant_id = @Tenant AND w.queue = @Queue AND w.item_id = open_items.item_id
            GROUP BY 1, 2
            """, new { Tenant = user.TenantId(), Queue = queue.Name, Today = Today(clock) }, cancellationToken: ct))).ToList();
        var open = rows.Where(r => !r.Pended).ToList();
        return TypedResults.Ok(new WorkQueueCounts(queue.Name, queue.Entry.Service, open.Sum(r => r.Count), rows.Where(r => r.Pended).Sum(r => r.Count),
            open.Where(r => r.Assignee is null).Sum(r => r.Count),
            open.Where(r => r.Assignee is not null).GroupBy(r => r.Assignee!).Select(g => new AssigneeCount(g.Key, g.Sum(r => r.Count)))
                .OrderByDescending(a => a.Count).ThenBy(a => a.Assignee, StringComparer.Ordinal).ToList()));
    }

    static async Task<Results<Ok<WorkItemView>, ProblemHttpResult>> Get(WorkQueue queue, Guid itemId, ClaimsPrincipal user, NpgsqlDataSource db,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync(ct);
        if (!await IsKnownAsync(connection, null, queue, tenant, itemId, ct)) return NotInQueue(queue, itemId);
        await DiscloseAsync(connection, queue, tenant, itemId, http, ct);
        return TypedResults.Ok(await ViewAsync(connection, null, queue, tenant, itemId, clock, ct));
    }

    static async Task<Results<Ok<WorkItemView>, ProblemHttpResult, ValidationProblem>> Assign(WorkQueue queue, Guid itemId, AssignmentRequest? request,
        ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        string? assignee = null;
        if (request is not null)
        {
            var v = new Validation();
            assignee = request.Assignee?.Trim();
            if (v.Required(assignee, "assignee"))
            {
                v.Check(assignee!.Length <= WorkFilter.MaxAssigneeLength, "assignee", $"must be at most {WorkFilter.MaxAssigneeLength} characters.");
                v.Check(!string.Equals(assignee, WorkFilter.Unassigned, StringComparison.OrdinalIgnoreCase), "assignee",
                    $"'{WorkFilter.Unassigned}' is reserved (assignee={WorkFilter.Unassigned} lists unassigned items); DELETE the assignment instead.");
            }
            if (!v.IsValid) return v.Problem();
        }
        return await ChangeAsync(queue, itemId, user, db, clock, http, ct, async (connection, tx, current, now, by) =>
        {
            if (current.Assignee == assignee) return;
            await connection.ExecuteAsync(
                "UPDATE work_items SET assignee = @Assignee, assigned_at = @At, assigned_by = @By, updated_at = @Now, updated_by = @Actor WHERE tenant_id = @Tenant AND queue = @Queue AND item_id = @ItemId",
                new { Assignee = assignee, At = assignee is null ? (DateTimeOffset?)null : now, By = assignee is null ? null : by, Now = now, Actor = by,
                      Tenant = user.TenantId(), Queue = queue.Name, ItemId = itemId }, tx);
            await RecordAsync(connection, tx, queue, user.TenantId(), itemId, assignee is null ? "unassigned" : "assigned",
                assignee ?? current.Assignee, null, null, now, by);
        });
    }

    static async Task<Results<Ok<WorkItemView>, ProblemHttpResult, ValidationProblem>> Pend(WorkQueue queue, Guid itemId, PendRequest? request,
        ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        DateOnly? until = null;
        string? reason = null;
        if (request is not null)
        {
            var v = new Validation();
            if (v.Required(request.Until, "until")
                && v.Check(DateOnly.TryParseExact(request.Until, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date), "until", "must be a date, YYYY-MM-DD."))
            {
                v.Check(date > Today(clock), "until", $"must be after today ({Today(clock):yyyy-MM-dd}).");
                until = date;
            }
            reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
            v.Check(reason is null || reason.Length <= MaxReasonLength, "reason", $"must be at most {MaxReasonLength} characters.");
            if (!v.IsValid) return v.Problem();
        }
        return await ChangeAsync(queue, itemId, user, db, clock, http, ct, async (connection, tx, current, now, by) =>
        {
            if (current.PendedUntil == until && current.PendReason == reason) return;
            if (until is null && current.PendedUntil is null) return;
            await connection.ExecuteAsync(
                "UPDATE work_items SET pended_until = @Until, pend_reason = @Reason, updated_at = @Now, updated_by = @Actor WHERE tenant_id = @Tenant AND queue = @Queue AND item_id = @ItemId",
                new { Until = until, Reason = reason, Now = now, Actor = by, Tenant = user.TenantId(), Queue = queue.Name, ItemId = itemId }, tx);
            await RecordAsync(connection, tx, queue, user.TenantId(), itemId, until is null ? "unpended" : "pended", null, until, reason, now, by);
        });
    }

    static async Task<Results<Ok<Page<WorkItemComment>>, ProblemHttpResult, ValidationProblem>> Comments(WorkQueue queue, Guid itemId, ClaimsPrincipal user,
        NpgsqlDataSource db, HttpContext http, int? limit, string? cursor, CancellationToken ct)
    {
        var v = new Validation();
        v.Check(limit is null or >= 1 and <= Paging.MaxLimit, "limit", $"is from 1 to {Paging.MaxLimit}.");
        var order = CommentOrder.Parse(v, null, "createdAt", cursor, limit);
        if (!v.IsValid || order is null) return v.Problem();
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync(ct);
        if (!await IsKnownAsync(connection, null, queue, tenant, itemId, ct)) return NotInQueue(queue, itemId);
        await DiscloseAsync(connection, queue, tenant, itemId, http, ct);
        var p = new DynamicParameters(new { Tenant = tenant, Queue = queue.Name, ItemId = itemId });
        p.AddDynamicParams(order.Parameters);
        var rows = (await connection.QueryAsync<WorkItemComment>(new CommandDefinition(
            $"""
            SELECT id, author, body, created_at FROM work_item_comments
            WHERE tenant_id = @Tenant AND queue = @Queue AND item_id = @ItemId AND {order.After("id")}
            {order.Order("id")} LIMIT @Take
            """, p, cancellationToken: ct))).ToList();
        return TypedResults.Ok(order.Page(rows, c => c.CreatedAt, c => c.Id));
    }

    static async Task<Results<Created<WorkItemComment>, ProblemHttpResult, ValidationProblem>> Comment(WorkQueue queue, Guid itemId, CommentRequest request,
        ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = new Validation();
        if (v.Required(request.Body, "body"))
            v.Check(request.Body!.Length <= MaxCommentLength, "body", $"must be at most {MaxCommentLength} characters.");
        if (!v.IsValid) return v.Problem();
        var tenant = user.TenantId();
        var comment = new WorkItemComment { Id = Guid.CreateVersion7(), Author = WorkActor.Of(user), Body = request.Body!, CreatedAt = clock.GetUtcNow() };
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await IsOpenAsync(connection, tx, queue, tenant, itemId, ct)) return NotInQueue(queue, itemId);
        await TouchAsync(connection, tx, queue, tenant, itemId, comment.CreatedAt, comment.Author, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO work_item_comments (id, tenant_id, queue, item_id, author, body, created_at) VALUES (@Id, @Tenant, @Queue, @ItemId, @Author, @Body, @CreatedAt)",
            new { comment.Id, Tenant = tenant, Queue = queue.Name, ItemId = itemId, comment.Author, comment.Body, comment.CreatedAt }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        await DiscloseAsync(connection, queue, tenant, itemId, http, ct);
        var stored = await connection.QuerySingleAsync<WorkItemComment>(new CommandDefinition(
            "SELECT id, author, body, created_at FROM work_item_comments WHERE id = @Id", new { comment.Id }, cancellationToken: ct));
        return TypedResults.Created($"{WorkQueueCatalog.PathOf(queue.Name)}/items/{itemId}/comments/{comment.Id}", stored);
    }

    sealed record Current
    {
        public string? Assignee { get; init; }
        public DateOnly? PendedUntil { get; init; }
        public string? PendReason { get; init; }
    }

    delegate Task Change(NpgsqlConnection connection, NpgsqlTransaction tx, Current current, DateTimeOffset now, string by);

    /// <summary>One transaction: the item still open in the queue, its work row locked (made when first worked), the change and its event.</summary>
    static async Task<Results<Ok<WorkItemView>, ProblemHttpResult, ValidationProblem>> ChangeAsync(WorkQueue queue, Guid itemId, ClaimsPrincipal user,
        NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct, Change change)
    {
        var tenant = user.TenantId();
        var now = clock.GetUtcNow();
        var by = WorkActor.Of(user);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await IsOpenAsync(connection, tx, queue, tenant, itemId, ct)) return NotInQueue(queue, itemId);
        await TouchAsync(connection, tx, queue, tenant, itemId, now, by, ct, touch: false);
        var current = await connection.QuerySingleAsync<Current>(new CommandDefinition(
            "SELECT assignee, pended_until, pend_reason FROM work_items WHERE tenant_id = @Tenant AND queue = @Queue AND item_id = @ItemId FOR UPDATE",
            new { Tenant = tenant, Queue = queue.Name, ItemId = itemId }, tx, cancellationToken: ct));
        await change(connection, tx, current, now, by);
        await tx.CommitAsync(ct);
        await DiscloseAsync(connection, queue, tenant, itemId, http, ct);
        return TypedResults.Ok(await ViewAsync(connection, null, queue, tenant, itemId, clock, ct));
    }

    /// <summary>Makes the item's work row when it is first worked (or, with <paramref name="touch"/>, marks it changed).</summary>
    static Task TouchAsync(NpgsqlConnection connection, NpgsqlTransaction tx, WorkQueue queue, Guid tenant, Guid itemId, DateTimeOffset now, string by,
        CancellationToken ct, bool touch = true) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO work_items (tenant_id, queue, item_id, updated_at, updated_by) VALUES (@Tenant, @Queue, @ItemId, @Now, @By)
            ON CONFLICT (tenant_id, queue, item_id) DO {(touch ? "UPDATE SET updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by" : "NOTHING")}
            """, new { Tenant = tenant, Queue = queue.Name, ItemId = itemId, Now = now, By = by }, tx, cancellationToken: ct));

    static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction tx, WorkQueue queue, Guid tenant, Guid itemId, string action, string? assignee,
        DateOnly? until, string? reason, DateTimeOffset at, string by) =>
        connection.ExecuteAsync(
            """
            INSERT INTO work_item_events (id, tenant_id, queue, item_id, action, assignee, pended_until, reason, at, by)
            VALUES (@Id, @Tenant, @Queue, @ItemId, @Action, @Assignee, @Until, @Reason, @At, @By)
            """, new { Id = Guid.CreateVersion7(), Tenant = tenant, Queue = queue.Name, ItemId = itemId, Action = action, Assignee = assignee, Until = until,
                       Reason = reason, At = at, By = by }, tx);

    static Task<bool> IsOpenAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, WorkQueue queue, Guid tenant, Guid itemId, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(queue.IsOpenSql, new { Tenant = tenant, ItemId = itemId }, tx, cancellationToken: ct));

    /// <summary>An item open in the queue now, or one worked while it was (its notes and history stay readable after it leaves).</summary>
    static async Task<bool> IsKnownAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, WorkQueue queue, Guid tenant, Guid itemId, CancellationToken ct) =>
        await IsOpenAsync(connection, tx, queue, tenant, itemId, ct)
        || await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM work_items WHERE tenant_id = @Tenant AND queue = @Queue AND item_id = @ItemId)",
            new { Tenant = tenant, Queue = queue.Name, ItemId = itemId }, tx, cancellationToken: ct));

    static async Task DiscloseAsync(NpgsqlConnection connection, WorkQueue queue, Guid tenant, Guid itemId, HttpContext http, CancellationToken ct)
    {
        if (queue.PatientsSql is null) return;
        http.DisclosePatients(await connection.QueryAsync<Guid>(new CommandDefinition(queue.PatientsSql, new { Tenant = tenant, ItemIds = new[] { itemId } }, cancellationToken: ct)));
    }

    static async Task<WorkItemView> ViewAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, WorkQueue queue, Guid tenant, Guid itemId, TimeProvider clock,
        CancellationToken ct)
    {
        var args = new { Tenant = tenant, Queue = queue.Name, ItemId = itemId };
        var row = await connection.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition(
            """
            SELECT assignee, assigned_at, assigned_by, pended_until, pend_reason,
                   (SELECT count(*)::int FROM work_item_comments c WHERE c.tenant_id = w.tenant_id AND c.queue = w.queue AND c.item_id = w.item_id) AS comment_count
            FROM work_items w WHERE tenant_id = @Tenant AND queue = @Queue AND item_id = @ItemId
            """, args, tx, cancellationToken: ct)) ?? new StateRow();
        var history = (await connection.QueryAsync<WorkItemEvent>(new CommandDefinition(
            "SELECT action, assignee, pended_until, reason, at, by FROM work_item_events WHERE tenant_id = @Tenant AND queue = @Queue AND item_id = @ItemId ORDER BY at, id",
            args, tx, cancellationToken: ct))).ToList();
        return new WorkItemView(queue.Name, itemId, row.Assignee, row.AssignedAt, row.AssignedBy, row.PendedUntil, row.PendReason,
            row.PendedUntil is { } until && until > Today(clock), row.CommentCount, history);
    }

    sealed record StateRow
    {
        public string? Assignee { get; init; }
        public DateTimeOffset? AssignedAt { get; init; }
        public string? AssignedBy { get; init; }
        public DateOnly? PendedUntil { get; init; }
        public string? PendReason { get; init; }
        public int CommentCount { get; init; }
    }

    static ProblemHttpResult NotInQueue(WorkQueue queue, Guid itemId) => Problems.NotFound($"No item {itemId} in the {queue.Name} queue.");
}
