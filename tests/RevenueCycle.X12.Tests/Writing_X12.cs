namespace RevenueCycle.X12.Tests;

public class Writing_X12
{
    private static readonly InterchangeHeader Isa = new()
    {
        SenderId = "RIVERSIDEFM",
        ReceiverId = "CLEARINGHOUSE",
        Created = new DateTime(2024, 3, 15, 9, 30, 0),
        ControlNumber = 42,
    };

    private static readonly FunctionalGroupHeader Gs = new()
    {
        FunctionalIdentifierCode = "HC",
        ApplicationSenderCode = "RIVERSIDEFM",
        ApplicationReceiverCode = "CLEARINGHOUSE",
        Created = new DateTime(2024, 3, 15, 9, 30, 0),
        ControlNumber = 7,
        Version = X12Versions.ProfessionalClaim837,
    };

    private static string Write(Action<X12Writer> body, X12WriterOptions? options = null)
    {
        var text = new StringWriter();
        var x12 = new X12Writer(text, options);
        x12.BeginInterchange(Isa);
        x12.BeginFunctionalGroup(Gs);
        body(x12);
        x12.EndFunctionalGroup();
        x12.EndInterchange();
        x12.Flush();
        return text.ToString();
    }

    [Fact]
    public void Writes_a_fixed_width_ISA()
    {
        var x12 = Write(_ => { });
        Assert.StartsWith("ISA*00*          *00*          *ZZ*RIVERSIDEFM    *ZZ*CLEARINGHOUSE  *240315*0930*^*00501*000000042*0*P*:~", x12);
        Assert.Equal('~', x12[X12Tokenizer.IsaLength - 1]);
    }

    [Fact]
    public void Counts_segments_transactions_and_groups_for_the_trailers()
    {
        var x12 = Write(w =>
        {
            w.BeginTransactionSet("837", "0001", X12Versions.ProfessionalClaim837);
            w.Segment("BHT").Element("0019").Element("00").Element("B1").Element(new DateOnly(2024, 3, 15)).Time(new TimeOnly(9, 30)).Element("CH");
            w.EndTransactionSet();
            w.BeginTransactionSet("837", "0002", X12Versions.ProfessionalClaim837);
            w.EndTransactionSet();
        });
        Assert.Contains("SE*3*0001~", x12);
        Assert.Contains("SE*2*0002~", x12);
        Assert.Contains("GE*2*7~", x12);
        Assert.EndsWith("IEA*1*000000042~", x12);
    }

    [Fact]
    public void Numbers_hierarchical_levels_and_links_children_to_parents()
    {
        var ids = new List<int>();
        var x12 = Write(w =>
        {
            w.BeginTransactionSet("837", "0001");
            var provider = w.BeginHierarchicalLevel("20", null, hasChildren: true);
            var subscriber = w.BeginHierarchicalLevel("22", provider, hasChildren: true);
            ids.AddRange([provider, subscriber, w.BeginHierarchicalLevel("23", subscriber, hasChildren: false)]);
            w.EndTransactionSet();
        });
        Assert.Equal([1, 2, 3], ids);
        Assert.Contains("HL*1**20*1~HL*2*1*22*1~HL*3*2*23*0~", x12);
    }

    [Fact]
    public void Drops_trailing_empty_elements_and_components()
    {
        var x12 = Write(w =>
        {
            w.BeginTransactionSet("837", "0001");
            w.Segment("SV1").Composite("HC", "99213", null, null).Element(100m).Element("UN").Element(1m).Element((string?)null).Element((string?)null);
            w.EndTransactionSet();
        });
        Assert.Contains("SV1*HC:99213*100*UN*1~", x12);
    }

    [Fact]
    public void Refuses_data_that_contains_a_delimiter_naming_the_field()
    {
        var patientControlNumber = "PCN*1";
        var error = Assert.Throws<ArgumentException>(() => Write(w =>
        {
            w.BeginTransactionSet("837", "0001");
            w.Segment("CLM").Element(patientControlNumber);
        }));
        Assert.Contains("CLM01", error.Message);
        Assert.Contains("patientControlNumber", error.Message);
    }

    [Fact]
    public void Refuses_an_interchange_sender_longer_than_fifteen_characters()
    {
        var text = new StringWriter();
        var error = Assert.Throws<ArgumentException>(() => new X12Writer(text).BeginInterchange(Isa with { SenderId = "A-SENDER-ID-TOO-LONG" }));
        Assert.Contains("ISA06", error.Message);
    }

    [Fact]
    public void Writes_other_delimiters_and_line_breaks_when_asked()
    {
        var options = new X12WriterOptions { Separators = new('|', '>', '!', '\n'), LineBreak = null };
        var x12 = Write(w => { w.BeginTransactionSet("837", "0001"); w.Segment("SV1").Composite("HC", "99213", "25"); w.EndTransactionSet(); }, options);
        Assert.Contains("SV1|HC>99213>25\n", x12);
        using var tokenizer = X12Tokenizer.FromString(x12);
        tokenizer.Read();
        Assert.Equal(options.Separators, tokenizer.Separators);
    }
}
