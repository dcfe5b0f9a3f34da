using RevenueCycle.X12.Remittance;
using RevenueCycle.X12.Tests.Samples;

namespace RevenueCycle.X12.Tests;

public class Reading_an_835
{
    private static Remittance835 ReadOne(string x12) => Assert.Single(Remittance835Reader.Parse(x12));

    private static X12ParseException Rejects(string x12) => Assert.Throws<X12ParseException>(() => Remittance835Reader.Parse(x12));

    [Fact]
    public void Reads_the_envelope_payment_and_parties()
    {
        var remittance = ReadOne(Sample835.Text);
        Assert.Equal("ACMEHEALTH", remittance.Envelope.Interchange.SenderId);
        Assert.Equal("RIVERSIDEFM", remittance.Envelope.Interchange.ReceiverId);
        Assert.Equal(101, remittance.Envelope.Interchange.ControlNumber);
        Assert.Equal("005010X221A1", remittance.Envelope.Group.Version);
        Assert.Equal("0001", remittance.Envelope.TransactionSetControlNumber);
        Assert.Equal(1141m, remittance.Payment.Amount);
        Assert.Equal(CreditDebit.Credit, remittance.Payment.CreditDebit);
        Assert.Equal("ACH", remittance.Payment.PaymentMethod);
        Assert.Equal(new DateOnly(2024, 3, 15), remittance.Payment.PaymentDate);
        Assert.Equal(new BankAccount("01", "888888882", "DA", "98765"), remittance.Payment.ReceiverAccount);
        Assert.Equal("EFT20240315001", remittance.TraceNumber);
        Assert.Equal("1512345678", remittance.PayerIdentifier);
        Assert.Equal(new DateOnly(2024, 3, 14), remittance.ProductionDate);
        Assert.Equal("ACME HEALTH PLAN", remittance.Payer.Name);
        Assert.Equal("HARTFORD", remittance.Payer.Address?.City);
        Assert.Equal(2, remittance.Payer.Contacts.Count);
        Assert.Equal("edi@acme.example", remittance.Payer.Contacts[1].Numbers[1].Number);
        Assert.Equal("1234567893", remittance.Payee.Npi);
        Assert.Equal("371234567", remittance.Payee.TaxId);
    }

    [Fact]
    public void Reads_each_claim_with_its_status_amounts_and_parties()
    {
        var claims = ReadOne(Sample835.Text).Claims.ToList();
        Assert.Equal(["PCN-1001", "PCN-1002", "PCN-0999", "PCN-1004"], claims.Select(c => c.PatientControlNumber));
        Assert.Equal([ClaimStatusCode.ProcessedAsPrimary, ClaimStatusCode.Denied, ClaimStatusCode.Reversal, ClaimStatusCode.ProcessedAsPrimary], claims.Select(c => c.Status));

        var paid = claims[0];
        Assert.Equal(300m, paid.ChargeAmount);
        Assert.Equal(180m, paid.PaymentAmount);
        Assert.Equal(40m, paid.PatientResponsibilityAmount);
        Assert.Equal("12", paid.ClaimFilingIndicator);
        Assert.Equal("ACME-CLAIM-1", paid.PayerClaimControlNumber);
        Assert.Equal("11", paid.FacilityCode);
        Assert.Equal(ClaimFrequency.Original, paid.Frequency);
        Assert.Equal("DOE", paid.Patient?.LastNameOrOrganization);
        Assert.Equal("MEM123", paid.Patient?.Identifier);
        Assert.Equal("1987654325", paid.RenderingProvider?.Identifier);
        Assert.Equal(new DateOnly(2024, 3, 1), paid.StatementFromDate);
        Assert.Equal(new DateOnly(2024, 3, 5), paid.ReceivedDate);

        Assert.Equal([new Adjustment(AdjustmentGroup.Contractual, "50", 200m)], claims[1].Adjustments);
        Assert.Equal(-80m, claims[2].PaymentAmount);
        Assert.Equal(ClaimFrequency.Replacement, claims[3].Frequency);
        Assert.Equal(["MA01"], claims[3].OutpatientAdjudication?.RemarkCodes);
        Assert.Equal(new Reference("F8", "ACME-CLAIM-3"), Assert.Single(claims[3].References));
    }

