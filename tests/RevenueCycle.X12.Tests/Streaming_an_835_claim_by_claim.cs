using RevenueCycle.Benchmarks;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.X12.Tests;

/// <summary>
/// <see cref="Remittance835Reader.ReadNextHeader"/> and <see cref="Remittance835Reader.ReadNextClaim"/> read an 835 claim by
/// claim, holding one claim, whatever the transaction set's size (issue 20: one ST of 50,000 claims). The text is written
/// by <see cref="Payer835Generator"/> as payers lay out their files (plain strings, not our writer), in each shape of the
/// benchmark. Balancing is X12 005010X221A1 section 1.10.2: a line (1.10.2.2) and a claim (1.10.2.3) as the claim
/// completes, the transaction (1.10.2.1, BPR02 = Σ CLP04 − Σ PLB) at SE.
/// </summary>
public class Streaming_an_835_claim_by_claim
{
    private static string Generate(Payer835Shape shape, int claims)
    {
        var text = new StringWriter();
        Payer835Generator.Write(text, shape, claims);
        return text.ToString();
    }

    private static string Generate(string shape, int claims) => Generate(Payer835Shape.All[shape], claims);

    private sealed record Streamed(Remittance835Header Header, List<ClaimPayment> Claims, List<int?> HeaderNumbers, Remittance835Trailer Trailer);

    private static List<Streamed> Stream(string x12)
    {
        using var reader = new Remittance835Reader(new StringReader(x12));
        var transactions = new List<Streamed>();
        while (reader.ReadNextHeader() is { } header)
        {
            Assert.Null(reader.Trailer);
            var (claims, numbers) = (new List<ClaimPayment>(), new List<int?>());
            while (reader.ReadNextClaim() is { } claim)
            {
                claims.Add(claim);
                numbers.Add(reader.CurrentClaimGroup!.AssignedNumber);
            }
            transactions.Add(new Streamed(header, claims, numbers, reader.Trailer!));
        }
        return transactions;
    }

    public static TheoryData<string> Shapes => new(Payer835Shape.All.Keys);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Claim_by_claim_gives_the_same_header_claims_and_trailer_as_whole_transaction_sets(string shape)
    {
        var x12 = Generate(shape, 1_200);

        var streamed = Stream(x12);
        var whole = Remittance835Reader.Parse(x12);

        Assert.Equal(whole.Count, streamed.Count);
        Assert.Equal(1_200, streamed.Sum(transaction => transaction.Claims.Count));
        foreach (var (remittance, transaction) in whole.Zip(streamed))
        {
            var header = transaction.Header;
            Assert.Equal(
                (remittance.Envelope, remittance.Payment, remittance.TraceNumber, remittance.PayerIdentifier, remittance.References, remittance.ProductionDate, remittance.Payer, remittance.Payee),
                (header.Envelope, header.Payment, header.TraceNumber, header.PayerIdentifier, header.References, header.ProductionDate, header.Payer, header.Payee));
            Assert.Equal(remittance.Claims, transaction.Claims);
            Assert.Equal(remittance.ClaimGroups.SelectMany(group => group.Claims.Select(_ => group.AssignedNumber)), transaction.HeaderNumbers);
            Assert.Equal(remittance.ProviderAdjustments, transaction.Trailer.ProviderAdjustments);
            Assert.Equal(transaction.Claims.Count, transaction.Trailer.ClaimCount);
        }
    }

    [Theory]
    [InlineData("crlf")]
    [InlineData("pipe-apostrophe")]
    [InlineData("pipe-newline")]
    public void Line_breaks_and_other_delimiters_read_the_same_as_the_plain_layout(string shape)
    {
        var plain = Payer835Shape.All[shape] with { ElementSeparator = '*', ComponentSeparator = ':', RepetitionSeparator = '^', SegmentTerminator = '~', LineBreak = "" };

        var expected = Remittance835Reader.Parse(Generate(plain, 2_100));
        var read = Remittance835Reader.Parse(Generate(shape, 2_100));

        Assert.Equal(3, expected.Count);
        Assert.Equal(expected, read);
        Assert.Contains(read.SelectMany(r => r.Claims).SelectMany(c => c.ServiceLines), line => line.Procedure.Modifiers.Count > 0); // components were split
    }

