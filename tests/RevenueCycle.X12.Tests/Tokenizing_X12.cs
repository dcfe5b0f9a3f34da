using RevenueCycle.X12.Tests.Samples;

namespace RevenueCycle.X12.Tests;

public class Tokenizing_X12
{
    private static List<string> SegmentIds(string x12)
    {
        using var tokenizer = X12Tokenizer.FromString(x12);
        var ids = new List<string>();
        while (tokenizer.Read())
            ids.Add(tokenizer.Current.IdString);
        return ids;
    }

    [Fact]
    public void Reads_the_delimiters_from_the_ISA()
    {
        using var tokenizer = X12Tokenizer.FromString(Sample835.Text);
        Assert.True(tokenizer.Read());
        Assert.Equal(new X12Separators('*', ':', '^', '~'), tokenizer.Separators);
    }

    [Fact]
    public void Gives_elements_components_and_repetitions_as_spans()
    {
        const string x12 = "ISA*00*          *00*          *ZZ*A              *ZZ*B              *240101*1200*^*00501*000000001*0*P*:~"
                           + "SVC*HC:99213:25:59*150*100**1~EQ*30^1^98~";
        using var tokenizer = X12Tokenizer.FromString(x12);
        tokenizer.Read();
        tokenizer.Read();
        var svc = tokenizer.Current;
        Assert.True(svc.Is("SVC"));
        Assert.Equal(5, svc.ElementCount);
        Assert.Equal("99213", svc.Component(1, 2).ToString());
        Assert.Equal("59", svc.Component(1, 4).ToString());
        Assert.True(svc.Component(1, 5).IsEmpty);
        Assert.Equal(150m, svc.RequireDecimal(2));
        Assert.True(svc.Element(4).IsEmpty);
        Assert.True(svc.Element(9).IsEmpty);
        Assert.Equal(2, svc.Position);
        Assert.Equal(106, svc.Offset);
        tokenizer.Read();
        var services = new List<string>();
        foreach (var repetition in tokenizer.Current.Repetitions(1))
            services.Add(repetition.ToString());
        Assert.Equal(["30", "1", "98"], services);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Tolerates_line_breaks_after_terminators(string lineBreak)
    {
        var x12 = Sample835.Text.OnOneLine().Replace("~", "~" + lineBreak);
        Assert.Equal(Sample835.Text.SegmentCount(), SegmentIds(x12).Count);
    }

    [Theory]
    [InlineData('|', '>', '^', '~', "")]
    [InlineData('|', '>', '!', '\n', "")]
    [InlineData('*', ':', '^', '\r', "\n")]
    [InlineData('^', '\\', '{', '~', "\r\n")]
    public void Reads_any_delimiters_the_ISA_declares(char element, char component, char repetition, char segment, string lineBreak)
    {
        var separators = new X12Separators(element, component, repetition, segment);
        var x12 = Sample835.Text.WithSeparators(separators, lineBreak);
        using var tokenizer = X12Tokenizer.FromString(x12);
        var count = 0;
        while (tokenizer.Read())
        {
            count++;
            if (tokenizer.Current.Is("SVC"))
                Assert.False(tokenizer.Current.Component(1, 2).IsEmpty);
        }
        Assert.Equal(separators, tokenizer.Separators);
        Assert.Equal(Sample835.Text.SegmentCount(), count);
    }

    [Fact]
    public void Reads_a_stream_handed_out_a_few_characters_at_a_time()
    {
        using var tokenizer = new X12Tokenizer(new ChunkedReader(Sample835.Text, chunkSize: 3));
        var ids = new List<string>();
        while (tokenizer.Read())
            ids.Add(tokenizer.Current.IdString);
        Assert.Equal(SegmentIds(Sample835.Text), ids);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(1 << 16)]
    public void Splits_segments_of_any_length_and_element_count_as_a_plain_split_would(int chunkSize)
    {
        // The scan walks blocks of 8 to 32 characters: separators and terminators at every offset in a block,
        // segments longer than a block, with more elements than the tokenizer first makes room for (64),
        // empty elements, and segments cut by the end of each chunk.
        const string isa = "ISA*00*          *00*          *ZZ*A              *ZZ*B              *240101*1200*^*00501*000000001*0*P*:~";
        var random = new Random(12);
        var segments = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var elements = new List<string> { "N" + (char)('A' + random.Next(26)) };
            var count = random.Next(10) == 0 ? random.Next(60, 300) : random.Next(0, 12);
            for (var e = 0; e < count; e++)
                elements.Add(new string('x', random.Next(4) == 0 ? 0 : random.Next(1, random.Next(10) == 0 ? 90 : 12)));
            segments.Add(string.Join('*', elements));
        }
        var x12 = isa + string.Concat(segments.Select(segment => segment + "~" + (random.Next(3) == 0 ? "\r\n" : "")));

        using var tokenizer = new X12Tokenizer(new ChunkedReader(x12, chunkSize));
        Assert.True(tokenizer.Read());
        foreach (var expected in segments)
        {
            Assert.True(tokenizer.Read());
            var segment = tokenizer.Current;
            Assert.Equal(expected, segment.ToString());
            var elements = expected.Split('*');
            Assert.Equal(elements.Length - 1, segment.ElementCount);
            for (var e = 0; e < elements.Length; e++)
                Assert.Equal(elements[e], new string(segment.Element(e)));
        }
        Assert.False(tokenizer.Read());
    }

    [Fact]
    public void Rejects_an_ISA_of_the_wrong_length_naming_the_element()
    {
        var x12 = Sample835.Text.Replace("*ZZ*ACMEHEALTH     *", "*ZZ*ACMEHEALTH *");
        var error = Assert.Throws<X12ParseException>(() => SegmentIds(x12));
        Assert.Equal("ISA", error.SegmentId);
        Assert.Equal(1, error.SegmentPosition);
        Assert.Equal(6, error.ElementPosition);
        Assert.Contains("ISA06 is 11 characters, it should be 15", error.Message);
    }

    [Fact]
    public void Rejects_input_that_does_not_begin_with_an_ISA()
    {
        var error = Assert.Throws<X12ParseException>(() => SegmentIds("GS*HP*A*B~"));
        Assert.Equal(1, error.SegmentPosition);
    }

    [Fact]
    public void Rejects_a_truncated_file_at_the_unterminated_segment()
    {
        var x12 = Sample835.Text.OnOneLine();
        var cut = x12[..x12.IndexOf("CLP*PCN-1002", StringComparison.Ordinal)] + "CLP*PCN-10";
        var error = Assert.Throws<X12ParseException>(() => SegmentIds(cut));
        Assert.Equal("CLP", error.SegmentId);
        Assert.Equal(37, error.SegmentPosition);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Rejects_a_segment_id_that_is_not_one_after_a_wrong_delimiter()
    {
        var x12 = Sample835.Text.Replace("TRN*1*", "TRN|1|");
        var error = Assert.Throws<X12ParseException>(() => SegmentIds(x12));
        Assert.Equal(5, error.SegmentPosition);
    }
}