    [Fact]
    public void Reads_service_lines_with_adjustments_dates_allowed_amounts_and_remarks()
    {
        var lines = ReadOne(Sample835.Text).Claims.First().ServiceLines;
        Assert.Equal(2, lines.Count);
        var office = lines[0];
        Assert.Equal(ProcedureCode.Cpt("99213", "25"), office.Procedure);
        Assert.Equal(150m, office.ChargeAmount);
        Assert.Equal(100m, office.PaymentAmount);
        Assert.Equal(1m, office.Units);
        Assert.Equal(new DateOnly(2024, 3, 1), office.ServiceDate);
        Assert.Equal([new Adjustment(AdjustmentGroup.Contractual, "45", 30m), new Adjustment(AdjustmentGroup.PatientResponsibility, "2", 20m)], office.Adjustments);
        Assert.Equal("LINE-1", office.LineItemControlNumber);
        Assert.Equal(120m, office.AllowedAmount);
        Assert.Equal([Remark.RemittanceAdviceRemark("N130")], lines[1].Remarks);
    }

    [Fact]
    public void Reads_claim_groups_and_provider_level_adjustments()
    {
        var remittance = ReadOne(Sample835.Text);
        Assert.Equal([1, 2], remittance.ClaimGroups.Select(g => g.AssignedNumber));
        Assert.Equal(
            [
                new ProviderAdjustment { ProviderIdentifier = "1234567893", FiscalPeriodDate = new DateOnly(2024, 12, 31), ReasonCode = "WO", Reference = "PCN-0900 ACME-CLAIM-9", Amount = 25m },
                new ProviderAdjustment { ProviderIdentifier = "1234567893", FiscalPeriodDate = new DateOnly(2024, 12, 31), ReasonCode = "L6", Amount = -0.5m },
            ],
            remittance.ProviderAdjustments);
        Assert.Equal(remittance.Payment.Amount, RemittanceBalancing.ExpectedPaymentAmount(remittance));
    }

    [Fact]
    public void Reads_a_stream_handed_out_a_few_characters_at_a_time()
    {
        using var reader = new Remittance835Reader(new ChunkedReader(Sample835.Text, chunkSize: 5));
        Assert.Equal(ReadOne(Sample835.Text), Assert.Single(reader.ReadAll()));
    }

    [Fact]
    public void Reading_the_next_transaction_set_lets_go_of_the_one_before()
    {
        // Two interchanges: while the second is being read, nothing of the reader's may still hold the first
        // transaction set (the caller has dropped it), so the GC need not copy two transactions at a time.
        var once = Sample835.Text.OnOneLine();
        WeakReference? first = null;
        bool? firstAliveDuringSecond = null;
        var input = new ProbingReader(once + once, probeAt: once.Length + once.Length / 2, () =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            firstAliveDuringSecond = first!.IsAlive;
        });
        using var reader = new Remittance835Reader(input);
        using var remittances = reader.ReadAll().GetEnumerator();

        Assert.True(remittances.MoveNext());
        first = WeaklyCurrent(remittances);
        Assert.True(remittances.MoveNext());

        Assert.False(firstAliveDuringSecond);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference WeaklyCurrent(IEnumerator<Remittance835> remittances) => new(remittances.Current);

