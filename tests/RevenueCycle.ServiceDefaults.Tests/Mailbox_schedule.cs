using RevenueCycle.ServiceDefaults.Clearinghouse;

namespace RevenueCycle.ServiceDefaults.Tests;

/// <summary>
/// Which practices' clearinghouse mailboxes are looked at (issue 20): the busy ones every interval, the idle ones less and less
/// often up to the idle interval, and a practice that sends again at once.
/// </summary>
public sealed class Mailbox_schedule
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(2), Idle = TimeSpan.FromSeconds(60);
    static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    static readonly Guid A = Guid.Parse("0193a000-0000-7000-8000-00000000000a"), B = Guid.Parse("0193a000-0000-7000-8000-00000000000b");

    /// <summary>Looks at every second from <paramref name="from"/> for <paramref name="seconds"/>, the mailbox always empty; the times A was looked at.</summary>
    static List<double> LooksAtA(MailboxSchedule schedule, DateTimeOffset from, int seconds, DateTimeOffset? activity = null)
    {
        var looks = new List<double>();
        for (var s = 0; s <= seconds; s++)
        {
            var now = from.AddSeconds(s);
            foreach (var tenant in schedule.Due([(A, activity)], now))
            {
                looks.Add((now - Start).TotalSeconds);
                schedule.Looked(tenant, found: false, now);
            }
        }
        return looks;
    }

    [Fact]
    public void A_practice_is_looked_at_on_its_first_sight_and_then_less_often_while_its_mailbox_stays_empty()
    {
        var looks = LooksAtA(new MailboxSchedule(Interval, Idle), Start, 300);
        // Gaps of 2, 4, 8, 16, 32 seconds, then the idle interval's 60.
        Assert.Equal([0, 2, 6, 14, 30, 62, 122, 182, 242], looks);
    }

    [Fact]
    public void An_idle_practice_is_never_left_longer_than_the_idle_interval()
    {
        var looks = LooksAtA(new MailboxSchedule(Interval, Idle), Start, 3600);
        var gaps = looks.Zip(looks.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(60, gaps.Max());
        Assert.True(gaps.Count > 50, $"looked at {looks.Count} times in an hour");
    }

    [Fact]
    public void A_practice_that_sends_again_is_looked_at_at_once_and_then_every_interval()
    {
        var schedule = new MailboxSchedule(Interval, Idle);
        LooksAtA(schedule, Start, 300); // idle: next look a minute after the last
        var sent = Start.AddSeconds(301);
        var looks = LooksAtA(schedule, sent, 6, activity: sent);
        Assert.Equal([301, 303, 307], looks);
    }

    [Fact]
    public void A_mailbox_that_had_files_keeps_its_practice_at_the_interval()
    {
        var schedule = new MailboxSchedule(Interval, Idle);
        LooksAtA(schedule, Start, 300);
        var now = Start.AddSeconds(400);
        Assert.Equal([A], schedule.Due([(A, null)], now));
        schedule.Looked(A, found: true, now);
        Assert.Empty(schedule.Due([(A, null)], now.AddSeconds(1)));
        Assert.Equal([A], schedule.Due([(A, null)], now.AddSeconds(2)));
    }

    [Fact]
    public void Practices_are_scheduled_each_on_its_own()
    {
        var schedule = new MailboxSchedule(Interval, Idle);
        foreach (var t in schedule.Due([(A, null), (B, null)], Start)) schedule.Looked(t, found: t == B, Start);
        for (var s = 2; s <= 8; s += 2)
        {
            var now = Start.AddSeconds(s);
            foreach (var t in schedule.Due([(A, null), (B, null)], now)) schedule.Looked(t, found: t == B, now);
        }
        // A came back empty every time (looked at 0, 2, 6: next at 14); B had files every time: every 2 seconds.
        Assert.Equal([B], schedule.Due([(A, null), (B, null)], Start.AddSeconds(10)));
    }
}
