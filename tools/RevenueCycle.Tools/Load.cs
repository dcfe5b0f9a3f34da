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
/// Also count every pipeline event (and compare their rate with the bus's ceiling). Off by default: each event type the tool
/// listens to is one more queue the broker delivers every encounter's event to, and the tool's own consuming of them took about
/// a tenth of the machine's CPU per encounter (issue 20), so throughput is measured with the two it needs.
/// </param>
public sealed record LoadOptions(int Encounters, int Concurrency, string RabbitHost, ushort RabbitPort, string RabbitVirtualHost, bool CountEvents = false);

/// <summary>
/// `./rcm load --encounters N`: N encounters through the whole cycle (complete → code → claim →
/// submit → 835 → post → patient balance) through the gateway and the simulator. It listens on the
/// bus like any consumer to time each encounter from completion to its posted remittance, then
/// checks through the API that every encounter ended in exactly one claim and one posting.
/// </summary>
public sealed class Load(Uri gateway, Uri simulator, string simulatorKey, string adminKey, LoadOptions options, TextWriter output)
{
    const int EncountersPerPatient = 20;

    readonly ConcurrentDictionary<Guid, long> completedAt = new();        // encounter → ticks
    readonly ConcurrentDictionary<Guid, Guid> claimOfEncounter = new();    // encounter → claim
    readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, long>> postingsOfClaim = new(); // claim → posting → ticks
    readonly ConcurrentDictionary<Type, int> messages = new();
    Guid tenantId;
    int coded;