    /// <summary>The one-ST file with a fault put into claim 40,000 (<paramref name="replace"/> on its CLP), and the segment position of that CLP.</summary>
    private static (string X12, long ClpPosition) OneTransactionWithAFaultyClaim(Func<string, string> replace)
    {
        var x12 = Generate("one-st", 40_010);
        var start = x12.IndexOf("CLP*PCN00040000*", StringComparison.Ordinal);
        var end = x12.IndexOf('~', start);
        var position = 1 + x12.AsSpan(0, start).Count('~');
        return (x12[..start] + replace(x12[start..end]) + x12[end..], position);
    }

    private static (int ClaimsRead, X12ParseException Error) StreamUntilTheFault(string x12)
    {
        using var reader = new Remittance835Reader(new StringReader(x12));
        Assert.NotNull(reader.ReadNextHeader());
        var claims = 0;
        var error = Assert.Throws<X12ParseException>(() =>
        {
            while (reader.ReadNextClaim() is not null)
                claims++;
        });
        return (claims, error);
    }

    [Fact]
    public void A_bad_amount_in_claim_40000_of_one_transaction_set_names_its_segment_after_the_39999_claims_before_it()
    {
        var (x12, position) = OneTransactionWithAFaultyClaim(clp => string.Join('*', clp.Split('*').Select((element, i) => i == 4 ? "12X.5" : element)));

        var (claimsRead, error) = StreamUntilTheFault(x12);

        Assert.Equal(39_999, claimsRead);
        Assert.Equal(("CLP", position, (int?)4), (error.SegmentId, error.SegmentPosition, error.ElementPosition));
        Assert.Contains("'12X.5' is not a decimal amount", error.Message);
    }

    [Fact]
    public void A_claim_40000_that_does_not_balance_is_named_by_its_CLP_when_it_completes()
    {
        // X221A1 1.10.2.3: CLP03 − CLP04 = Σ claim and line CAS. One cent more charged breaks it.
        var (x12, position) = OneTransactionWithAFaultyClaim(clp =>
        {
            var elements = clp.Split('*');
            elements[3] = (decimal.Parse(elements[3], System.Globalization.CultureInfo.InvariantCulture) + 0.01m).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return string.Join('*', elements);
        });

        var (claimsRead, error) = StreamUntilTheFault(x12);

        Assert.Equal(39_999, claimsRead);
        Assert.Equal(("CLP", position), (error.SegmentId, error.SegmentPosition));
        Assert.Contains("claim 'PCN00040000' does not balance", error.Message);
    }

    [Fact]
    public void A_wrong_segment_count_is_found_at_SE_after_every_claim()
    {
        var x12 = Generate("one-st", 3_000);
        var se = x12.IndexOf("~SE*", StringComparison.Ordinal) + 1;
        var wrong = x12[..se] + "SE*9" + x12[(se + 4)..];

        var (claimsRead, error) = StreamUntilTheFault(wrong);

        Assert.Equal(3_000, claimsRead); // the PLB after the last claim closed it; SE is where the count is checked
        Assert.Equal(("SE", (int?)1), (error.SegmentId, error.ElementPosition));
    }

    [Fact]
    public void A_payment_that_is_not_the_claims_paid_less_the_provider_adjustments_is_found_at_SE_and_names_BPR02()
    {
        // X221A1 1.10.2.1: BPR02 = Σ CLP04 − Σ PLB amounts.
        var x12 = Generate("one-st", 3_000);
        var bpr = x12.IndexOf("BPR*I*", StringComparison.Ordinal) + "BPR*I*".Length;
        var unbalanced = x12[..bpr] + "1" + x12[bpr..]; // a leading digit: a thousand times or so more than was paid

        var (claimsRead, error) = StreamUntilTheFault(unbalanced);

        Assert.Equal(3_000, claimsRead);
        Assert.Equal(("BPR", 4L, (int?)2), (error.SegmentId, error.SegmentPosition, error.ElementPosition));
        Assert.Contains("does not balance", error.Message);
    }

