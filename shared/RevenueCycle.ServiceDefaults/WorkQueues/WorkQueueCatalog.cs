using RevenueCycle.ServiceDefaults.Auth;

namespace RevenueCycle.ServiceDefaults.WorkQueues;

/// <summary>A queue's name (the path segment under <c>/api/work-queues/</c>), the service that owns its items, and the policy of its list.</summary>
public sealed record WorkQueueEntry(string Name, string Service, string Policy);

/// <summary>
/// Every work queue of the platform, in one table the gateway (routes, role table, counts) and the owning services (their
/// mechanics' policy) read alike. Adding a queue is a line here and a <see cref="WorkQueue"/> in the owning service.
/// </summary>
public static class WorkQueueCatalog
{
    public const string PathPrefix = "/api/work-queues";

    public static readonly IReadOnlyList<WorkQueueEntry> All =
    [
        new("held-claims", "claims", Policies.ClaimsWork),
        new("rejected-claims", "claims", Policies.ClaimsWork),
        new("denials", "claims", Policies.ClaimsWork),
        new("underpayments", "claims", Policies.ClaimsWork),
        new("acknowledgement-exceptions", "claims", Policies.ClaimsWork),
        new("ar-follow-up", "claims", Policies.ClaimsWork),
        new("posting-exceptions", "payments", Policies.PaymentsWork),
        new("credit-balances", "payments", Policies.PaymentsWork),
        new("unmatched-deposits", "payments", Policies.PaymentsWork),
        new("coding", "coding", Policies.Coding),
    ];

    public static WorkQueueEntry Find(string name) =>
        All.SingleOrDefault(q => q.Name == name) ?? throw new InvalidOperationException($"Work queue '{name}' is not in {nameof(WorkQueueCatalog)}.");

    /// <summary>The gateway path prefix of a queue's mechanics.</summary>
    public static string PathOf(string name) => $"{PathPrefix}/{name}";
}
