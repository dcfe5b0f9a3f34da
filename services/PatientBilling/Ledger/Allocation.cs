namespace RevenueCycle.PatientBilling.Ledger;

/// <summary>A charge (or refund) with what is still open on it after credits are applied.</summary>
public sealed record OpenItem(LedgerEntry Charge, decimal Open);

public sealed record AgingBuckets(decimal Current, decimal Days31To60, decimal Days61To90, decimal Days91To120, decimal Over120)
{
    public decimal Total => Current + Days31To60 + Days61To90 + Days91To120 + Over120;

    public static readonly AgingBuckets Zero = new(0, 0, 0, 0, 0);

    public AgingBuckets Plus(AgingBuckets o) =>
        new(Current + o.Current, Days31To60 + o.Days31To60, Days61To90 + o.Days61To90, Days91To120 + o.Days91To120, Over120 + o.Over120);
}

/// <summary>
/// Applies an account's credits to its charges, without storing anything: the ledger stays the only truth
/// and the application is recomputed as of any date. Order: a reversal takes back its own claim's charges
/// (newest first); a payment taken for a date of service (a copay at check-in) goes to that visit's charges
/// and waits, unapplied, until the responsibility arrives; every other credit pays the oldest charge first.
/// </summary>
public sealed class Allocation
{
    public IReadOnlyList<OpenItem> Items { get; }
    /// <summary>Credit not applied to any charge: a check-in copay waiting for adjudication, or an overpayment.</summary>
    public decimal UnappliedCredit { get; }
    public decimal Balance { get; }

    Allocation(IReadOnlyList<OpenItem> items, decimal unapplied, decimal balance) => (Items, UnappliedCredit, Balance) = (items, unapplied, balance);

    public static Allocation Of(IEnumerable<LedgerEntry> entries, DateOnly asOf)
    {
        var dated = entries.Where(e => e.EffectiveDate <= asOf).OrderBy(e => e.EffectiveDate).ThenBy(e => e.PostedAt).ThenBy(e => e.Id).ToList();
        var debits = dated.Where(e => e.Amount > 0).Select(e => new Slot(e)).ToList();
        var pool = 0m;
        var reserved = 0m;

        foreach (var credit in dated.Where(e => e.Amount < 0))
        {
            var left = -credit.Amount;
            if (EntryKind.IsResponsibility(credit.Kind) && credit.ClaimId is { } claim)
                left = Apply(debits.Where(d => d.Entry.ClaimId == claim && EntryKind.IsResponsibility(d.Entry.Kind)).Reverse(), left);
            pool += left;
        }
        // Credits for a visit: applied to that visit's charges; what the visit does not absorb is held for it
        // while none of its charges has arrived, and otherwise joins the general credit.
        foreach (var group in dated.Where(e => e.Amount < 0 && !EntryKind.IsResponsibility(e.Kind) && e.DateOfService is not null)
                     .GroupBy(e => e.DateOfService!.Value))
        {
            var amount = -group.Sum(e => e.Amount);
            pool -= amount;
            var visit = debits.Where(d => d.Entry.DateOfService == group.Key && EntryKind.IsResponsibility(d.Entry.Kind)).ToList();
            var left = Apply(visit, amount);
            if (visit.Count == 0) reserved += left; else pool += left;
        }
        pool = Apply(debits, pool);

        var items = debits.Select(d => new OpenItem(d.Entry, d.Open)).ToList();
        return new Allocation(items, pool + reserved, dated.Sum(e => e.Amount));
    }

    static decimal Apply(IEnumerable<Slot> slots, decimal amount)
    {
        foreach (var slot in slots)
        {
            if (amount <= 0) break;
            var take = Math.Min(slot.Open, amount);
            slot.Open -= take;
            amount -= take;
        }
        return amount;
    }

    public AgingBuckets Aging(DateOnly asOf)
    {
        decimal[] b = new decimal[5];
        foreach (var item in Items.Where(i => i.Open > 0))
            b[Bucket(asOf.DayNumber - item.Charge.EffectiveDate.DayNumber)] += item.Open;
        return new AgingBuckets(b[0], b[1], b[2], b[3], b[4]);
    }

    /// <summary>0–30, 31–60, 61–90, 91–120 and over 120 days since the charge became the patient's.</summary>
    static int Bucket(int days) => days switch { <= 30 => 0, <= 60 => 1, <= 90 => 2, <= 120 => 3, _ => 4 };

    sealed class Slot(LedgerEntry entry)
    {
        public LedgerEntry Entry { get; } = entry;
        public decimal Open { get; set; } = entry.Amount;
    }
}
