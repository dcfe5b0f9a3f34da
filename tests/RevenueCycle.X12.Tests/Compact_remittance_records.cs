namespace RevenueCycle.X12.Tests;

/// <summary>
/// The 835 models keep their rarely-set values out of line to allocate less per claim. None of that may
/// show: construction, deconstruction, value equality, hashing, <c>with</c> and ToString behave as they
/// would for plain properties.
/// </summary>
public class Compact_remittance_records
{
    [Fact]
    public void An_adjustment_is_built_deconstructed_and_compared_by_its_four_values()
    {
        var withQuantity = new Adjustment(AdjustmentGroup.Contractual, "45", 30m, 2m);
        var (group, reason, amount, quantity) = withQuantity;

        Assert.Equal((AdjustmentGroup.Contractual, "45", 30m, (decimal?)2m), (group, reason, amount, quantity));
        Assert.Null(new Adjustment(AdjustmentGroup.PatientResponsibility, "3", 20m).Quantity);
        Assert.Equal(withQuantity, new Adjustment(AdjustmentGroup.Contractual, "45", 30.00m, 2.0m));
        Assert.Equal(withQuantity.GetHashCode(), new Adjustment(AdjustmentGroup.Contractual, "45", 30.00m, 2.0m).GetHashCode());
        Assert.NotEqual(withQuantity, new Adjustment(AdjustmentGroup.Contractual, "45", 30m));
        Assert.NotEqual(withQuantity, new Adjustment(AdjustmentGroup.Contractual, "45", 30m, 3m));
    }

    [Fact]
    public void An_adjustment_takes_and_drops_its_quantity_with_with()
    {
        var plain = new Adjustment(AdjustmentGroup.Contractual, "45", 30m);

        var counted = plain with { Quantity = 2m };

        Assert.Null(plain.Quantity);
        Assert.Equal(2m, counted.Quantity);
        Assert.Equal(new Adjustment(AdjustmentGroup.Contractual, "45", 30m, 2m), counted);
        Assert.Equal(plain, counted with { Quantity = null });
        Assert.Equal("Adjustment { Group = Contractual, ReasonCode = 45, Amount = 30, Quantity = 2 }", counted.ToString());
        Assert.Equal("Adjustment { Group = Contractual, ReasonCode = 45, Amount = 30, Quantity =  }", plain.ToString());
    }
}
