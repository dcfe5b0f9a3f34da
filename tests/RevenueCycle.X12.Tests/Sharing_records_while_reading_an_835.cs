using RevenueCycle.X12.Remittance;
using RevenueCycle.X12.Tests.Samples;

namespace RevenueCycle.X12.Tests;

/// <summary>
/// The 835 reader shares one record among segments spelled the same way (procedures, recurring NM1
/// parties, remarks) to save allocations. Sharing must never be visible: the records are equal to
/// those read without it, and text that means something else under other delimiters is not shared.
/// </summary>
public class Sharing_records_while_reading_an_835
{
    [Fact]
    public void Records_shared_from_an_earlier_transaction_equal_those_read_afresh()
    {
        var alone = Assert.Single(Remittance835Reader.Parse(Sample835.Text));

        // In the second copy every procedure, rendering provider and remark is already known to the reader.
        var twice = Remittance835Reader.Parse(Sample835.Text.OnOneLine() + Sample835.Text.OnOneLine());

        Assert.Equal(2, twice.Count);
        Assert.All(twice, remittance => Assert.Equal(alone, remittance));
        Assert.Equal(EntityName.Person("SMITH", "JOHN", "XX", "1987654325"), twice[1].Claims.First().RenderingProvider);
    }

    [Fact]
    public void A_second_interchange_with_other_delimiters_is_read_with_its_own()
    {
        // The same characters "HC:99213:25" are a whole composite under ':' but a lone qualifier under '>':
        // a record shared from the first interchange would wrongly accept the second.
        var first = Sample835.Text.OnOneLine();
        var second = Sample835.Text.WithSeparators(new X12Separators('*', '>', '^', '~')).Replace("HC>99213>25", "HC:99213:25");

        var error = Assert.Throws<X12ParseException>(() => Remittance835Reader.Parse(first + second));

        Assert.Equal("SVC", error.SegmentId);
        Assert.Contains("has no procedure code", error.Message);
    }

    [Fact]
    public void Two_interchanges_with_different_delimiters_read_alike()
    {
        var first = Sample835.Text.OnOneLine();
        var second = Sample835.Text.WithSeparators(new X12Separators('|', '>', '^', '~'));

        var remittances = Remittance835Reader.Parse(first + second);

        Assert.Equal(2, remittances.Count);
        Assert.Equal(remittances[0].Claims, remittances[1].Claims);
    }
}
