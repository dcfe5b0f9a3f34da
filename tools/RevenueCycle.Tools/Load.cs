using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Coding;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Contracts.PatientBilling;
using RevenueCycle.Contracts.Registration;

namespace RevenueCycle.Tools;

/// <param name="CountEvents">
/// Also count every pipeline event on the bus (and compare their rate with the bus's ceiling). Off by default: each event type the
/// tool listens to is one more queue the broker delivers every encounter's event to, and the tool's own consuming of them took
/// about a tenth of the machine's CPU per encounter (issue 20), so throughput is measured from the public change feed alone.
/// </param>
/// <param name="Practices">
/// Practices the encounters are spread over, each with its own API key, provider, payer and patients, as a billing company's
/// traffic is. One key may make 200 requests/s (the gateway's per-key limit) and an encounter takes ~5.6: one practice's key
/// alone cannot drive the cycle past ~35 encounters/s without answers of 429 (issue 20).
/// </param>
public sealed record LoadOptions(int Encounters, int Concurrency, string RabbitHost, ushort RabbitPort, string RabbitVirtualHost, bool CountEvents = false,
    int Practices = 1);

/// <summary>
/// `./rcm load --encounters N`: N encounters through the whole cycle (complete → code → claim →
/// submit → 835 → post → patient balance) through the gateway and the simulator. It follows each practice's
/// public change feed (<c>GET /api/events</c>), as an integrating PM system would, to learn which claim each encounter
/// became and to time it from completion to its remittance (claim.paid or claim.denied), then checks through the API
/// that every encounter ended in exactly one claim and one posting.
/// </summary>
public sealed class Load(Uri gateway, Uri simulator, string simulatorKey, string adminKey, LoadOptions options, TextWriter output)
{
    const int EncountersPerPatient = 20;

    readonly ConcurrentDictionary<Guid, long> completedAt = new();        // encounter → ticks
    readonly ConcurrentDictionary<Guid, Guid> claimOfEncounter = new();    // encounter → claim
    readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, long>> postingsOfClaim = new(); // claim → claim.paid/denied event → ticks
    readonly ConcurrentDictionary<Type, int> messages = new();
    readonly HashSet<Guid> tenants = []; // filled before the bus starts, read-only after
    int coded;

    /// <summary>A practice of the run: its key's client, its provider and its patients.</summary>
    sealed record Practice(Guid TenantId, Api Api, Guid Provider, Guid[] Patients);

