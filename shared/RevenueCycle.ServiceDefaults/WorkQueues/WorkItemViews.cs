namespace RevenueCycle.ServiceDefaults.WorkQueues;

/// <summary><c>PUT …/assignment</c>: the staff member's user id (any id the practice gives, at most 100 characters).</summary>
public sealed record AssignmentRequest(string? Assignee);

/// <summary><c>PUT …/pend</c>: hidden from the queue until <c>until</c> (YYYY-MM-DD, after today), with an optional reason.</summary>
public sealed record PendRequest(string? Until, string? Reason);

/// <summary><c>POST …/comments</c>: a note on the item (1 to 4000 characters).</summary>
public sealed record CommentRequest(string? Body);

public sealed record WorkItemComment
{
    public Guid Id { get; init; }
    /// <summary>The staff user's id when the request carried one, else the API key's id.</summary>
    public string Author { get; init; } = "";
    public string Body { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One change of an item's assignment or pend, as it was made.</summary>
public sealed record WorkItemEvent
{
    /// <summary>assigned, unassigned, pended or unpended.</summary>
    public string Action { get; init; } = "";
    public string? Assignee { get; init; }
    public DateOnly? PendedUntil { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset At { get; init; }
    public string By { get; init; } = "";
}

/// <summary>An item's work state: who has it, until when it is pended, how many notes it has, and every change.</summary>
public sealed record WorkItemView(
    string Queue, Guid ItemId, string? Assignee, DateTimeOffset? AssignedAt, string? AssignedBy, DateOnly? PendedUntil, string? PendReason,
    bool Pended, int CommentCount, IReadOnlyList<WorkItemEvent> History);

public sealed record AssigneeCount(string Assignee, int Count);

/// <summary>
/// A queue's counts for the practice: <c>open</c> items (pended ones excluded), <c>pended</c> ones apart, <c>unassigned</c> open items and
/// open items per assignee.
/// </summary>
public sealed record WorkQueueCounts(string Queue, string Service, int Open, int Pended, int Unassigned, IReadOnlyList<AssigneeCount> ByAssignee);

/// <summary>The work fields every queue list shows on its items.</summary>
public sealed record WorkFields(string? Assignee, DateOnly? PendedUntil, int CommentCount);
