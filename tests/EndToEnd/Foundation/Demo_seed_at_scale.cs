using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// <c>./rcm up</c> seeds the demo practice on its first start (<c>./rcm seed</c>, tools/RevenueCycle.Tools <c>seed</c>): the demo's
/// scenario at scale through the gateway and the simulator, so every screen of the staff portal has data at first sign-in. Here at
/// 30 encounters against the test platform, twice: the second run makes nothing.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class Demo_seed_at_scale(PlatformFixture platform)
{
    // 30 here; RCM_SEED_TEST_ENCOUNTERS=200 runs the test at ./rcm up's scale (its output is kept in .rcm/logs/e2e/demo-seed.log).
    static readonly int Encounters = int.Parse(Environment.GetEnvironmentVariable("RCM_SEED_TEST_ENCOUNTERS") ?? "30");
    static readonly int LeftForTheCoder = Math.Max(2, Encounters / 40); // the latest visits: the coder's worklist

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary><c>./rcm seed</c> against the test platform: its gateway, simulator and keys in a state folder of the test's own.</summary>
    async Task<string> RcmSeed(string state)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestEnvironment.Root, "rcm"), "seed"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["RCM_STATE"] = state;
        start.Environment["RCM_GATEWAY_PORT"] = platform.Gateway.Port.ToString();
        start.Environment["RCM_SIMULATOR_PORT"] = platform.ServiceAddresses["clearinghouse_simulator"].Port.ToString();
        start.Environment["RCM_ADMIN_KEY"] = platform.AdminKey;
        start.Environment["RCM_SEED_ENCOUNTERS"] = Encounters.ToString();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        var printed = await output + await error;
        TestContext.Current.TestOutputHelper?.WriteLine(printed);
        // Kept for after the run, beside the platform's own logs.
        var logs = Directory.CreateDirectory(Path.Combine(TestEnvironment.Root, ".rcm", "logs", "e2e")).FullName;
        await File.AppendAllTextAsync(Path.Combine(logs, "demo-seed.log"), printed, Ct);
        Assert.True(process.ExitCode == 0, $"./rcm seed exited {process.ExitCode}: {printed}");
        return printed;
    }

    static async Task<List<JsonElement>> All(HttpClient client, string path)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var sep = path.Contains('?') ? '&' : '?';
            var page = await client.GetFromJsonAsync<JsonElement>($"{path}{sep}limit=200{(cursor is null ? "" : "&cursor=" + cursor)}", Ct);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        } while (cursor is not null);
        return items;
    }

    sealed record Counts(int Patients, int Encounters, int Claims, int Coding, int Exceptions, int Underpayments, int Statements, int Plans, int Deposits);

    static async Task<Counts> CountAsync(HttpClient api)
    {
        var patients = await All(api, "/api/patients");
        var plans = 0;
        foreach (var p in patients)
            plans += (await All(api, $"/api/patient-billing/accounts/{p.GetProperty("id").GetGuid()}/payment-plans")).Count;
        return new Counts(patients.Count, (await All(api, "/api/encounters")).Count, (await All(api, "/api/claims")).Count,
            (await All(api, "/api/coding/worklist")).Count(i => i.GetProperty("status").GetString() != "coded"), (await All(api, "/api/payments/exceptions")).Count,
            (await All(api, "/api/claims/underpayments")).Count, (await All(api, "/api/patient-billing/statements")).Count, plans,
            (await All(api, "/api/payments/deposits")).Count);
    }

    [Fact]
    public async Task The_demo_practice_is_seeded_with_every_queue_worked_by_the_portal_and_a_second_seed_makes_nothing()
    {
        var tenant = await platform.NewTenantAsync("Demo Family Practice");
        var state = Directory.CreateTempSubdirectory("rcm-seed-").FullName;
        await File.WriteAllTextAsync(Path.Combine(state, "demo-key"), tenant.ApiKey + "\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(state, "simulator-operator-key"), platform.SimulatorOperatorKey + "\n", Ct);

        var clock = Stopwatch.StartNew();
        var printed = await RcmSeed(state);
        var took = clock.Elapsed;
        Assert.Contains("Work queues", printed);
        Assert.True(File.Exists(Path.Combine(state, "demo-seeded")), "./rcm up knows the practice is seeded (.rcm/demo-seeded)");

        using var api = platform.Client(tenant.ApiKey);
        var encounters = await All(api, "/api/encounters");
        Assert.Equal(Encounters, encounters.Count);
        // Dates of service over the last 90 days (timely filing counts from them: 180 days for commercial payers, 365 for Medicare,
        // 42 CFR 424.44), none in the future.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var dates = encounters.Select(e => DateOnly.Parse(e.GetProperty("dateOfService").GetString()!)).ToList();
        Assert.All(dates, d => Assert.InRange(d, today.AddDays(-90), today));
        Assert.True(dates.Max().DayNumber - dates.Min().DayNumber >= 45, $"dates of service spread over the quarter: {dates.Min()} to {dates.Max()}");
        Assert.True((await All(api, "/api/providers")).Count >= 3);

        // Every coded visit has exactly one claim; the latest visits wait for the coder.
        var claims = await All(api, "/api/claims");
        Assert.Equal(Encounters - LeftForTheCoder, claims.Count);
        Assert.Equal(claims.Count, claims.Select(c => c.GetProperty("encounterId").GetGuid()).Distinct().Count());
        Assert.Equal(LeftForTheCoder, (await All(api, "/api/coding/worklist")).Count(i => i.GetProperty("status").GetString() != "coded"));
        var statuses = claims.GroupBy(c => c.GetProperty("status").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(statuses.GetValueOrDefault("paid") + statuses.GetValueOrDefault("partially-paid") > claims.Count / 2,
            $"most claims are paid: {string.Join(", ", statuses)}");
        foreach (var status in new[] { "denied", "held", "rejected" }) Assert.True(statuses.ContainsKey(status), $"a {status} claim: {string.Join(", ", statuses)}");
        // Denials with real CARCs (X12 external code list 139): 50 not medically necessary, 197 no prior authorization, 11 diagnosis
        // inconsistent with the procedure.
        var carcs = (await All(api, "/api/claims/denials")).Select(d => d.GetProperty("denial").GetProperty("carc").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "50", "197" }, carcs);

        // The other queues and lists the portal's screens show.
        Assert.NotEmpty(await All(api, "/api/claims/underpayments?status=open"));   // PPO 99214 paid below its contract
        Assert.NotEmpty(await All(api, "/api/payments/exceptions"));                  // an ERA for a claim sent by the old system
        Assert.NotEmpty(await All(api, "/api/payments/credit-balances"));             // a flu vaccine paid twice
        Assert.NotEmpty(await All(api, "/api/payments/deposits/unmatched"));          // a deposit no remittance explains
        Assert.NotEmpty(await All(api, "/api/claims/follow-up"));                     // lost / paid without an 835 (276/277)
        Assert.NotEmpty(await All(api, "/api/remittances"));
        Assert.NotEmpty(await All(api, "/api/patient-billing/statements"));
        var before = await CountAsync(api);
        Assert.Equal(1, before.Plans);

        // Run again (an interrupted first start, or ./rcm seed by hand): nothing is made twice.
        var again = await RcmSeed(state);
        Assert.Contains("already seeded", again);
        var after = await CountAsync(api);
        Assert.Equal(before, after);
        Assert.Equal(Encounters, after.Encounters);
        Directory.Delete(state, recursive: true);
        TestContext.Current.TestOutputHelper?.WriteLine($"first seed took {took.TotalSeconds:0.0} s");
    }
}
