// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>Eligibility checked before the visit catches a wrong member id (AAA 72) and a terminated plan.</summary>
public sealed class Eligibility_failures(PlatformFixture platform)
{
    [Fact]
    public async Task An_invalid_member_is_an_error_with_AAA_72_and_an_inactive_one_is_inactive()
    {
        await using var h = await StartAsync(platform, "Cycle: eligibility");
        var (payer, payerId) = await h.PayerAsync("Summit Health PPO");
        var invalidMember = h.NewMemberId();
        var inactiveMember = h.NewMemberId();
        await h.MemberAsync(payerId, invalidMember, Plan(invalid: true));
        await h.MemberAsync(payerId, inactiveMember, Plan(active: false));
        var wrongId = await h.PatientAsync("Mary", "Shelley");
        var terminated = await h.PatientAsync("Grace", "Hopper");

        var invalid = await h.EligibilityAsync(await h.CoverageAsync(wrongId, payer, invalidMember));
        Assert.Equal("error", Str(invalid, "status"));
        Assert.Equal("72", Str(invalid, "rejectionCode"));

        var inactive = await h.EligibilityAsync(await h.CoverageAsync(terminated, payer, inactiveMember));
        Assert.Equal("inactive", Str(inactive, "status"));

        await Invariants.AssertAsync(h, wrongId, terminated);
        Assert.Equal(0m, M(await h.AccountAsync(wrongId), "balance"));
        Assert.Equal(0m, M(await h.AccountAsync(terminated), "balance"));
    }
}
