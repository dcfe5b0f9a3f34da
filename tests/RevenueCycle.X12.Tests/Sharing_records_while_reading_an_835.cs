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
    public void Short_values_come_back_as_written_however_many_and_however_alike()
    {
        // Patients' first names go through the reader's cache of short values. Values that differ only in their
        // last characters, in a middle one (the cache packs a value of five to eight characters as its first four and
        // its last four, which overlap) or their length, all lengths up to the longest cached and one more, and more
        // distinct values than the cache keeps (16 384), past which values are no longer shared but still read right.
        string[] alike = ["A", "AA", "AAA", "AAAA", "AAAAA", "AAAAAAA", "AAAAAAAA", "AAAAAAAAA", "AAAAAAAB", "BAAAAAAA", "AAAB", "AAAAB", "A A", "1", "01",
            "AAAABAAA", "AAABAAAA", "AAABAAA", "AAAABAA", "AABAAA", "AAABAA", "ABAAA", "AAABA", "AAAAAB"];
        var names = alike.Concat(Enumerable.Range(0, 17_000).Select(i => i.ToString("X", System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var written = RemittanceBuilder.Balanced(names.Length);
        var claims = written.Claims.Select((claim, i) => claim with { Patient = claim.Patient! with { FirstName = names[i] } }).ToValueList();
        written = written with { ClaimGroups = [written.ClaimGroups[0] with { Claims = claims }] };

        var read = Assert.Single(Remittance835Reader.Parse(Remittance835Writer.WriteToString(written)));

        Assert.Equal(names, read.Claims.Select(claim => claim.Patient!.FirstName));
        Assert.Equal(written, read);
    }

    [Fact]
    public void A_short_value_met_again_is_the_same_string()
    {
        var read = Assert.Single(Remittance835Reader.Parse(Remittance835Writer.WriteToString(RemittanceBuilder.Balanced(3))));
        var lines = read.Claims.SelectMany(claim => claim.ServiceLines).ToList();
        Assert.Same(lines[0].Adjustments[0].ReasonCode, lines[2].Adjustments[0].ReasonCode); // "45"
    }

    [Fact]
    public void A_payer_and_payee_met_again_are_the_same_records_and_any_change_is_read_as_written()
    {
        // A file of small transaction sets repeats its header in every one: parties, addresses, contacts, references,
        // bank accounts. The records of the transaction set before are handed out again when the segments are the same.
        var first = Sample835.Text.OnOneLine();
        var changed = first.Replace("N4*SPRINGFIELD*IL*627010000", "N4*SPRINGFIELD*IL*627020000")
            .Replace("PER*BL*EDI SUPPORT*TE*8005551313*EM*edi@acme.example", "PER*BL*EDI SUPPORT*TE*8005551414")
            .Replace("*01*888888882*DA*98765*", "*01*888888882*DA*98766*");

        var read = Remittance835Reader.Parse(first + first + changed);

        Assert.Same(read[0].Payer, read[1].Payer);
        Assert.Same(read[0].Payee, read[1].Payee);
        Assert.Same(read[0].References, read[1].References);
        Assert.Same(read[0].Payment.SenderAccount, read[1].Payment.SenderAccount);
        Assert.Same(read[0].Payment.ReceiverAccount, read[1].Payment.ReceiverAccount);
        Assert.Equal(Assert.Single(Remittance835Reader.Parse(changed)), read[2]);
        Assert.Equal("627020000", read[2].Payee.Address!.PostalCode);
        Assert.Equal("98766", read[2].Payment.ReceiverAccount!.AccountNumber);
        Assert.Equal([new CommunicationNumber("TE", "8005551414")], read[2].Payer.Contacts[1].Numbers);
        Assert.Same(read[0].Payer.Contacts[0], read[2].Payer.Contacts[0]); // PER*CX did not change
        Assert.Same(read[0].Payment.SenderAccount, read[2].Payment.SenderAccount);
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
