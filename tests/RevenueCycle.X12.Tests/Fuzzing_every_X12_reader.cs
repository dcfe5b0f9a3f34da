using RevenueCycle.X12.Acknowledgments;
using RevenueCycle.X12.ClaimStatus;
using RevenueCycle.X12.Claims;
using RevenueCycle.X12.Eligibility;
using RevenueCycle.X12.Remittance;
using RevenueCycle.X12.Tests.Samples;

namespace RevenueCycle.X12.Tests;

/// <summary>
/// Every reader of the library (835, 837P and its 999 syntax check, 999, 277CA, 270, 271, 276, 277) fed damaged files: NUL and the other control
/// characters, truncations, wrong or clashing separators, segments with huge element counts, bytes that are not UTF-8. Each file is
/// either read or refused with <see cref="X12ParseException"/> naming the segment position — never another exception, never a hang.
/// The seed is printed on failure and can be set with RCM_FUZZ_SEED to replay a run.
/// </summary>
public class Fuzzing_every_X12_reader
{
    private const int MutationsPerReader = 3000;
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    // ASCII C0 controls and DEL (X12.6 basic character set excludes them), a lone surrogate half and the replacement character.
    private static readonly char[] Hostile = [.. Enumerable.Range(0, 32).Select(c => (char)c), '\u007F', '\uD800', '\uDC00', '\uFFFD', '\u0085', '\u2028'];
    private const string Delimiters = "*:^~|>!\r\n";

    public static TheoryData<string> Readers => [.. Samples.Keys];

    private static readonly Dictionary<string, (Func<string> Sample, Func<TextReader, bool> Read)> Samples = new()
    {
        ["835"] = (() => Sample835.Text, input => Drain(new Remittance835Reader(input).ReadAll())),
        ["837P"] = (() => Sample837.Text, input => Drain(new Claim837Reader(input).ReadAll())),
        ["837P syntax check (999)"] = (() => Sample837.Text, input => Claim837SyntaxValidator.Validate(input).All(ack => ack.GroupStatus == AcknowledgmentCode.Accepted)),
        ["999"] = (() => Acknowledgment999Writer.WriteToString(Claim837SyntaxValidator.Validate(
            Sample837.Text.Replace("SV1*HC:85025*150*", "SV1*HC:85025*15O*").Replace("SE*69*", "SE*70*"))[0] with
            {
                Envelope = Acknowledgments_999_and_277CA.Envelope(X12Versions.AcknowledgmentGroup, X12Versions.FunctionalAcknowledgment999),
            }), input => Drain(new Acknowledgment999Reader(input).ReadAll())),
        ["277CA"] = (() => ClaimAcknowledgment277Writer.WriteToString(Acknowledgments_999_and_277CA.Acknowledgment277()),
            input => Drain(new ClaimAcknowledgment277Reader(input).ReadAll())),
        ["270"] = (() => Eligibility270Writer.WriteToString(Eligibility_270_and_271.Inquiry()), input => Drain(new Eligibility270Reader(input).ReadAll())),
        ["271"] = (() => Sample271.ActiveCoverage, input => Drain(new Eligibility271Reader(input).ReadAll())),
        ["276"] = (() => ClaimStatus276Writer.WriteToString(Claim_status_276_and_277.Inquiry()), input => Drain(new ClaimStatus276Reader(input).ReadAll())),
        ["277"] = (() => Sample277.FinalizedPaid, input => Drain(new ClaimStatus277Reader(input).ReadAll())),
    };

    /// <summary>Reads every transaction set; true (read) once the input is exhausted.</summary>
    private static bool Drain<T>(IEnumerable<T> transactions)
    {
        var count = 0;
        foreach (var _ in transactions)
            Assert.True(++count < 10_000, "the reader must finish");
        return true;
    }

