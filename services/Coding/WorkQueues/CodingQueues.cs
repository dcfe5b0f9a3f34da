using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Coding.WorkQueues;

/// <summary>The Coding service's work queue: the coding worklist, whose items are encounters not yet coded (an item's id is its encounter's).</summary>
public static class CodingQueues
{
    public const string Worklist = "coding";

    public static readonly WorkQueue[] All =
    [
        new(Worklist, "SELECT encounter_id FROM coding_items WHERE tenant_id = @Tenant AND status <> 'coded'",
            "SELECT patient_id FROM coding_items WHERE tenant_id = @Tenant AND encounter_id = ANY(@ItemIds)"),
    ];
}
