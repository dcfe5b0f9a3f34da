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

    [Theory]
    [InlineData(5)]
    [InlineData(64)]
    [InlineData(1 << 16)]
    public void Reads_interchanges_one_after_another_each_with_the_delimiters_its_own_ISA_declares(int chunkSize)
    {
        // X12.5 puts the delimiters in each ISA, and a clearinghouse's file can carry interchanges from payers who chose
        // differently: the segments after an ISA are split with its delimiters, also when they are already in the buffer.
        var standard = Sample835.Text.OnOneLine();
        var pipes = Sample835.Text.WithSeparators(new X12Separators('|', '>', '{', '\n'), "");
        var carets = Sample835.Text.WithSeparators(new X12Separators('^', '\\', '{', '~'), "\r\n");
        var file = standard + pipes + carets + standard;

        var expected = new List<string[]>();
        foreach (var (text, element, terminator) in new[] { (standard, '*', '~'), (pipes, '|', '\n'), (carets, '^', '~'), (standard, '*', '~') })
            expected.AddRange(text.Split(terminator).Select(segment => segment.Trim('\r', '\n')).Where(segment => segment.Length > 0).Select(segment => segment.Split(element)));

        using var tokenizer = new X12Tokenizer(new ChunkedReader(file, chunkSize));
        var read = new List<string[]>();
        while (tokenizer.Read())
        {
            var segment = tokenizer.Current;
            var elements = new string[segment.ElementCount + 1];
            for (var e = 0; e < elements.Length; e++)
                elements[e] = segment.Element(e).ToString();
            read.Add(elements);
        }
        Assert.Equal(expected.Count, read.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i], read[i]);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(5_000)]
    public void Refuses_a_NUL_wherever_it_is_in_a_large_file_naming_its_segment(int nthSegment)
    {
        // No X12 character set (X12.6) has NUL; PostgreSQL text cannot keep it. Far past the first buffer (64K characters),
        // and with clean segments before it in the same buffer.
        const string isa = "ISA*00*          *00*          *ZZ*A              *ZZ*B              *240101*1200*^*00501*000000001*0*P*:~";
        var segments = Enumerable.Range(1, 6_000).Select(i => $"REF*6R*LINE{i:000000}*SOME DESCRIPTION OF IT").ToArray();
        segments[nthSegment - 1] = "REF*6R*LINE\0*X";
        var x12 = isa + string.Join("~", segments) + "~";

        var error = Assert.Throws<X12ParseException>(() => SegmentIds(x12));
        Assert.Equal("REF", error.SegmentId);
        Assert.Equal(nthSegment + 1, error.SegmentPosition); // the ISA is segment 1
        Assert.Contains("NUL", error.Message);
    }

    [Fact]
    public void Splits_a_segment_longer_than_the_buffer_with_all_its_elements()
    {
        // About 160,000 characters in one segment (the buffer starts at 64K characters and grows): every element start is found across
        // the growth, and the segments on either side are whole.
        const string isa = "ISA*00*          *00*          *ZZ*A              *ZZ*B              *240101*1200*^*00501*000000001*0*P*:~";
        var elements = Enumerable.Range(0, 30_000).Select(i => (i % 7 == 0 ? "" : $"E{i:00000000}"[..(i % 9 + 1)])).ToArray();
        var x12 = isa + "N1*PR*BEFORE~" + "MSG*" + string.Join("*", elements) + "~N1*PE*AFTER~";

        using var tokenizer = new X12Tokenizer(new ChunkedReader(x12, 4096));
        Assert.True(tokenizer.Read());
        Assert.True(tokenizer.Read());
        Assert.Equal("BEFORE", tokenizer.Current.Element(2).ToString());
        Assert.True(tokenizer.Read());
        var long_ = tokenizer.Current;
        Assert.Equal("MSG", long_.Id.ToString());
        Assert.Equal(elements.Length, long_.ElementCount);
        for (var i = 0; i < elements.Length; i++)
            Assert.Equal(elements[i], long_.Element(i + 1).ToString());
        Assert.True(tokenizer.Read());
        Assert.Equal("AFTER", tokenizer.Current.Element(2).ToString());
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
