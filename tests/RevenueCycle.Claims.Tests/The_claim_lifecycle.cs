using System.Text.RegularExpressions;
using RevenueCycle.Claims.Building;

namespace RevenueCycle.Claims.Tests;

/// <summary>Every status change of a claim goes through one table; these tests pin the table, transition by transition.</summary>
public partial class The_claim_lifecycle
{
    // The whole lifecycle, written out (not derived from the table under test): from, event, to.
    static readonly (string From, ClaimEvent Event, string To)[] Expected =
    [
        ("draft", ClaimEvent.ScrubbedClean, "ready"), ("held", ClaimEvent.ScrubbedClean, "ready"), ("ready", ClaimEvent.ScrubbedClean, "ready"),
        ("draft", ClaimEvent.ScrubFailed, "held"), ("held", ClaimEvent.ScrubFailed, "held"), ("ready", ClaimEvent.ScrubFailed, "held"),
        ("ready", ClaimEvent.Sent, "submitted"),
        ("ready", ClaimEvent.NotWritable, "held"),
        // X231A1: a 999 rejection (R, M, W, X) sends the file's claims back to the work queue.
        ("submitted", ClaimEvent.RejectedInFile, "held"),
        // X214: only A2 accepts; a payer rejection after an A1 or an A2 rejects.
        ("submitted", ClaimEvent.AcceptedByPayer, "accepted"),
        ("submitted", ClaimEvent.RejectedByPayer, "rejected"), ("accepted", ClaimEvent.RejectedByPayer, "rejected"),
        .. new[] { "submitted", "accepted", "rejected", "paid", "partially-paid", "denied", "appealed", "crossed-over" }
            .SelectMany(s => new[] { (s, ClaimEvent.Paid, "paid"), (s, ClaimEvent.PartiallyPaid, "partially-paid"), (s, ClaimEvent.Denied, "denied") }),
        // X221A1 1.10.2.8: a reversal with no later decision leaves the claim awaiting the payer's new decision.
        .. new[] { "submitted", "accepted", "paid", "partially-paid", "denied", "appealed" }.Select(s => (s, ClaimEvent.DecisionsReversed, "accepted")),
        ("denied", ClaimEvent.Appealed, "appealed"), ("partially-paid", ClaimEvent.Appealed, "appealed"),
        // An appeal the payer upholds returns the claim to the decision it appealed (42 CFR 405.940 ff.: the next level may follow).
        ("appealed", ClaimEvent.AppealUpheld, "denied"), ("appealed", ClaimEvent.PartialAppealUpheld, "partially-paid"),
        .. new[] { "denied", "rejected", "accepted", "paid", "partially-paid", "appealed" }.Select(s => (s, ClaimEvent.Replaced, "closed")),
        .. new[] { "draft", "held", "ready", "rejected", "accepted", "paid", "partially-paid", "denied", "appealed" }.Select(s => (s, ClaimEvent.Voided, "voided")),
        .. new[] { "denied", "rejected", "partially-paid", "appealed", "held", "accepted" }.Select(s => (s, ClaimEvent.WrittenOff, "closed")),
        ("draft", ClaimEvent.CrossedOver, "crossed-over"),
    ];

    public static TheoryData<string, ClaimEvent, string?> EveryStatusAndEvent()
    {
        var data = new TheoryData<string, ClaimEvent, string?>();
        foreach (var status in ClaimStatus.All)
            foreach (var e in Enum.GetValues<ClaimEvent>())
                data.Add(status, e, Expected.Where(t => t.From == status && t.Event == e).Select(t => t.To).FirstOrDefault());
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndEvent))]
    public void Each_event_moves_a_claim_only_as_the_table_says(string from, ClaimEvent @event, string? to)
    {
        Assert.Equal(to, ClaimLifecycle.Next(from, @event));
        Assert.Equal(to is not null, ClaimLifecycle.Allows(from, @event));
    }

    [Fact]
    public void Nothing_leaves_a_voided_or_closed_claim() =>
        Assert.DoesNotContain(ClaimLifecycle.Transitions, t => t.From is "voided" or "closed");

    [Fact]
    public void The_table_has_no_transition_the_expected_lifecycle_lacks() =>
        Assert.Equal(Expected.Order().ToList(), ClaimLifecycle.Transitions.Order().ToList());

    [Fact]
    public void The_database_accepts_exactly_the_lifecycles_statuses()
    {
        var migration = File.ReadAllText(Path.Combine(Root(), "services", "Claims", "Migrations", "0103_claim_lifecycle.sql"));
        var listed = Quoted().Matches(migration.Split("ALTER TABLE claim_history")[0]).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(ClaimStatus.All.ToHashSet(), listed);
    }

    [Fact]
    public void An_event_that_does_not_apply_is_refused_naming_where_it_applies()
    {
        var refused = new IllegalClaimTransitionException(Guid.Empty, "paid", ClaimEvent.Sent);
        Assert.Contains("allowed from ready", refused.Message);
    }

    static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RevenueCycle.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the tests from the repository.");
    }

    [GeneratedRegex("'([a-z-]+)'")]
    private static partial Regex Quoted();
}