    private static int Seed() => int.TryParse(Environment.GetEnvironmentVariable("RCM_FUZZ_SEED"), out var seed) ? seed : 16_2;

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Reads_or_throws_an_X12ParseException_with_its_segment_for_every_damaged_file(string kind)
    {
        var (sample, read) = Samples[kind];
        var original = sample().OnOneLine();
        read(new StringReader(original)); // the undamaged sample reads
        var seed = Seed();
        var random = new Random(seed);
        var current = "";
        var outcomes = new Dictionary<string, int>();

        var run = Task.Run(() =>
        {
            foreach (var (label, damaged) in Damaged(original, random).Take(MutationsPerReader))
            {
                current = label;
                var outcome = label.Split(' ')[0] + (Outcome(read, damaged, chunk: 1 + damaged.Length % 89, out var failure) ?? " read");
                if (failure is not null)
                    Assert.Fail($"{kind}, seed {seed} (RCM_FUZZ_SEED), {label}: {failure}\n{Show(damaged)}");
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }, TestContext.Current.CancellationToken);
        if (await Task.WhenAny(run, Task.Delay(HangGuard, TestContext.Current.CancellationToken)) != run)
            Assert.Fail($"{kind}, seed {seed} (RCM_FUZZ_SEED): the reader did not finish on {current}");
        await run;

        TestContext.Current.TestOutputHelper?.WriteLine($"{kind}, seed {seed}: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        Assert.True(outcomes.Where(o => o.Key.EndsWith(" refused", StringComparison.Ordinal)).Sum(o => o.Value) > MutationsPerReader / 2, "most damage must be caught");
    }

    /// <summary>Null when the file was read, " refused" when it was refused; <paramref name="failure"/> says what was wrong with the outcome.</summary>
    private static string? Outcome(Func<TextReader, bool> read, string damaged, int chunk, out string? failure)
    {
        failure = null;
        try
        {
            // The 837P syntax check answers most faults with a rejecting 999 instead of an exception: that is refusing too.
            return read(new ChunkedReader(damaged, chunk)) ? null : " refused";
        }
        catch (X12ParseException e)
        {
            if (string.IsNullOrWhiteSpace(e.Message)) failure = "an X12ParseException without a message";
            else if (e.SegmentPosition < 1 && damaged.Trim().Length > 0) failure = $"no segment position: {e.Message}";
            return " refused";
        }
        catch (Exception e)
        {
            failure = $"{e.GetType().Name} instead of X12ParseException: {e}";
            return " crashed";
        }
    }

    private static string Show(string text) =>
        string.Concat(text.Take(600).Select(c => c < ' ' || c == '\u007F' || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString())) + (text.Length > 600 ? "…" : "");

    private static IEnumerable<(string Label, string Text)> Damaged(string x12, Random random)
    {
        var segments = x12.Split('~', StringSplitOptions.RemoveEmptyEntries);
        while (true)
        {
            var at = random.Next(x12.Length);
            var hostile = Hostile[random.Next(Hostile.Length)];
            var segment = random.Next(segments.Length);
            switch (random.Next(9))
            {
                case 0:
                    yield return ($"control-inserted U+{(int)hostile:X4} at {at}", x12.Insert(at, hostile.ToString()));
                    break;
                case 1:
                    yield return ($"control-replacing U+{(int)hostile:X4} at {at}", x12.Remove(at, 1).Insert(at, hostile.ToString()));
                    break;
                case 2:
                    yield return ($"truncated at {at}", x12[..at]);
                    break;
                case 3:
                    // ISA16 component, ISA11 repetition, the segment terminator and the element separator: replaced by another delimiter or a control.
                    var offset = new[] { 3, 82, 104, 105 }[random.Next(4)];
                    var replacement = random.Next(2) == 0 ? Delimiters[random.Next(Delimiters.Length)] : hostile;
                    yield return ($"separator at ISA offset {offset} replaced by U+{(int)replacement:X4}", x12.Remove(offset, 1).Insert(offset, replacement.ToString()));
                    break;
                case 4:
                    var elements = random.Next(2) == 0 ? random.Next(100, 5000) : random.Next(100_000, 300_000);
                    var huge = segments.Select((s, i) => i == segment ? s + new string('*', elements) + "X" : s);
                    yield return ($"elements {elements} more in segment {segment + 1}", string.Join('~', huge) + "~");
                    break;
                case 5:
                    var repeated = Enumerable.Repeat(segments[segment], random.Next(2, 2000));
                    var withRepeats = segments.Take(segment).Concat(repeated).Concat(segments.Skip(segment + 1));
                    yield return ($"segment-repeated {segment + 1}", string.Join('~', withRepeats) + "~");
                    break;
                case 6:
                    var without = segments.Where((_, i) => i != segment);
                    yield return ($"segment-removed {segment + 1}", string.Join('~', without) + "~");
                    break;
                case 7:
                    var controls = new string(Enumerable.Range(0, random.Next(1, 64)).Select(_ => Hostile[random.Next(Hostile.Length)]).ToArray());
                    yield return ($"control-run of {controls.Length} at {at}", x12.Insert(at, controls));
                    break;
                default:
                    var text = x12.ToCharArray();
                    for (var e = 1 + random.Next(6); e > 0; e--)
                        text[random.Next(text.Length)] = random.Next(3) == 0 ? hostile : Delimiters[random.Next(Delimiters.Length)];
                    yield return ("scrambled delimiters", new string(text));
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Bytes_that_are_not_UTF8_or_a_NUL_filled_file_are_refused_with_a_position(string kind)
    {
        var (sample, _) = Samples[kind];
        var read = StreamReaders[kind];
        var bytes = System.Text.Encoding.UTF8.GetBytes(sample().OnOneLine());
        foreach (var (label, damaged) in new (string, byte[])[]
        {
            ("NUL-filled", new byte[4096]),
            ("invalid UTF-8 in the body", [.. bytes[..200], 0xC3, 0x28, 0xFF, 0xFE, .. bytes[200..]]),
            ("UTF-16 BOM then UTF-8", [0xFF, 0xFE, .. bytes]),
            ("NUL after each byte (UTF-16 read as UTF-8)", [.. bytes.SelectMany(b => new[] { b, (byte)0 })]),
        })
        {
            try
            {
                read(new MemoryStream(damaged));
            }
            catch (X12ParseException e)
            {
                Assert.True(e.SegmentPosition >= 1, $"{kind}, {label}: no segment position: {e.Message}");
            }
            catch (Exception e)
            {
                Assert.Fail($"{kind}, {label}: {e.GetType().Name} instead of X12ParseException: {e}");
            }
        }
    }

    private static readonly Dictionary<string, Func<Stream, bool>> StreamReaders = new()
    {
        ["835"] = input => Drain(new Remittance835Reader(input).ReadAll()),
        ["837P"] = input => Drain(new Claim837Reader(input).ReadAll()),
        ["837P syntax check (999)"] = input => Claim837SyntaxValidator.Validate(new StreamReader(input)) is not null,
        ["999"] = input => Drain(new Acknowledgment999Reader(input).ReadAll()),
        ["277CA"] = input => Drain(new ClaimAcknowledgment277Reader(input).ReadAll()),
        ["270"] = input => Drain(new Eligibility270Reader(input).ReadAll()),
        ["271"] = input => Drain(new Eligibility271Reader(input).ReadAll()),
        ["276"] = input => Drain(new ClaimStatus276Reader(input).ReadAll()),
        ["277"] = input => Drain(new ClaimStatus277Reader(input).ReadAll()),
    };
}
