using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RevenueCycle.EndToEnd.Payments;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.EndToEnd.Simulator;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// The endpoints that take X12 bodies — an 835 uploaded to Payments through the gateway, an 837P and a real-time 270 or 276 sent to the
/// clearinghouse simulator — fed damaged files (NUL and other control characters, truncations, wrong separators, huge element counts):
/// each is taken or answered 4xx with problem details naming the segment and its position, never 5xx, and the process keeps serving.
/// The seed is printed; RCM_FUZZ_SEED replays it.
/// </summary>
public sealed class Fuzzing_X12_bodies(PlatformFixture platform)
{
    const int FilesPerEndpoint = 150;
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly char[] Controls = [.. Enumerable.Range(0, 32).Select(c => (char)c), '\u007F', '\uFFFD'];

    static int Seed() => int.TryParse(Environment.GetEnvironmentVariable("RCM_FUZZ_SEED"), out var seed) ? seed : Random.Shared.Next();

    static (string What, string X12) Damage(string x12, Random random)
    {
        var at = random.Next(x12.Length);
        var control = Controls[random.Next(Controls.Length)];
        switch (random.Next(6))
        {
            case 0: return ($"U+{(int)control:X4} inserted at {at}", x12.Insert(at, control.ToString()));
            case 1: return ($"truncated at {at}", x12[..at]);
            case 2:
                var offset = new[] { 3, 82, 104, 105 }[random.Next(4)];
                var separator = "*:^~|\n\0\u001D"[random.Next(8)];
                return ($"ISA offset {offset} replaced by U+{(int)separator:X4}", x12.Remove(offset, 1).Insert(offset, separator.ToString()));
            case 3:
                var end = x12.IndexOf('~', at);
                end = end < 0 ? x12.Length - 1 : end;
                var count = random.Next(2) == 0 ? 5_000 : 200_000;
                return ($"{count} more elements before {end}", x12.Insert(end, new string('*', count) + "X"));
            case 4:
                var run = new string(Enumerable.Range(0, random.Next(1, 40)).Select(_ => Controls[random.Next(Controls.Length)]).ToArray());
                return ($"{run.Length} control characters at {at}", x12.Insert(at, run));
            default:
                var text = x12.ToCharArray();
                for (var n = 1 + random.Next(5); n > 0; n--) text[random.Next(text.Length)] = "*:^~\0\u0001"[random.Next(6)];
                return ("scrambled delimiters", new string(text));
        }
    }

    /// <summary>Null when the answer is right: taken (2xx), or a 4xx problem naming the segment and its position.</summary>
    static async Task<string?> Judge(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var answer = await response.Content.ReadAsStringAsync(Ct);
        if (status is >= 200 and < 300) return null;
        if (status >= 500) return $"{status} {answer}";
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"{status} without problem details: {answer}";
        var problem = JsonDocument.Parse(answer).RootElement;
        // The segment is named by its position in the file; its id too where it has one (a segment whose id is unreadable, or the
        // input ending inside it, has only the position: X12ParseException.SegmentId is null).
        var named = problem.TryGetProperty("segment", out var segment) && segment.ValueKind == JsonValueKind.String;
        var placed = problem.TryGetProperty("segmentPosition", out var position) && position.ValueKind == JsonValueKind.Number && position.GetInt64() >= 1;
        if (!named && !placed)
            return $"{status}: the problem names no segment, by id or position: {answer}";
        return null;
    }

    /// <summary>Seeded random damage: <see cref="FilesPerEndpoint"/> files, three of them the same every run.</summary>
    Task Fuzz(string endpoint, string original, Func<string, Task<HttpResponseMessage>> send, Uri health)
    {
        var seed = Seed();
        var random = new Random(seed);
        // Three damages every run has, whatever the seed: a NUL inside an element after the envelope (PostgreSQL cannot store it, 22021), a
        // body that does not begin with ISA, and an empty body (truncated at 0: its problem names the missing ISA, segment 1).
        var gs = original.IndexOf("~GS", StringComparison.Ordinal);
        (string, string)[] always = [("NUL in an element after the GS", original.Insert(original.IndexOf('*', original.IndexOf('~', gs + 1)) + 1, "\0")), ("not starting with ISA", "HELLO" + original), ("empty", "")];
        var damages = Enumerable.Range(0, FilesPerEndpoint).Select(i => i < always.Length ? always[i] : Damage(original, random)).ToList();
        return SendAll(endpoint, $"seed {seed} (RCM_FUZZ_SEED)", damages, send, health);
    }

    /// <summary>
    /// Every damage of one kind at every position, without chance: the file cut after each of its characters (0 to its length − 1), and a
    /// NUL and a U+FFFD inserted before each. The random fuzzer reaches a given position once in hundreds of runs (a cut at 0, an empty
    /// body, failed CI once); this reaches them all, every run.
    /// </summary>
    Task Exhaust(string endpoint, string original, Func<string, Task<HttpResponseMessage>> send, Uri health) =>
        SendAll(endpoint, "every position", Enumerable.Range(0, original.Length).SelectMany(at => new[]
        {
            ($"truncated at {at}", original[..at]),
            ($"U+0000 inserted at {at}", original.Insert(at, "\0")),
            ($"U+FFFD inserted at {at}", original.Insert(at, "\uFFFD")),
        }).ToList(), send, health);

