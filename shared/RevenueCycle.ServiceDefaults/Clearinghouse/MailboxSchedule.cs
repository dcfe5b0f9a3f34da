namespace RevenueCycle.ServiceDefaults.Clearinghouse;

/// <summary>
/// When to look in each practice's clearinghouse mailbox. A practice that has just sent something (a batch, a claim) is looked
/// at every <c>interval</c>, as answers (999, 277CA, 835) follow a submission; one whose mailbox keeps coming back empty is
/// looked at less and less often, doubling up to <c>idleInterval</c>, and at once again when it sends. Before, every practice
/// that had ever sent anything was asked every 2 or 5 seconds: a request to the clearinghouse and a query there each time,
/// growing with the number of practices, not with their work (issue 20: 48 practices on the test machine made the simulator's
/// database the busiest on the platform). An unsolicited file in an idle practice's mailbox waits at most <c>idleInterval</c>.
/// Not thread-safe: one collector loop owns it.
/// </summary>
public sealed class MailboxSchedule(TimeSpan interval, TimeSpan idleInterval)
{
    readonly Dictionary<Guid, State> states = [];

    sealed class State
    {
        public DateTimeOffset Next;
        public DateTimeOffset? Activity; // the practice's last submission as of its last look
        public int EmptyLooks;
    }

    /// <summary>The practices to look at now, given each one's latest submission (null when unknown).</summary>
    public IReadOnlyList<Guid> Due(IEnumerable<(Guid Tenant, DateTimeOffset? LastActivity)> tenants, DateTimeOffset now)
    {
        var due = new List<Guid>();
        foreach (var (tenant, activity) in tenants)
        {
            if (!states.TryGetValue(tenant, out var state))
            {
                states[tenant] = new State { Activity = activity };
                due.Add(tenant);
                continue;
            }
            if (activity is { } sent && (state.Activity is null || sent > state.Activity))
            {
                // It sent something since the last look: its answers are coming.
                state.Activity = activity;
                state.EmptyLooks = 0;
                due.Add(tenant);
            }
            else if (now >= state.Next)
            {
                due.Add(tenant);
            }
        }
        return due;
    }

    /// <summary>After a look at <paramref name="tenant"/>'s mailbox: whether it held anything.</summary>
    public void Looked(Guid tenant, bool found, DateTimeOffset now)
    {
        if (!states.TryGetValue(tenant, out var state)) states[tenant] = state = new State();
        state.EmptyLooks = found ? 0 : Math.Min(state.EmptyLooks + 1, 16);
        var wait = interval * Math.Pow(2, Math.Max(0, state.EmptyLooks - 1)); // the first empty look keeps the interval
        state.Next = now + (wait < idleInterval ? wait : idleInterval);
    }
}