    /// <summary>Hands out 16 characters at a time and calls <c>probe</c> once, when the reading passes <c>probeAt</c>.</summary>
    private sealed class ProbingReader(string text, int probeAt, Action probe) : TextReader
    {
        private int _position;
        private bool _probed;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (!_probed && _position >= probeAt)
            {
                _probed = true;
                probe();
            }
            var length = Math.Min(Math.Min(16, buffer.Length), text.Length - _position);
            text.AsSpan(_position, length).CopyTo(buffer);
            _position += length;
            return length;
        }
    }

    [Fact]
    public void Reads_several_groups_per_interchange_and_transactions_per_group()
    {
        var lines = Sample835.Text.OnOneLine().Split('~', StringSplitOptions.RemoveEmptyEntries);
        var isa = lines[0];
        var gs = lines[1];
        var transaction = lines[2..^2];
        var second = transaction.Select(s => s.Replace("ST*835*0001", "ST*835*0002").Replace("SE*52*0001", "SE*52*0002"));
        var x12 = string.Join("~",
            [isa, gs, .. transaction, .. second, "GE*2*101", gs.Replace("*101*", "*102*"), .. transaction, "GE*1*102", "IEA*2*000000101", ""]);

        var remittances = Remittance835Reader.Parse(x12);

        Assert.Equal(3, remittances.Count);
        Assert.Equal(["0001", "0002", "0001"], remittances.Select(r => r.Envelope.TransactionSetControlNumber));
        Assert.Equal([101, 101, 102], remittances.Select(r => r.Envelope.Group.ControlNumber));
    }

    [Fact]
    public void Reads_other_delimiters()
    {
        var x12 = Sample835.Text.WithSeparators(new X12Separators('|', '>', '^', '\n'));
        Assert.Equal(ReadOne(Sample835.Text).Claims, ReadOne(x12).Claims);
    }

    [Fact]
    public void Rejects_a_service_line_whose_adjustments_do_not_balance()
    {
        var error = Rejects(Sample835.Text.Replace("CAS*CO*45*30~", "CAS*CO*45*31~"));
        Assert.Equal("SVC", error.SegmentId);
        Assert.Equal(24, error.SegmentPosition);
        Assert.Contains("charge 150 − paid 100 = 50, but its adjustments (CAS) total 51", error.Message);
    }

    [Fact]
    public void Rejects_a_claim_whose_adjustments_do_not_balance()
    {
        var error = Rejects(Sample835.Text.Replace("CAS*CO*50*200~", "CAS*CO*50*190~"));
        Assert.Equal("CLP", error.SegmentId);
        Assert.Equal(37, error.SegmentPosition);
        Assert.Contains("PCN-1002", error.Message);
    }

    [Fact]
    public void Rejects_a_payment_that_is_not_the_claims_paid_less_provider_adjustments()
    {
        var error = Rejects(Sample835.Text.Replace("BPR*I*1141*", "BPR*I*1165.5*"));
        Assert.Equal("BPR", error.SegmentId);
        Assert.Equal(4, error.SegmentPosition);
        Assert.Equal(2, error.ElementPosition);
    }

    [Theory]
    [InlineData("CAS*CO*45*30~", "CAS*CO*45*29.995**94*0.005~")]          // three decimals in a line's CAS
    [InlineData("BPR*I*1141*", "BPR*I*1141.000*")]                          // and in the payment
    [InlineData("SVC*HC:99213:25*150*", "SVC*HC:99213:25*00000000000000150.00*")] // more digits than cents are added in
    [InlineData("CLP*PCN-1004*1*1200*", "CLP*PCN-1004*1*1200.0000000000000000000*")] // more than the fast parse reads
    public void Balances_amounts_that_are_not_whole_cents_exactly(string segment, string replacement)
    {
        var remittance = ReadOne(Sample835.Text.Replace(segment, replacement));
        Assert.Equal(ReadOne(Sample835.Text).Claims.Count(), remittance.Claims.Count());
    }

    [Fact]
    public void Rejects_a_line_off_by_less_than_a_cent()
    {
        var error = Rejects(Sample835.Text.Replace("CAS*CO*45*30~", "CAS*CO*45*29.995**94*0.004~"));
        Assert.Equal("SVC", error.SegmentId);
        Assert.Equal(24, error.SegmentPosition);
        Assert.Contains("charge 150 − paid 100 = 50, but its adjustments (CAS) total 49.999", error.Message);
    }

    [Fact]
    public void Rejects_a_payment_off_by_less_than_a_cent()
    {
        var error = Rejects(Sample835.Text.Replace("BPR*I*1141*", "BPR*I*1141.001*"));
        Assert.Equal("BPR", error.SegmentId);
        Assert.Contains("the payment amount 1141.001 does not balance: Σ CLP04 1165.5 − Σ PLB 24.5 = 1141.0", error.Message);
    }

    [Fact]
    public void Reads_an_unbalanced_file_when_balancing_is_turned_off()
    {
        using var reader = new Remittance835Reader(new StringReader(Sample835.Text.Replace("BPR*I*1141*", "BPR*I*1165.5*"))) { CheckBalancing = false };
        Assert.Equal(1165.5m, Assert.Single(reader.ReadAll()).Payment.Amount);
    }

    [Fact]
    public void Rejects_an_amount_that_is_not_a_decimal()
    {
        var error = Rejects(Sample835.Text.Replace("CLP*PCN-1002*4*200*0*", "CLP*PCN-1002*4*200*ABC*"));
        Assert.Equal("CLP", error.SegmentId);
        Assert.Equal(37, error.SegmentPosition);
        Assert.Equal(4, error.ElementPosition);
        Assert.Equal("CLP04 at segment 37: 'ABC' is not a decimal amount", error.Message);
    }

    [Fact]
    public void Rejects_a_segment_the_guide_does_not_have()
    {
        var error = Rejects(Sample835.Text.Replace("DTM*050*20240305~", "XYZ*050*20240305~"));
        Assert.Equal("XYZ", error.SegmentId);
        Assert.Equal(23, error.SegmentPosition);
    }

    [Fact]
    public void Rejects_a_segment_out_of_its_loop()
    {
        var error = Rejects(Sample835.Text.Replace("LQ*HE*N130~", "LQ*HE*N130~N1*PR*ANOTHER PAYER~"));
        Assert.Equal("N1", error.SegmentId);
    }

    [Fact]
    public void Rejects_an_unknown_claim_status()
    {
        var error = Rejects(Sample835.Text.Replace("CLP*PCN-1002*4*", "CLP*PCN-1002*9*"));
        Assert.Equal(2, error.ElementPosition);
    }

    [Fact]
    public void Rejects_a_wrong_segment_count()
    {
        var error = Rejects(Sample835.Text.Replace("SE*52*0001", "SE*51*0001"));
        Assert.Equal("SE", error.SegmentId);
        Assert.Equal(1, error.ElementPosition);
        Assert.Contains("52 segments", error.Message);
    }

    [Theory]
    [InlineData("GE*1*101~", "GE*1*100~", "GE")]
    [InlineData("GE*1*101~", "GE*2*101~", "GE")]
    [InlineData("IEA*1*000000101~", "IEA*1*000000102~", "IEA")]
    [InlineData("SE*52*0001~", "SE*52*0002~", "SE")]
    public void Rejects_mismatched_envelope_trailers(string trailer, string wrong, string segmentId) =>
        Assert.Equal(segmentId, Rejects(Sample835.Text.Replace(trailer, wrong)).SegmentId);

    [Fact]
    public void Rejects_a_file_truncated_between_segments()
    {
        var x12 = Sample835.Text.OnOneLine();
        var error = Rejects(x12[..(x12.IndexOf("SE*52", StringComparison.Ordinal))]);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Rejects_an_837_handed_to_the_835_reader()
    {
        var error = Rejects(Sample835.Text.Replace("GS*HP*", "GS*HC*"));
        Assert.Equal("GS", error.SegmentId);
        Assert.Equal(1, error.ElementPosition);
    }

    [Fact]
    public void Reads_transactions_one_at_a_time()
    {
        var x12 = string.Concat(Enumerable.Repeat(Sample835.Text.OnOneLine(), 3));
        using var reader = new Remittance835Reader(new StringReader(x12));
        Assert.NotNull(reader.ReadNext());
        Assert.NotNull(reader.ReadNext());
        Assert.NotNull(reader.ReadNext());
        Assert.Null(reader.ReadNext());
    }
}
