using RevenueCycle.X12.Remittance;
using RevenueCycle.X12.Tests.Samples;

namespace RevenueCycle.X12.Tests;

/// <summary>
/// Thousands of deterministic mutations of a valid 835: whatever the damage, the reader either reads
/// the file or throws X12ParseException, never another exception, and always finishes.
/// </summary>
public class Fuzzing_the_835_reader
{
    private const int Mutations = 5000;
    private const string Alphabet = "*:^~\r\n0123456789.-ABCDEFGHIJKLMNOPQRSTUVWXYZ ISACLPSVCCASSEGEIEA";

    [Fact]
    public void Either_reads_or_throws_an_X12ParseException_for_every_mutation()
    {
        var random = new Random(835);
        var original = Sample835.Text.OnOneLine();
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Mutations; i++)
        {
            var mutated = Mutate(original, random);
            string outcome;
            try
            {
                using var reader = new Remittance835Reader(new ChunkedReader(mutated, chunkSize: 1 + i % 97));
                var count = 0;
                foreach (var _ in reader.ReadAll())
                    Assert.True(++count < 1000, "the reader must finish");
                outcome = "read";
            }
            catch (X12ParseException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                Assert.True(e.SegmentPosition >= 1);
                outcome = "rejected";
            }
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        Assert.True(outcomes.GetValueOrDefault("rejected") > Mutations / 2, "most mutations must be caught");
    }

    private static string Mutate(string text, Random random)
    {
        var chars = new List<char>(text);
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits && chars.Count > 0; e++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(5))
            {
                case 0: chars.RemoveAt(at); break;
                case 1: chars.Insert(at, chars[at]); break;
                case 2: chars[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                case 3: chars.RemoveRange(at, chars.Count - at); break;
                default:
                    var length = Math.Min(random.Next(1, 40), chars.Count - at);
                    chars.InsertRange(random.Next(chars.Count), chars.GetRange(at, length));
                    break;
            }
        }
        return new string(chars.ToArray());
    }
}
