using RevenueCycle.X12.Remittance;
using RevenueCycle.X12.Tests.Samples;

namespace RevenueCycle.X12.Tests;

public class Writing_an_835
{
    [Fact]
    public void Writes_what_it_reads_back_equal()
    {
        var original = Assert.Single(Remittance835Reader.Parse(Sample835.Text));

        var written = Remittance835Writer.WriteToString(original);

        Assert.Equal(original, Assert.Single(Remittance835Reader.Parse(written)));
    }

    [Fact]
    public void Writes_the_sample_segment_for_segment()
    {
        var original = Assert.Single(Remittance835Reader.Parse(Sample835.Text));
        var written = Remittance835Writer.WriteToString(original, new X12WriterOptions { LineBreak = "\n" });
        Assert.Equal(Sample835.Text.OnOneLine().Split('~'), written.OnOneLine().Split('~'));
    }

    [Fact]
    public void Writes_a_remittance_built_in_code_that_reads_back_equal()
    {
        var remittance = RemittanceBuilder.Balanced(claims: 40);

        var written = Remittance835Writer.WriteToString(remittance);

        Assert.Equal(remittance, Assert.Single(Remittance835Reader.Parse(written)));
    }

    [Fact]
    public void Refuses_to_write_a_remittance_that_does_not_balance()
    {
        var remittance = RemittanceBuilder.Balanced(claims: 2);
        var unbalanced = remittance with { Payment = remittance.Payment with { Amount = remittance.Payment.Amount + 1 } };
        var error = Assert.Throws<ArgumentException>(() => Remittance835Writer.WriteToString(unbalanced));
        Assert.Contains("BPR02", error.Message);
    }

    [Fact]
    public void Reads_back_a_large_file_through_a_chunked_stream()
    {
        var remittance = RemittanceBuilder.Balanced(claims: 3000);
        var written = Remittance835Writer.WriteToString(remittance, new X12WriterOptions { LineBreak = "\r\n" });
        Assert.True(written.Length > 4 * 64 * 1024, "the file must span several buffers");

        using var reader = new Remittance835Reader(new ChunkedReader(written, chunkSize: 4093));

        Assert.Equal(remittance, Assert.Single(reader.ReadAll()));
    }
}