    [Fact]
    public void Reading_the_next_header_before_the_claims_are_done_skips_the_rest_of_the_transaction_set_and_still_checks_it()
    {
        var x12 = Generate("small-sts", 400);
        var streamed = Stream(x12);
        var secondTrace = streamed[1].Header.TraceNumber;

        using (var reader = new Remittance835Reader(new StringReader(x12)))
        {
            Assert.NotNull(reader.ReadNextHeader());
            Assert.NotNull(reader.ReadNextClaim());
            Assert.Equal(secondTrace, reader.ReadNextHeader()!.TraceNumber);
            Assert.Equal(streamed[1].Claims, Enumerable.Range(0, streamed[1].Claims.Count).Select(_ => reader.ReadNextClaim()));
        }

        var lastClaimOfTheFirst = streamed[0].Claims[^1].PatientControlNumber;
        var clp = x12.IndexOf($"CLP*{lastClaimOfTheFirst}*", StringComparison.Ordinal) + 4 + lastClaimOfTheFirst.Length + 1;
        var broken = x12[..clp] + "X" + x12[(clp + 1)..]; // its status code
        using (var reader = new Remittance835Reader(new StringReader(broken)))
        {
            Assert.NotNull(reader.ReadNextHeader());
            var error = Assert.Throws<X12ParseException>(() => reader.ReadNextHeader());
            Assert.Equal(("CLP", (int?)2), (error.SegmentId, error.ElementPosition));
        }
    }

    [Fact]
    public void No_claim_is_read_before_a_header()
    {
        using var reader = new Remittance835Reader(new StringReader(Generate("one-st", 3)));

        Assert.Null(reader.ReadNextClaim());
        Assert.Null(reader.Trailer);
        Assert.NotNull(reader.ReadNextHeader());
        Assert.Equal(3, Enumerable.Range(0, 4).Count(_ => reader.ReadNextClaim() is not null));
        Assert.Equal(3, reader.Trailer!.ClaimCount);
        Assert.Null(reader.ReadNextHeader());
    }

    [Fact]
    public void Claims_already_read_are_not_held_by_the_reader_however_many_the_transaction_set_has()
    {
        // Memory bounded by one claim: of every 50th claim of one 20,000-claim transaction set, none but the last one or
        // two may be alive once the caller has dropped them; reading whole transaction sets would hold all of them.
        var x12 = Generate("one-st", 20_000);
        using var reader = new Remittance835Reader(new StringReader(x12));
        Assert.NotNull(reader.ReadNextHeader());

        var (sampled, aliveMidway) = ReadKeepingWeakReferences(reader, stopAfter: 10_000);
        var (sampledAtEnd, aliveAtEnd) = ReadKeepingWeakReferences(reader, stopAfter: int.MaxValue);

        Assert.Equal((200, 200), (sampled, sampledAtEnd));
        Assert.InRange(aliveMidway, 0, 2);
        Assert.InRange(aliveAtEnd, 0, 2);
        Assert.Equal(20_000, reader.Trailer!.ClaimCount);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (int Sampled, int Alive) ReadKeepingWeakReferences(Remittance835Reader reader, int stopAfter)
    {
        var weak = new List<WeakReference>();
        for (var i = 0; i < stopAfter; i++)
        {
            if (!ReadOneWeakly(reader, i % 50 == 0 ? weak : null))
                break;
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return (weak.Count, weak.Count(reference => reference.IsAlive));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool ReadOneWeakly(Remittance835Reader reader, List<WeakReference>? weak)
    {
        var claim = reader.ReadNextClaim();
        if (claim is not null)
            weak?.Add(new WeakReference(claim));
        return claim is not null;
    }
}
