using RevenueCycle.PatientBilling.Ledger;

namespace RevenueCycle.PatientBilling.Tests.Ledger;

public sealed class Applying_credits
{
    static readonly DateOnly Today = new(2026, 6, 30);
    static int sequence;

    static LedgerEntry Entry(string kind, decimal amount, int daysAgo, Guid? claim = null, int? visitDaysAgo = null) => new()
    {
        Id = Guid.CreateVersion7(), Kind = kind, Amount = amount, EffectiveDate = Today.AddDays(-daysAgo), ClaimId = claim,
        DateOfService = visitDaysAgo is { } v ? Today.AddDays(-v) : null,
        PostedAt = DateTimeOffset.UnixEpoch.AddSeconds(Interlocked.Increment(ref sequence)),
    };

    [Fact]
    public void Pays_the_oldest_charge_first_and_keeps_the_balance_equal_to_the_sum()
    {
        LedgerEntry[] entries =
        [
            Entry(EntryKind.Deductible, 100m, 130, visitDaysAgo: 140), Entry(EntryKind.Coinsurance, 40m, 45, visitDaysAgo: 60),
            Entry(EntryKind.Payment, -110m, 5),
        ];
        var allocation = Allocation.Of(entries, Today);

        Assert.Equal(entries.Sum(e => e.Amount), allocation.Balance);
        Assert.Equal(allocation.Balance, allocation.Items.Sum(i => i.Open) - allocation.UnappliedCredit);
        Assert.Equal(new AgingBuckets(0, 30m, 0, 0, 0), allocation.Aging(Today));
    }

    [Fact]
    public void Holds_a_time_of_service_copay_for_its_visit_until_the_visit_is_charged()
    {
        var visit = 10;
        var copay = Entry(EntryKind.Payment, -25m, visit, visitDaysAgo: visit);
        var older = Entry(EntryKind.Coinsurance, 60m, 50, visitDaysAgo: 70);

        var before = Allocation.Of([older, copay], Today);
        Assert.Equal(25m, before.UnappliedCredit);
        Assert.Equal(60m, before.Items.Single().Open);

        var after = Allocation.Of([older, copay, Entry(EntryKind.Copay, 25m, 2, visitDaysAgo: visit)], Today);
        Assert.Equal(0m, after.UnappliedCredit);
        Assert.Equal([60m, 0m], after.Items.Select(i => i.Open).ToArray());
    }

    [Fact]
    public void Lets_a_reversal_take_back_its_own_claims_charge_not_the_oldest()
    {
        var claim = Guid.CreateVersion7();
        var oldest = Entry(EntryKind.Deductible, 50m, 100, visitDaysAgo: 110);
        var reversed = Entry(EntryKind.Coinsurance, 30m, 20, claim, visitDaysAgo: 30);
        var reversal = Entry(EntryKind.Coinsurance, -30m, 10, claim, visitDaysAgo: 30);

        var allocation = Allocation.Of([oldest, reversed, reversal], Today);

        Assert.Equal([50m, 0m], allocation.Items.Select(i => i.Open).ToArray());
        Assert.Equal(50m, allocation.Balance);
    }

    [Fact]
    public void Counts_only_what_had_happened_by_the_date_asked()
    {
        var allocation = Allocation.Of([Entry(EntryKind.Copay, 20m, 45), Entry(EntryKind.Payment, -20m, 3)], Today.AddDays(-10));
        Assert.Equal(20m, allocation.Balance);
        Assert.Equal(new AgingBuckets(0, 20m, 0, 0, 0), allocation.Aging(Today.AddDays(-10)));
    }

    [Theory]
    [InlineData(30, 0)]
    [InlineData(31, 1)]
    [InlineData(60, 1)]
    [InlineData(61, 2)]
    [InlineData(90, 2)]
    [InlineData(91, 3)]
    [InlineData(120, 3)]
    [InlineData(121, 4)]
    public void Buckets_a_charge_by_the_days_since_it_became_the_patients(int days, int bucket)
    {
        var aging = Allocation.Of([Entry(EntryKind.Coinsurance, 10m, days)], Today).Aging(Today);
        Assert.Equal(10m, new[] { aging.Current, aging.Days31To60, aging.Days61To90, aging.Days91To120, aging.Over120 }[bucket]);
    }
}
