using RevenueCycle.Gateway.Staff;

namespace RevenueCycle.Gateway.Tests;

/// <summary>HIPAA §164.312(a)(2)(iii) automatic logoff after 15 idle minutes; reauthentication 12 hours after sign-in (NIST SP 800-63B §7.2, AAL2).</summary>
public sealed class Session_lifetimes
{
    static readonly DateTimeOffset SignedIn = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_session_used_within_15_minutes_lives_and_ends_at_15_idle_minutes()
    {
        Assert.True(SessionPolicy.IsLive(SessionPolicy.Full, SignedIn, SignedIn, SignedIn.AddMinutes(14).AddSeconds(59)));
        Assert.False(SessionPolicy.IsLive(SessionPolicy.Full, SignedIn, SignedIn, SignedIn.AddMinutes(15)));
        var lastSeen = SignedIn.AddHours(3);
        Assert.True(SessionPolicy.IsLive(SessionPolicy.Full, SignedIn, lastSeen, lastSeen.AddMinutes(14)));
        Assert.Equal(lastSeen.AddMinutes(15), SessionPolicy.ExpiresAt(SessionPolicy.Full, SignedIn, lastSeen));
    }

    [Fact]
    public void A_session_in_constant_use_ends_12_hours_after_sign_in()
    {
        var lastSeen = SignedIn.AddHours(11).AddMinutes(59);
        Assert.True(SessionPolicy.IsLive(SessionPolicy.Full, SignedIn, lastSeen, lastSeen.AddSeconds(30)));
        Assert.False(SessionPolicy.IsLive(SessionPolicy.Full, SignedIn, lastSeen, SignedIn.AddHours(12)));
        Assert.Equal(SignedIn.AddHours(12), SessionPolicy.ExpiresAt(SessionPolicy.Full, SignedIn, lastSeen));
    }

    [Fact]
    public void A_sign_in_waiting_for_its_second_factor_lasts_5_minutes()
    {
        Assert.True(SessionPolicy.IsLive(SessionPolicy.SecondFactor, SignedIn, SignedIn.AddMinutes(4), SignedIn.AddMinutes(4)));
        Assert.False(SessionPolicy.IsLive(SessionPolicy.SecondFactor, SignedIn, SignedIn.AddMinutes(4), SignedIn.AddMinutes(5)));
    }
}