    public async Task<int> RunAsync()
    {
        var admin = new Api(gateway, adminKey);
        var sim = new Api(simulator, simulatorKey);
        var stamp = DateTime.UtcNow.ToString("MMddHHmmss");
        var practiceCount = Math.Clamp(options.Practices, 1, Math.Max(1, options.Encounters));
        output.WriteLine($"Load run: {options.Encounters} encounters, {options.Concurrency} at a time, {practiceCount} practice{(practiceCount == 1 ? "" : "s")}");
        var practices = new Practice[practiceCount];
        for (var p = 0; p < practiceCount; p++)
        {
            // The n-th encounter is practice n % count's: each has its share, the first ones one more when it does not divide.
            var share = options.Encounters / practiceCount + (p < options.Encounters % practiceCount ? 1 : 0);
            practices[p] = await SetUpPracticeAsync(admin, sim, $"{stamp}{(practiceCount == 1 ? "" : $"-{p + 1}")}", share);
            tenants.Add(practices[p].TenantId);
            output.WriteLine($"  practice {p + 1}: tenant {practices[p].TenantId}, {practices[p].Patients.Length} patients registered with coverage");
        }

        var bus = options.CountEvents ? await ListenAsync() : null;
        using var stopFeeds = new CancellationTokenSource();
        var feeds = practices.Select(p => FollowFeedAsync(p, stopFeeds.Token)).ToArray();
        var clock = Stopwatch.StartNew();
        var progress = Task.Run(async () =>
        {
            while (PostedCount() < options.Encounters && clock.Elapsed < Deadline())
            {
                await Task.Delay(2000);
                output.WriteLine($"  [{clock.Elapsed:mm\\:ss}] completed {completedAt.Count}, coded {coded}, claims {claimOfEncounter.Count}, posted {PostedCount()} of {options.Encounters}");
            }
        });
        try
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            await Parallel.ForEachAsync(Enumerable.Range(0, options.Encounters), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (n, _) =>
            {
                // One visit per patient per day: the scrubber rightly holds a second claim for the same patient, date and code.
                var (practice, k) = (practices[n % practices.Length], n / practices.Length);
                var api = practice.Api;
                var patient = practice.Patients[k / EncountersPerPatient];
                var date = today.AddDays(-(1 + k % EncountersPerPatient));
                var encounter = (await api.Post("/api/encounters", new
                {
                    patientId = patient, providerId = practice.Provider, dateOfService = date.ToString("yyyy-MM-dd"), placeOfService = "11",
                    note = "Hypertension follow-up, blood pressure controlled.",
                })).Id();
                completedAt[encounter] = Stopwatch.GetTimestamp();
                await api.Post($"/api/encounters/{encounter}/complete");
                // Coding opens the encounter when it takes encounter.completed, a moment after the answer: looking at once was a
                // 404 for most encounters (2.15 looks an encounter, issue 20), so the coder looks after the moment, as a person would.
                do await Task.Delay(CodingLookPause); while (await api.TryGet($"/api/coding/encounters/{encounter}") is null);
                await api.Put($"/api/coding/encounters/{encounter}", new
                {
                    diagnoses = new[] { "I10" },
                    procedures = new[] { new { code = "99213", modifiers = Array.Empty<string>(), units = 1, diagnosisPointers = new[] { 1 } } },
                });
                await api.Post($"/api/coding/encounters/{encounter}/finalize");
                Interlocked.Increment(ref coded);
            });
            while (PostedCount() < options.Encounters && clock.Elapsed < Deadline()) await Task.Delay(250);
            clock.Stop();
            await progress;
            return await ReportAsync(practices, clock.Elapsed);
        }
        finally
        {
            await stopFeeds.CancelAsync();
            await Task.WhenAll(feeds);
            if (bus is not null) await bus.StopAsync();
        }
    }

    async Task<Practice> SetUpPracticeAsync(Api admin, Api sim, string stamp, int encounters)
    {
        var tenant = await admin.Post("/api/admin/tenants", new { name = $"Load run {stamp}" });
        var api = new Api(gateway, tenant.Str("apiKey"));
        await api.Put("/api/practice", new
        {
            name = "Load Test Clinic", npi = "2123456784", taxId = "471234567", taxonomy = "207Q00000X",
            address = new { line1 = "1 Load St", city = "Springfield", state = "IL", zip = "627045512" }, phone = "2175550142",
        });
        var provider = (await api.Post("/api/providers", new { npi = "1679576722", firstName = "Maya", lastName = "Patel" })).Id();
        var payerCode = $"LOAD{stamp[4..].Replace("-", "")}";
        var payer = (await api.Post("/api/payers", new { name = "Load PPO", payerId = payerCode, claimFilingCode = "CI", clearinghouse = "simulator" })).Id();
        await sim.Put($"/simulator/payers/{payerCode}", new { allowedPercent = 80m });
        await api.Put("/api/claims/fee-schedule", new { items = new[] { new { code = "99213", amount = 135m }, new { code = "36415", amount = 15m } } });

        var patients = new Guid[(encounters + EncountersPerPatient - 1) / EncountersPerPatient];
        await Parallel.ForEachAsync(Enumerable.Range(0, patients.Length), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
        {
            var id = (await api.Post("/api/patients", new
            {
                mrn = $"L{stamp}-{i:D6}", firstName = "Load", lastName = $"Patient{i}", dateOfBirth = "1970-01-01", sex = i % 2 == 0 ? "F" : "M",
                address = new { line1 = "1 Main St", city = "Springfield", state = "IL", zip = "62704" },
            })).Id();
            await api.Post($"/api/patients/{id}/coverages", new { payerId = payer, memberId = $"LM{i:D8}", priority = "primary", relationship = "self", effectiveFrom = "2025-01-01" });
            patients[i] = id;
        });
        return new Practice(Guid.Parse(tenant.Str("tenantId")!), api, provider, patients);
    }

    TimeSpan Deadline() => TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(options.Encounters / 5.0);

    int PostedCount() => claimOfEncounter.Values.Count(postingsOfClaim.ContainsKey);

    /// <summary>
    /// A practice's change feed, read as a poller reads it: the next page at once while there are more, else again after a
    /// pause. claim.created names each encounter's claim; claim.paid or claim.denied is its remittance posted.
    /// </summary>
    async Task FollowFeedAsync(Practice practice, CancellationToken stop)
    {
        string? cursor = null;
        while (!stop.IsCancellationRequested)
        {
            JsonElement page;
            try
            {
                page = await practice.Api.Get($"/api/events?types=claim.created,claim.paid,claim.denied&limit=500{(cursor is null ? "" : $"&after={cursor}")}");
            }
            catch (Exception) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
            {
                // A service restarting mid-run: the cursor keeps the place, so the next look misses nothing.
                output.WriteLine($"  change feed: {e.Message}; looking again");
                try { await Task.Delay(TimeSpan.FromSeconds(1), stop); } catch (OperationCanceledException) { return; }
                continue;
            }
            foreach (var e in page.GetProperty("items").EnumerateArray())
            {
                var data = e.GetProperty("data");
                var claim = data.GetProperty("claimId").GetGuid();
                if (e.Str("type") == "claim.created")
                    claimOfEncounter.TryAdd(data.GetProperty("encounterId").GetGuid(), claim);
                else
                    postingsOfClaim.GetOrAdd(claim, _ => new()).TryAdd(e.Id(), Stopwatch.GetTimestamp());
            }
            cursor = page.Str("nextCursor") ?? cursor;
            if (page.TryGetProperty("hasMore", out var more) && more.ValueKind == JsonValueKind.True) continue;
            try { await Task.Delay(FeedPause, stop); } catch (OperationCanceledException) { return; }
        }
    }

    static readonly TimeSpan FeedPause = TimeSpan.FromMilliseconds(200);
    static readonly TimeSpan CodingLookPause = TimeSpan.FromMilliseconds(250);

    /// <summary>--events: every pipeline event type counted on the bus, as any consumer would receive it.</summary>
    async Task<IBusControl> ListenAsync()
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(options.RabbitHost, options.RabbitPort, options.RabbitVirtualHost, BrokerCredentials.Apply);
            cfg.ReceiveEndpoint($"rcm-load-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.PrefetchCount = 256;
                Count<EncounterCompleted>(e, m => m.TenantId);
                Count<EncounterCoded>(e, m => m.TenantId);
                Count<ClaimCreated>(e, m => m.TenantId);
                Count<ClaimSubmitted>(e, m => m.TenantId);
                Count<ClaimAccepted>(e, m => m.TenantId);
                Count<ClaimPaid>(e, m => m.TenantId);
                Count<ClaimPaymentPosted>(e, m => m.TenantId);
                Count<RemittanceReceived>(e, m => m.TenantId);
                Count<PatientRegistered>(e, m => m.TenantId);
                Count<CoverageChanged>(e, m => m.TenantId);
            });
        });
        await bus.StartAsync();
        return bus;
    }

    void Count<T>(IReceiveEndpointConfigurator e, Func<T, Guid> tenant) where T : class =>
        e.Handler<T>(c =>
        {
            if (tenants.Contains(tenant(c.Message))) messages.AddOrUpdate(typeof(T), 1, (_, n) => n + 1);
            return Task.CompletedTask;
        });

    async Task<int> ReportAsync(Practice[] practices, TimeSpan elapsed)
    {
        var latencies = completedAt
            .Where(c => claimOfEncounter.TryGetValue(c.Key, out var claim) && postingsOfClaim.ContainsKey(claim))
            .Select(c => Stopwatch.GetElapsedTime(c.Value, postingsOfClaim[claimOfEncounter[c.Key]].Values.Min()).TotalMilliseconds)
            .Order().ToArray();
        double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        var rate = latencies.Length / elapsed.TotalSeconds;
        var totalMessages = messages.Values.Sum();
        output.WriteLine();
        output.WriteLine($"Results ({latencies.Length} of {options.Encounters} encounters posted in {elapsed.TotalSeconds:0.0} s)");
        output.WriteLine($"  end to end:   {rate:0.0} encounters/s");
        output.WriteLine($"  completion → posted remittance: p50 {Percentile(0.50) / 1000:0.00} s, p95 {Percentile(0.95) / 1000:0.00} s, p99 {Percentile(0.99) / 1000:0.00} s");
        output.WriteLine($"  gateway rate limit (429, retried after Retry-After): {practices.Sum(p => p.Api.Throttled)} times");
        if (options.CountEvents)
        {
            output.WriteLine($"  pipeline events seen: {totalMessages} ({string.Join(", ", messages.OrderBy(m => m.Key.Name).Select(m => $"{m.Key.Name} {m.Value}"))})");
            var pipelineRate = totalMessages / elapsed.TotalSeconds;
            var ceiling = await BusCeiling.MeasureAsync(options.RabbitHost, options.RabbitPort, options.RabbitVirtualHost, Math.Max(20_000, totalMessages), output);
            output.WriteLine($"  pipeline message rate {pipelineRate:0} msg/s = {100 * pipelineRate / ceiling:0.0}% of the bus ceiling");
        }
        else
        {
            output.WriteLine("  pipeline events: followed on the public change feed only (--events counts every type on the bus and measures the bus's ceiling)");
        }

        // None lost, none doubled: checked through the public API, not from the events above.
        output.WriteLine("  checking every encounter through the API ...");
        var claims = new List<(Api Api, JsonElement Claim)>();
        foreach (var practice in practices)
            claims.AddRange((await practice.Api.All("/api/claims")).Select(c => (practice.Api, c)));
        var byEncounter = claims.GroupBy(c => c.Claim.GetProperty("encounterId").GetGuid()).ToDictionary(g => g.Key, g => g.Count());
        var noClaim = completedAt.Keys.Count(e => !byEncounter.ContainsKey(e));
        var doubledClaims = byEncounter.Count(e => e.Value > 1);
        var payments = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(claims, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (c, _) =>
        {
            var ledger = await c.Api.Get($"/api/payments/claims/{c.Claim.Id()}/ledger");
            payments.Add(ledger.GetProperty("entries").EnumerateArray().Count(x => (x.Str("kind") ?? x.Str("type") ?? "").Contains("payment", StringComparison.OrdinalIgnoreCase)));
        });
        var unposted = payments.Count(p => p == 0);
        var doubledPostings = payments.Count(p => p > 1);
        output.WriteLine($"  encounters without a claim: {noClaim}; with more than one: {doubledClaims}");
        output.WriteLine($"  claims without a posting: {unposted}; posted more than once: {doubledPostings}");
        var ok = noClaim == 0 && doubledClaims == 0 && unposted == 0 && doubledPostings == 0 && latencies.Length == options.Encounters;
        output.WriteLine(ok ? "  none lost, none doubled." : "  FAILED: see the counts above.");
        return ok ? 0 : 1;
    }
}
