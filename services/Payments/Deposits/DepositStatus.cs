namespace RevenueCycle.Payments.Deposits;

/// <summary>
/// A deposit's lifecycle, one table (the CHECK in migration 0105 holds the same three states): a deposit arrives unmatched, or
/// flagged when a remittance carries its trace but cannot be matched automatically (another amount, or several), and is matched
/// (automatically: same trace and amount; or by hand); unmatched by hand, it goes back to unmatched and is left for a person.
/// </summary>
public static class DepositStatus
{
    public const string Unmatched = "unmatched";
    public const string Flagged = "flagged";
    public const string Matched = "matched";
    public static readonly string[] All = [Unmatched, Flagged, Matched];

    public enum Event { NoCandidate, CandidateDiffers, Match, Unmatch }

    static readonly (string From, Event On, string To)[] Transitions =
    [
        (Unmatched, Event.NoCandidate, Unmatched),
        (Unmatched, Event.CandidateDiffers, Flagged),
        (Unmatched, Event.Match, Matched),
        (Flagged, Event.NoCandidate, Unmatched),
        (Flagged, Event.CandidateDiffers, Flagged),
        (Flagged, Event.Match, Matched),
        (Matched, Event.Unmatch, Unmatched),
    ];

    /// <summary>The state <paramref name="on"/> takes a deposit in <paramref name="from"/> to, or null when it cannot happen there.</summary>
    public static string? Next(string from, Event on) =>
        Transitions.Where(t => t.From == from && t.On == on).Select(t => t.To).FirstOrDefault();
}

/// <summary>Why a deposit whose trace a remittance carries was not matched automatically.</summary>
public static class DepositFlag
{
    public const string AmountDiffers = "amount-differs";
    public const string Ambiguous = "ambiguous";
}
