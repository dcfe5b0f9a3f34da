namespace RevenueCycle.Claims.Building;

/// <summary>What happens to a claim: each moves it from one status to the next, per <see cref="ClaimLifecycle.Transitions"/>.</summary>
public enum ClaimEvent
{
    /// <summary>The scrubber found nothing (built, re-scrubbed after a registration or fee change).</summary>
    ScrubbedClean,
    /// <summary>The scrubber found errors: the claim waits in the work queue.</summary>
    ScrubFailed,
    /// <summary>In an 837P batch to the clearinghouse (or kept for download for a manual payer).</summary>
    Sent,
    /// <summary>The 837P could not be written for it.</summary>
    NotWritable,
    /// <summary>999 IK5/AK9 R, M, W or X: the clearinghouse refused the file (X231A1).</summary>
    RejectedInFile,
    /// <summary>277CA A2: accepted into adjudication (X214).</summary>
    AcceptedByPayer,
    /// <summary>277CA A3/A4/A6/A7/A8, also after an A1 or A2, until a remittance arrives.</summary>
    RejectedByPayer,
    Paid,
    PartiallyPaid,
    Denied,
    /// <summary>Every decision posted so far was reversed (CLP02 22): back to awaiting the payer's new decision.</summary>
    DecisionsReversed,
    Appealed,
    /// <summary>The payer upheld its denial on appeal: the claim is denied again, and the next appeal level's window opens.</summary>
    AppealUpheld,
    /// <summary>The payer upheld its partial payment on appeal: the claim is partially paid again.</summary>
    PartialAppealUpheld,
    /// <summary>A correction (frequency 7, or a new original for a rejected claim) replaces it.</summary>
    Replaced,
    /// <summary>Voided before it reached a payer, or by a frequency-8 claim.</summary>
    Voided,
    WrittenOff,
    /// <summary>The next payer's claim of a crossover (CLP02 19/20/21): recorded, never sent.</summary>
    CrossedOver,
}

/// <summary>
/// The claim lifecycle as one table: every status change goes through <see cref="Next"/>, so an event that does not apply to the
/// claim's status is refused instead of silently overwriting it. Statuses stay the API's strings (<see cref="ClaimStatus"/>); the
/// migration's CHECK constraint lists the same ones.
/// </summary>
public static class ClaimLifecycle
{
    const string Draft = ClaimStatus.Draft, Held = ClaimStatus.Held, Ready = ClaimStatus.Ready, Submitted = ClaimStatus.Submitted,
        Accepted = ClaimStatus.Accepted, Rejected = ClaimStatus.Rejected, Paid = ClaimStatus.Paid, PartiallyPaid = ClaimStatus.PartiallyPaid,
        Denied = ClaimStatus.Denied, Appealed = ClaimStatus.Appealed, Voided = ClaimStatus.Voided, Closed = ClaimStatus.Closed,
        CrossedOver = ClaimStatus.CrossedOver;

    static readonly string[] Unsent = [Draft, Held, Ready];
    // The payer's decision may come (or change) while the claim is with it, decided, appealed, or a crossover awaiting its payer;
    // a payer also pays claims its own front end rejected.
    static readonly string[] Adjudicable = [Submitted, Accepted, Rejected, Paid, PartiallyPaid, Denied, Appealed, CrossedOver];

    /// <summary>(from, event, to): every transition a claim can make.</summary>
    public static readonly IReadOnlyList<(string From, ClaimEvent Event, string To)> Transitions =
    [
        .. Unsent.Select(s => (s, ClaimEvent.ScrubbedClean, Ready)),
        .. Unsent.Select(s => (s, ClaimEvent.ScrubFailed, Held)),
        (Ready, ClaimEvent.Sent, Submitted),
        (Ready, ClaimEvent.NotWritable, Held),
        (Submitted, ClaimEvent.RejectedInFile, Held),
        (Submitted, ClaimEvent.AcceptedByPayer, Accepted),
        (Submitted, ClaimEvent.RejectedByPayer, Rejected),
        (Accepted, ClaimEvent.RejectedByPayer, Rejected),
        .. Adjudicable.Select(s => (s, ClaimEvent.Paid, Paid)),
        .. Adjudicable.Select(s => (s, ClaimEvent.PartiallyPaid, PartiallyPaid)),
        .. Adjudicable.Select(s => (s, ClaimEvent.Denied, Denied)),
        .. new[] { Submitted, Accepted, Paid, PartiallyPaid, Denied, Appealed }.Select(s => (s, ClaimEvent.DecisionsReversed, Accepted)),
        (Denied, ClaimEvent.Appealed, Appealed),
        (PartiallyPaid, ClaimEvent.Appealed, Appealed),
        (Appealed, ClaimEvent.AppealUpheld, Denied),
        (Appealed, ClaimEvent.PartialAppealUpheld, PartiallyPaid),
        .. new[] { Denied, Rejected, Accepted, Paid, PartiallyPaid, Appealed }.Select(s => (s, ClaimEvent.Replaced, Closed)),
        .. new[] { Draft, Held, Ready, Rejected, Accepted, Paid, PartiallyPaid, Denied, Appealed }.Select(s => (s, ClaimEvent.Voided, Voided)),
        .. new[] { Denied, Rejected, PartiallyPaid, Appealed, Held, Accepted }.Select(s => (s, ClaimEvent.WrittenOff, Closed)),
        (Draft, ClaimEvent.CrossedOver, CrossedOver),
    ];

    static readonly Dictionary<(string, ClaimEvent), string> Table = Transitions.ToDictionary(t => (t.From, t.Event), t => t.To);

    /// <summary>The status <paramref name="event"/> moves a claim in <paramref name="from"/> to, or null when it does not apply.</summary>
    public static string? Next(string from, ClaimEvent @event) => Table.GetValueOrDefault((from, @event));

    public static bool Allows(string from, ClaimEvent @event) => Table.ContainsKey((from, @event));

    /// <summary>The statuses from which <paramref name="event"/> applies (for an endpoint's "only a … claim can be …" answer).</summary>
    public static IReadOnlyList<string> From(ClaimEvent @event) => [.. Transitions.Where(t => t.Event == @event).Select(t => t.From)];
}

/// <summary>An event that does not apply to the claim's status: refused, the claim unchanged.</summary>
public sealed class IllegalClaimTransitionException(Guid claim, string from, ClaimEvent @event)
    : InvalidOperationException($"Claim {claim} is {from}: {@event} does not apply (allowed from {string.Join(", ", ClaimLifecycle.From(@event))}).")
{
    public string From { get; } = from;
    public ClaimEvent Event { get; } = @event;
}