    /// <summary>Sends each damaged file, judges each answer, and checks the process still serves.</summary>
    async Task SendAll(string endpoint, string run, List<(string What, string X12)> damages, Func<string, Task<HttpResponseMessage>> send, Uri health)
    {
        var failures = new List<string>();
        var outcomes = new Dictionary<int, int>();
        for (var i = 0; i < damages.Count; i++)
        {
            var (what, damaged) = damages[i];
            using var response = await send(damaged);
            outcomes[(int)response.StatusCode] = outcomes.GetValueOrDefault((int)response.StatusCode) + 1;
            if (await Judge(response) is { } failure) failures.Add($"#{i} {what}: {failure[..Math.Min(failure.Length, 400)]}");
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{endpoint}, {run}: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} × {o.Value}")));
        Assert.True(failures.Count == 0, $"{endpoint}, {run}: {failures.Count} of {damages.Count} damaged files answered wrongly:\n{string.Join("\n", failures.Take(40))}");
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.True((await probe.GetAsync(new Uri(health, "/health/live"), Ct)).IsSuccessStatusCode, $"{health} stopped serving");
    }

    /// <summary>An 835 of one claim from a payer of its own, damaged by <paramref name="damage"/> (<see cref="Fuzz"/> or <see cref="Exhaust"/>) and uploaded.</summary>
    async Task Remittances(Func<string, string, Func<string, Task<HttpResponseMessage>>, Uri, Task> damage)
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var x12 = Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + pcn,
            [new Clp(pcn, 1, 100m, 70m, [new Svc("99213", 100m, 70m, [new Cas("CO", "45", 30m)])])]);
        await damage("POST /api/remittances", x12, damaged => payments.PostAsync(damaged), platform.ServiceAddresses["payments"]);
    }

    /// <summary>
    /// An 837P of one claim, damaged by <paramref name="damage"/> and sent by a submitter with its own credentials (so the damage reaches
    /// the X12 readers), each file with a control number of its own; answers the submitter's client and the next control number.
    /// </summary>
    async Task<(HttpClient Http, string Submitter, int Control)> ClaimFiles(Func<string, string, Func<string, Task<HttpResponseMessage>>, Uri, Task> damage)
    {
        var simulator = platform.ServiceAddresses["clearinghouse_simulator"];
        var submitter = "RCM" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var http = platform.SimulatorSubmitter(submitter);
        var control = Random.Shared.Next(1000, 900_000_000);
        var claim = X12Files.Claims(submitter, control, [new TestClaim("PCN-FUZZ-1", "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), "M1", new Line("99213", 100m, new DateOnly(2024, 3, 1)))]);
        await damage("POST /clearinghouse/{submitterId}/files (837P)", claim, damaged =>
            http.PostAsync($"/clearinghouse/{submitter}/files", new StringContent(damaged.Replace($"*{control:000000000}*", $"*{Interlocked.Increment(ref control):000000000}*"), Encoding.UTF8, "application/edi-x12"), Ct), simulator);
        return (http, submitter, control);
    }

    [Fact]
    public Task An_835_cut_at_any_character_or_with_a_NUL_or_replacement_character_anywhere_is_taken_or_refused_naming_the_segment() => Remittances(Exhaust);

    [Fact]
    public async Task An_837P_cut_at_any_character_or_with_a_NUL_or_replacement_character_anywhere_is_taken_or_refused_naming_the_segment()
    {
        using var http = (await ClaimFiles(Exhaust)).Http;
    }

    [Fact]
    public Task Damaged_835_uploads_are_taken_or_refused_naming_the_segment_never_5xx() => Remittances(Fuzz);

    [Fact]
    public async Task Damaged_837P_files_and_270_and_276_inquiries_at_the_clearinghouse_are_taken_or_refused_naming_the_segment_never_5xx()
    {
        var simulator = platform.ServiceAddresses["clearinghouse_simulator"];
        var (http, submitter, control) = await ClaimFiles(Fuzz);
        using var client = http;

        var inquiry = X12Files.Eligibility(submitter, ++control, "ACME01", "M1", new DateOnly(2024, 3, 1));
        await Fuzz("POST /clearinghouse/{submitterId}/realtime (270)", inquiry, damaged =>
            http.PostAsync($"/clearinghouse/{submitter}/realtime", new StringContent(damaged, Encoding.UTF8, "application/edi-x12"), Ct), simulator);

        var status = X12Files.ClaimStatus(submitter, ++control, "ACME01", "M1", "PCN-FUZZ-1", new DateOnly(2024, 3, 1));
        await Fuzz("POST /clearinghouse/{submitterId}/realtime (276)", status, damaged =>
            http.PostAsync($"/clearinghouse/{submitter}/realtime", new StringContent(damaged, Encoding.UTF8, "application/edi-x12"), Ct), simulator);
    }
}
