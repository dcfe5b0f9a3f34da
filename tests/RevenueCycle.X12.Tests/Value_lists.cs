namespace RevenueCycle.X12.Tests;

public class Value_lists
{
    // Lists of up to four items keep them inline (no array); the behaviour must not depend on it.
    public static TheoryData<int> Counts => [0, 1, 2, 3, 4, 5, 7];

    [Theory]
    [MemberData(nameof(Counts))]
    public void Hold_their_items_whatever_their_count(int count)
    {
        var items = Enumerable.Range(1, count).Select(i => $"item{i}").ToArray();
        var fromSpan = ValueList.Create<string>(items);           // inline when 1 to 4
        var fromArray = items.ToValueList();                      // that array, or a copy inline when 1 to 4
        ValueList<string> fromList = [.. items.ToList()];        // collection expression: Create

        foreach (var list in new[] { fromSpan, fromArray, fromList })
        {
            Assert.Equal(count, list.Count);
            Assert.Equal(items, list.AsSpan().ToArray());
            Assert.Equal(items, list.ToArray());                  // IEnumerable<T>
            Assert.Equal(items, list.Cast<object>().Cast<string>()); // non-generic IEnumerable
            using (var enumerator = ((IEnumerable<string>)list).GetEnumerator())
            {
                for (var i = 0; i < count; i++)
                {
                    Assert.True(enumerator.MoveNext());
                    Assert.Equal(items[i], enumerator.Current);
                }
                Assert.False(enumerator.MoveNext());
                Assert.False(enumerator.MoveNext());
                enumerator.Reset();
                Assert.Equal(count > 0, enumerator.MoveNext());
            }
            var enumerated = new List<string>();
            foreach (var item in list)
                enumerated.Add(item);
            Assert.Equal(items, enumerated);
            for (var i = 0; i < count; i++)
                Assert.Equal(items[i], list[i]);
            Assert.Throws<IndexOutOfRangeException>(() => { _ = list[count]; });
            Assert.Equal("[" + string.Join(", ", items) + "]", list.ToString());
        }
        Assert.Equal(fromArray, fromSpan);
        Assert.Equal(fromSpan, fromList);
        Assert.True(fromSpan == fromArray);
        Assert.Equal(fromArray.GetHashCode(), fromSpan.GetHashCode());
        Assert.NotEqual(fromSpan, ValueList.Create<string>([.. items, "another"]));
    }

    [Fact]
    public void Count_null_items_kept_inline()
    {
        // The count of an inline list is not stored: it must not be inferred from which items are null.
        ValueList<string?> one = [null], two = [null, null], oneAndNull = ["a", null], three = [null, null, null], four = [null, null, null, null];

        Assert.Equal((1, 2, 2, 3, 4), (one.Count, two.Count, oneAndNull.Count, three.Count, four.Count));
        Assert.Equal([null], one.ToArray());
        Assert.Equal([null, null], two.AsSpan().ToArray());
        Assert.Equal([null, null, null], three.ToArray());
        Assert.Equal([null, null, null, null], four.AsSpan().ToArray());
        Assert.NotEqual(one, two);
        Assert.NotEqual(three, four);
        Assert.Equal(one, new string?[] { null }.ToValueList());
        Assert.Equal(oneAndNull, new[] { "a", null }.ToValueList());
    }

    [Fact]
    public void Compare_by_items_in_the_models()
    {
        var adjustment = new Adjustment(AdjustmentGroup.Contractual, "45", 10m);
        ValueList<Adjustment> one = [adjustment];
        Assert.Equal(new[] { adjustment }.ToValueList(), one);
        Assert.Equal([new Adjustment(AdjustmentGroup.Contractual, "45", 10m), new Adjustment(AdjustmentGroup.PatientResponsibility, "2", 5m)],
            ValueList.Create<Adjustment>([adjustment, new Adjustment(AdjustmentGroup.PatientResponsibility, "2", 5m)]));
    }
}
