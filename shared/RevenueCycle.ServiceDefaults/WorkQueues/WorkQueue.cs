namespace RevenueCycle.ServiceDefaults.WorkQueues;

/// <summary>
/// A queue the owning service registers for the shared mechanics (<see cref="WorkQueueEndpoints"/>).
/// <paramref name="OpenItemsSql"/> selects the ids (one uuid column) of the tenant's items still open in the queue, with
/// <c>@Tenant</c>: an item it does not return — another practice's, an unknown id, one that has left the queue — answers 404 to a change.
/// <paramref name="PatientsSql"/>, when the items are a patient's, selects the patient ids of <c>@ItemIds</c> (with <c>@Tenant</c>),
/// so an answer about an item discloses its patient as the queue's list does.
/// </summary>
public sealed record WorkQueue(string Name, string OpenItemsSql, string? PatientsSql = null)
{
    public WorkQueueEntry Entry => WorkQueueCatalog.Find(Name);

    /// <summary>Whether <c>@ItemId</c> is open in the queue for <c>@Tenant</c>.</summary>
    internal string IsOpenSql => $"SELECT EXISTS (SELECT 1 FROM ({OpenItemsSql}) open_items(item_id) WHERE open_items.item_id = @ItemId)";
}