    public async Task<int> RunAsync()
    {
        var admin = new Api(gateway, adminKey);
        var sim = new Api(simulator, simulatorKey);
        var stamp = DateTime.UtcNow.ToString("MMddHHmmss");
        var tenant = await admin.Post("/api/admin/tenants", new { name = $"Load run {stamp}" });
        tenantId = Guid.Parse(tenant.Str("tenantId")!);
        var api = new Api(gateway, tenant.Str("apiKey"));
        output.WriteLine($"Load run: {options.Encounters} encounters, {options.Concurrency} at a time, tenant {tenantId}");

        await api.Put("/api/practice", new
        {
            name = "Load Test Clinic", npi = "2123456784", taxId = "471234567", taxonomy = "207Q00000X",
            address = new { line1 = "1 Load St", city = "Springfield", state = "IL", zip = "627045512" }, phone = "2175550142",
        });
        var provider = (await api.Post("/api/providers", new { npi = "1679576722", firstName = "Maya", lastName = "Patel" })).Id();
        var payerCode = $"LOAD{stamp[^6..]}";
        var payer = (await api.Post("/api/payers", new { name = "Load PPO", payerId = payerCode, claimFilingCode = "CI", clearinghouse = "simulator" })).Id();
        await sim.Put($"/simulator/payers/{payerCode}", new { allowedPercent = 80m });
        await api.Put("/api/claims/fee-schedule", new { items = new[] { new { code = "99213", amount = 135m }, new { code = "36415", amount = 15m } } });

        var patientCount = (options.Encounters + EncountersPerPatient - 1) / EncountersPerPatient;
        var patients = new Guid[patientCount];
        await Parallel.ForEachAsync(Enumerable.Range(0, patientCount), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
        {
            var id = (await api.Post("/api/patients", new
            {
                mrn = $"L{stamp}-{i:D6}", firstName = "Load", lastName = $"Patient{i}", dateOfBirth = "1970-01-01", sex = i % 2 == 0 ? "F" : "M",
                address = new { line1 = "1 Main St", city = "Springfield", state = "IL", zip = "62704" },
            })).Id();
            await api.Post($"/api/patients/{id}/coverages", new { payerId = payer, memberId = $"LM{i:D8}", priority = "primary", relationship = "self", effectiveFrom = "2025-01-01" });
            patients[i] = id;
        });
        output.WriteLine($"  {patientCount} patients registered with coverage");

        var bus = await ListenAsync();
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
                var patient = patients[n / EncountersPerPatient];
                var date = today.AddDays(-(1 + n % EncountersPerPatient));
                var encounter = (await api.Post("/api/encounters", new
                {
                    patientId = patient, providerId = provider, dateOfService = date.ToString("yyyy-MM-dd"), placeOfService = "11",
                    note = "Hypertension follow-up, blood pressure controlled.",
                })).Id();
                completedAt[encounter] = Stopwatch.GetTimestamp();
                await api.Post($"/api/encounters/{encounter}/complete");
                while (await api.TryGet($"/api/coding/encounters/{encounter}") is null) await Task.Delay(250);
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
            return await ReportAsync(api, clock.Elapsed);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    TimeSpan Deadline() => TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(options.Encounters / 5.0);

    int PostedCount() => claimOfEncounter.Values.Count(postingsOfClaim.ContainsKey);

    async Task<IBusControl> ListenAsync()
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(options.RabbitHost, options.RabbitPort, options.RabbitVirtualHost, BrokerCredentials.Apply);
            cfg.ReceiveEndpoint($"rcm-load-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.PrefetchCount = 256;
                // What the run needs: which claim each encounter became, and when it was posted.
                if (options.CountEvents)
                {
                    Count<EncounterCompleted>(e, m => m.TenantId);
                    Count<EncounterCoded>(e, m => m.TenantId);
                    Count<ClaimSubmitted>(e, m => m.TenantId);
                    Count<ClaimAccepted>(e, m => m.TenantId);
                    Count<ClaimPaid>(e, m => m.TenantId);
                    Count<RemittanceReceived>(e, m => m.TenantId);
                    Count<PatientRegistered>(e, m => m.TenantId);
                    Count<CoverageChanged>(e, m => m.TenantId);
                }
                e.Handler<ClaimCreated>(c =>
                {
                    if (c.Message.TenantId != tenantId) return Task.CompletedTask;
                    messages.AddOrUpdate(typeof(ClaimCreated), 1, (_, n) => n + 1);
                    claimOfEncounter.TryAdd(c.Message.EncounterId, c.Message.ClaimId);
                    return Task.CompletedTask;
                });
                e.Handler<ClaimPaymentPosted>(c =>
                {
                    if (c.Message.TenantId != tenantId) return Task.CompletedTask;
                    messages.AddOrUpdate(typeof(ClaimPaymentPosted), 1, (_, n) => n + 1);
                    postingsOfClaim.GetOrAdd(c.Message.ClaimId, _ => new()).TryAdd(c.Message.PostingId, Stopwatch.GetTimestamp());
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        return bus;
    }

    void Count<T>(IReceiveEndpointConfigurator e, Func<T, Guid> tenant) where T : class =>
        e.Handler<T>(c =>
        {
            if (tenant(c.Message) == tenantId) messages.AddOrUpdate(typeof(T), 1, (_, n) => n + 1);
            return Task.CompletedTask;
        });

    async Task<int> ReportAsync(Api api, TimeSpan elapsed)
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
        output.WriteLine($"  gateway rate limit (429, retried after Retry-After): {api.Throttled} times");
        if (options.CountEvents)
        {
            output.WriteLine($"  pipeline events seen: {totalMessages} ({string.Join(", ", messages.OrderBy(m => m.Key.Name).Select(m => $"{m.Key.Name} {m.Value}"))})");
            var pipelineRate = totalMessages / elapsed.TotalSeconds;
            var ceiling = await BusCeiling.MeasureAsync(options.RabbitHost, options.RabbitPort, options.RabbitVirtualHost, Math.Max(20_000, totalMessages), output);
            output.WriteLine($"  pipeline message rate {pipelineRate:0} msg/s = {100 * pipelineRate / ceiling:0.0}% of the bus ceiling");
        }
        else
        {
            output.WriteLine("  pipeline events: only claims created and payments posted were listened to (--events counts every type and measures the bus's ceiling)");
        }

        // None lost, none doubled: checked through the public API, not from the events above.
        output.WriteLine("  checking every encounter through the API ...");
        var claims = await api.All("/api/claims");
        var byEncounter = claims.GroupBy(c => c.GetProperty("encounterId").GetGuid()).ToDictionary(g => g.Key, g => g.Count());
        var noClaim = completedAt.Keys.Count(e => !byEncounter.ContainsKey(e));
        var doubledClaims = byEncounter.Count(e => e.Value > 1);
        var payments = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(claims, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (claim, _) =>
        {
            var ledger = await api.Get($"/api/payments/claims/{claim.Id()}/ledger");
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
