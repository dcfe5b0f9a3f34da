using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RevenueCycle.Tools;

public sealed record SeedOptions(int Encounters, int Days, int Concurrency, TimeSpan Within);

/// <summary>
/// `seed` (run by `./rcm up` on the demo practice's first start): the demo's scenario at scale for one existing practice (its API
/// key), through the gateway and the simulator as `./rcm demo` drives them — about 200 encounters with dates of service over the
/// last 90 days for 40-odd patients of four everyday payers and three that misbehave, three providers; most claims paid, some
/// denied with real CARCs (50 + N115, 197, 11), underpaid lines against a PPO contract, a flu vaccine paid twice (a credit balance),
/// a claim held by the scrubber, one rejected by the payer's front end, one lost by its payer and one paid without its 835 (both
/// checked with a 276: the A/R follow-up queue), an ERA for a claim the practice never sent (a posting exception), a bank deposit
/// no remittance explains, the latest visits left for the coder; then a payment plan and a statement run, and a summary.
/// <para>
/// Idempotent: everything has a natural key (MRNs DEMO-0001…, payer ids and NPIs, the ERA's trace) or is looked up before it is
/// made (a patient's visits are counted, only the missing ones are added; coding, status checks, the plan and the deposits are
/// skipped when done), so a run that was interrupted seeds what is missing when run again, and a second run changes nothing.
/// </para>
/// </summary>
public sealed class Seed(Uri gateway, Uri simulator, string simulatorKey, string key, SeedOptions options, TextWriter output)
{
    static readonly CultureInfo Us = CultureInfo.InvariantCulture;

    /// <summary>A kind of visit: what the note says and how it is coded.</summary>
    sealed record Visit(string Note, string[] Diagnoses, (string Code, string[] Modifiers, int[] Pointers)[] Procedures);

    static readonly Dictionary<string, Visit> Visits = new()
    {
        ["htn"] = new("Essential hypertension follow-up, BP 134/84 on lisinopril. No chest pain.", ["I10"], [("99213", [], [1])]),
        ["diabetes"] = new("Type 2 diabetes mellitus with hyperglycemia, A1c 8.1 today. Hypertension controlled.", ["E11.65", "I10"],
            [("99214", [], [1, 2]), ("83036", [], [1])]),
        ["knee"] = new("Low back pain after lifting, no radiation. Left knee injected with steroid.", ["M54.50"], [("20610", ["LT"], [1])]),
        ["xray"] = new("Chronic low back pain, worse with sitting. Lumbar spine X-ray, two views, in office.", ["M54.50"], [("72100", [], [1])]),
        ["strep"] = new("Sore throat and fever for 2 days. Rapid strep positive. Strep pharyngitis.", ["J02.0"], [("99213", [], [1]), ("87880", [], [1])]),
        ["flu"] = new("Hypertension, BP 146/92. Flu vaccine given today.", ["I10", "Z23"],
            [("99213", ["25"], [1]), ("90686", [], [2]), ("90471", [], [2])]),
        ["awv"] = new("Annual wellness visit, subsequent. Hyperlipidemia on statin. Screening ECG normal sinus rhythm.", ["Z00.00", "E78.5"],
            [("G0439", [], [1]), ("93000", [], [1, 2])]),
        ["bronchitis"] = new("Acute bronchitis, cough for 10 days, scattered rhonchi. No fever.", ["J20.9"], [("99213", [], [1])]),
        // A rapid strep test for a bronchitis: the payer denies the test, CARC 11 (diagnosis inconsistent with the procedure).
        ["bronchitis-strep"] = new("Acute bronchitis with sore throat. Rapid strep negative.", ["J20.9"], [("99213", [], [1]), ("87880", [], [1])]),
        // 99215 is not on the practice's fee schedule: the scrubber holds the claim until it is priced.
        ["chest-pain"] = new("New chest pain on exertion, high complexity decision making. ECG without acute changes.", ["R07.9"], [("99215", [], [1])]),
    };

    /// <summary>The visits each everyday payer's patients have, in turn.</summary>
    static readonly Dictionary<string, string[]> VisitsByPayer = new()
    {
        ["ppo"] = ["htn", "diabetes", "strep", "flu", "bronchitis"],
        ["medicare"] = ["awv", "htn", "diabetes"],
        ["blue"] = ["htn", "knee", "xray", "strep", "diabetes"],
        ["heartland"] = ["htn", "bronchitis-strep", "diabetes"],
    };

    static readonly string[] RegularPayers = ["ppo", "medicare", "blue", "ppo", "heartland", "blue", "medicare", "ppo"];

    sealed record PatientPlan(int Number, string Mrn, string First, string Last, string Dob, string Sex, string Payer, string MemberId);

    /// <summary>The n-th visit of a patient: its kind, days before today and provider; <see cref="ForCoder"/> visits are not coded.</summary>
    sealed record EncounterPlan(PatientPlan Patient, int Slot, string Visit, int DaysAgo, int Provider, bool ForCoder);

    static readonly string[] FirstNames = ["Ada", "Walter", "Grace", "Henry", "Mary", "Alan", "Rosalind", "Nikola", "Marie", "Charles", "Ida", "Edwin",
        "Dorothy", "Emmy", "Srinivasa", "Katherine", "Barbara", "Claude", "Hedy", "John", "Lise", "Niels", "Rachel", "Tim"];
    static readonly string[] LastNames = ["Lovelace", "Brennan", "Hopper", "Ford", "Shelley", "Turing", "Franklin", "Tesla", "Curie", "Babbage",
        "Hubble", "Hodgkin", "Noether", "Ramanujan", "Johnson", "Liskov", "Shannon", "Lamarr", "Backus", "Meitner", "Bohr", "Carson", "Berners"];

    readonly Api api = new(gateway, key);
    readonly Api sim = new(simulator, simulatorKey);
    readonly ConcurrentDictionary<string, int> made = new();
    readonly Stopwatch clock = Stopwatch.StartNew();

    void Made(string what, int count = 1) => made.AddOrUpdate(what, count, (_, n) => n + count);

    public async Task<int> RunAsync()
    {
        if (options.Encounters < 12) throw new ApiException("--encounters must be at least 12 (the scenario's special cases need that many).");
        if (options.Days is < 14 or > 150) throw new ApiException("--days must be 14 to 150 (timely filing is 180 days from the date of service).");
        // The simulator's payer settings are the clearinghouse's, shared by every practice: this practice's payer ids carry a suffix of its own.
        var suffix = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..6];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        output.WriteLine($"Seeding the practice with {options.Encounters} encounters over the last {options.Days} days (payer suffix {suffix})");

        var (providers, payers) = await SetUpPracticeAsync(suffix);
        Step($"practice profile, {providers.Length} providers, {payers.Count} payers with simulator rules, fee schedule and the PPO's contract");

        var (patients, encounters) = Plan(options.Encounters, options.Days, suffix);
        var patientIds = await RegisterPatientsAsync(patients, payers);
        Step($"{patients.Count} patients with coverage ({made.GetValueOrDefault("patient")} new)");

        var visits = await RecordAndCodeEncountersAsync(encounters, patientIds, providers, today);
        Step($"{visits.Count} encounters ({made.GetValueOrDefault("encounter")} new), dates of service {today.AddDays(-options.Days):MM/dd/yyyy} to {today:MM/dd/yyyy}; " +
             $"{visits.Count(v => !v.Plan.ForCoder)} coded ({made.GetValueOrDefault("coded")} now), {visits.Count(v => v.Plan.ForCoder)} left for the coder");

        var claims = await WaitForClaimsAsync(visits.Count(v => !v.Plan.ForCoder), payers);
        Step($"{claims.Count} claims submitted, acknowledged, adjudicated and posted ({clock.Elapsed.TotalSeconds:0} s)");

        await LeaveFollowUpWorkAsync(payers["ppo"], suffix, claims, payers, today);
        await PatientBillingAsync(patientIds.Values.ToList(), today);
        await SummaryAsync(claims);
        output.WriteLine($"Seeded in {clock.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    void Step(string text) => output.WriteLine($"• [{clock.Elapsed:mm\\:ss}] {text}");

    // ------------------------------------------------------------------ the plan

    /// <summary>
    /// The scenario for <paramref name="count"/> encounters: four patients whose one visit goes to a payer that misbehaves (or to
    /// the scrubber), then the everyday payers' patients, about five visits each on distinct dates; the latest few wait for the coder.
    /// </summary>
    static (List<PatientPlan> Patients, List<EncounterPlan> Encounters) Plan(int count, int days, string suffix)
    {
        var patients = new List<PatientPlan>();
        PatientPlan Patient(string payer)
        {
            var n = patients.Count + 1;
            var medicare = payer == "medicare";
            var first = FirstNames[(n - 1) % FirstNames.Length];
            var dob = medicare ? new DateOnly(1946 + n % 12, 1 + n % 12, 1 + n % 27) : new DateOnly(1962 + n * 7 % 38, 1 + n % 12, 1 + n * 3 % 27);
            var patient = new PatientPlan(n, $"DEMO-{n:D4}", first, LastNames[(n * 5 + n / FirstNames.Length) % LastNames.Length],
                dob.ToString("yyyy-MM-dd", Us), n % 2 == 1 ? "F" : "M", payer, $"{payer[..2].ToUpperInvariant()}{suffix[..3]}{n:D5}");
            patients.Add(patient);
            return patient;
        }

        var encounters = new List<EncounterPlan>
        {
            new(Patient("prairie"), 0, "htn", 21, 0, false),      // rejected by the payer's front end (277CA A7)
            new(Patient("lakeside"), 0, "htn", 38, 1, false),     // lost by the payer: a 276 answers "not found"
            new(Patient("canyon"), 0, "diabetes", 45, 2, false),  // paid, but its 835 never comes: a 276 answers "paid"
            new(Patient("ppo"), 0, "chest-pain", 9, 0, false),    // held by the scrubber: 99215 is not on the fee schedule
        };
        var regular = count - encounters.Count;
        var patientCount = Math.Max(5, (int)Math.Round(regular / 5.0));
        var group = Enumerable.Range(0, patientCount).Select(i => Patient(RegularPayers[i % RegularPayers.Length])).ToList();
        var forCoder = Math.Max(2, count / 40);
        for (var r = 0; r < regular; r++)
        {
            var patient = group[r % patientCount];
            var slot = r / patientCount;
            var kinds = VisitsByPayer[patient.Payer];
            var latest = r >= regular - forCoder;
            // Distinct dates for a patient's visits (the scrubber rightly holds a second claim for the same patient, date and code):
            // 17 and the span are coprime enough for the five or so visits each has.
            var daysAgo = latest ? 1 + (regular - 1 - r) % 3 : 4 + (slot * 17 + patient.Number * 7) % (days - 4);
            encounters.Add(new(patient, slot + 1, kinds[(slot + patient.Number) % kinds.Length], daysAgo, (patient.Number + slot) % 3, latest));
        }
        return (patients, encounters);
    }

    // ------------------------------------------------------------------ the practice

    async Task<(Guid[] Providers, Dictionary<string, (Guid Id, string PayerId, string Name)> Payers)> SetUpPracticeAsync(string suffix)
    {
        await api.Put("/api/practice", new
        {
            name = "Demo Family Practice", npi = "2123456784", taxId = "471234567", taxonomy = "207Q00000X",
            address = new { line1 = "200 River Rd", city = "Springfield", state = "IL", zip = "627045512" }, phone = "2175550123",
        });
        // Providers and payers have natural keys (NPI, payer id): made at once, or found (409 existingId) on a later run.
        var providerTasks = new[]
        {
            ("1679576722", "Maya", "Patel", "207Q00000X"), ("1245319599", "James", "Chen", "207R00000X"), ("1324567894", "Amara", "Okafor", "207Q00000X"),
        }.Select(async p =>
        {
            var (id, created) = await api.Ensure("/api/providers", new { npi = p.Item1, firstName = p.Item2, lastName = p.Item3, taxonomy = p.Item4 });
            if (created) Made("provider");
            return id;
        }).ToList();
        var payerTasks = new[]
        {
            ("ppo", "Summit Health PPO", "CI", "SUMMIT"), ("medicare", "Medicare Part B", "MB", "MCARE"), ("blue", "Blue Plains BCBS", "BL", "BLUE"),
            ("heartland", "Heartland Health Plan", "CI", "HEART"), ("prairie", "Prairie Mutual", "CI", "PRAIRIE"),
            ("lakeside", "Lakeside Health Plan", "CI", "LAKE"), ("canyon", "Canyon Mutual", "CI", "CANYON"),
        }.Select(async p =>
        {
            var payerId = $"{p.Item4}-{suffix}";
            var (id, created) = await api.Ensure("/api/payers", new { name = p.Item2, payerId, claimFilingCode = p.Item3, clearinghouse = "simulator" });
            if (created) Made("payer");
            return (Key: p.Item1, Payer: (Id: id, PayerId: payerId, Name: p.Item2));
        }).ToList();
        var providers = await Task.WhenAll(providerTasks);
        var payers = (await Task.WhenAll(payerTasks)).ToDictionary(p => p.Key, p => p.Payer);

        // The payers' behaviour at the simulated clearinghouse (PUT replaces a payer's settings: the same each run).
        await Task.WhenAll(
            // The PPO pays 80% of charges and pays flu vaccines twice (a second check for the same claim: an insurance credit balance).
            sim.Put($"/simulator/payers/{payers["ppo"].PayerId}", new { allowedPercent = 80m, payTwiceProcedureCodes = new[] { "90686" } }),
            sim.Put($"/simulator/payers/{payers["medicare"].PayerId}", new
            {
                fees = new[]
                {
                    new { code = "99213", allowed = 92.03m }, new { code = "99214", allowed = 130.11m }, new { code = "G0439", allowed = 133.54m },
                    new { code = "83036", allowed = 9.71m }, new { code = "93000", allowed = 16.41m },
                },
            }),
            // Blue denies a knee injection billed for back pain (CARC 50 + RARC N115, not medically necessary) and wants a prior
            // authorization for lumbar X-rays (CARC 197).
            sim.Put($"/simulator/payers/{payers["blue"].PayerId}", new
            {
                allowedPercent = 75m,
                denials = new object[] { new { procedureCode = "20610", diagnosisPrefix = "M54", carc = "50", rarc = "N115" } },
                requirePriorAuthorizationFor = new[] { "72100" },
            }),
            // Heartland denies a strep test for a bronchitis: CARC 11, the diagnosis is inconsistent with the procedure.
            sim.Put($"/simulator/payers/{payers["heartland"].PayerId}", new
            {
                allowedPercent = 85m,
                denials = new object[] { new { procedureCode = "87880", diagnosisPrefix = "J20", carc = "11", rarc = "M76" } },
            }),
            // Prairie rejects at its front end (277CA A7:164:IL, the subscriber's member id, X214).
            sim.Put($"/simulator/payers/{payers["prairie"].PayerId}", new
            {
                payerRejects = new[] { new { category = "A7", statusCode = "164", entityCode = "IL", message = "Subscriber's member id not on file" } },
            }),
            sim.Put($"/simulator/payers/{payers["lakeside"].PayerId}", new { loseClaims = true }),
            sim.Put($"/simulator/payers/{payers["canyon"].PayerId}", new { withholdEras = true }));

        await api.Put("/api/claims/fee-schedule", new
        {
            items = new object[]
            {
                Fee("99203", 170), Fee("99213", 135), Fee("99214", 195), Fee("G0439", 180), Fee("36415", 15), Fee("83036", 35),
                Fee("90686", 42), Fee("90471", 30), Fee("20610", 180), Fee("93000", 65), Fee("72100", 85), Fee("87880", 30),
            },
        });
        // The PPO's contract: 99213 and the A1c at what it pays (80% of the charge), 99214 at $165 where it allows $156 — each paid
        // 99214 is an underpayment of $9 (over the $1 tolerance).
        await api.Put($"/api/claims/contracts/{payers["ppo"].PayerId}", new
        {
            items = new[] { ("99213", 108.00m), ("99214", 165.00m), ("83036", 28.00m) }
                .Select(i => new { code = i.Item1, modifiers = Array.Empty<string>(), allowed = i.Item2, effectiveFrom = "2025-01-01" }),
        });
        return (providers, payers);
    }

    static object Fee(string code, decimal amount) => new { code, amount };

    async Task<Dictionary<int, Guid>> RegisterPatientsAsync(List<PatientPlan> patients, Dictionary<string, (Guid Id, string PayerId, string Name)> payers)
    {
        var ids = new ConcurrentDictionary<int, Guid>();
        await Parallel.ForEachAsync(patients, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (p, _) =>
        {
            var (id, created) = await api.Ensure("/api/patients", new
            {
                mrn = p.Mrn, firstName = p.First, lastName = p.Last, dateOfBirth = p.Dob, sex = p.Sex,
                address = new { line1 = $"{10 + p.Number} Oak St", city = "Springfield", state = "IL", zip = "62704" }, phone = "2175550100",
            });
            if (created) Made("patient");
            var payer = payers[p.Payer];
            // Every few a deductible not yet met, so some accounts owe enough for a payment plan; the rest 20% coinsurance, some a copay.
            await sim.Put($"/simulator/payers/{payer.PayerId}/members/{p.MemberId}", p.Number % 6 == 5
                ? new { active = true, copay = 0m, deductible = 1500m, deductibleMet = 0m, coinsurancePercent = 20m }
                : new { active = true, copay = p.Number % 3 == 0 ? 20m : 0m, deductible = 500m, deductibleMet = 500m, coinsurancePercent = 20m });
            await api.Ensure($"/api/patients/{id}/coverages", new
            {
                payerId = payer.Id, memberId = p.MemberId, groupNumber = "G-DEMO", priority = "primary", relationship = "self", effectiveFrom = "2025-01-01",
            });
            ids[p.Number] = id;
        });
        return new Dictionary<int, Guid>(ids);
    }

    // ------------------------------------------------------------------ encounters and coding

    sealed record Recorded(EncounterPlan Plan, Guid Id);

    /// <summary>
    /// Each patient's visits in order, only those not there yet: a patient's encounters are counted (oldest first, ids are UUIDv7) and
    /// the plan's slots beyond them are made and completed. Meanwhile a coder works the coding worklist (one list call a round, not a
    /// call per visit) and codes each new visit as it arrives there (the latest left for the coder), so the first claims are on
    /// their way to the payers while later patients' visits are still being recorded. A visit from an earlier run is looked at
    /// first and coded only when it is not yet.
    /// </summary>
    async Task<List<Recorded>> RecordAndCodeEncountersAsync(List<EncounterPlan> plan, Dictionary<int, Guid> patientIds, Guid[] providers, DateOnly today)
    {
        var recorded = new ConcurrentBag<Recorded>();
        var toCode = new ConcurrentDictionary<Guid, Recorded>();
        var deadline = DateTime.UtcNow + options.Within;
        var registering = new CancellationTokenSource();
        var coder = Task.Run(() => CodeFromWorklistAsync(toCode, registering.Token, deadline));
        try
        {
            await Parallel.ForEachAsync(plan.GroupBy(e => e.Patient.Number), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (visits, _) =>
            {
                var patientId = patientIds[visits.Key];
                var existing = (await api.All($"/api/encounters?patientId={patientId}")).OrderBy(e => e.Id()).ToList();
                foreach (var (visit, index) in visits.OrderBy(v => v.Slot).Select((v, i) => (v, i)))
                {
                    Guid id;
                    var status = "open";
                    if (index < existing.Count)
                    {
                        id = existing[index].Id();
                        status = existing[index].Str("status") ?? "open";
                    }
                    else
                    {
                        id = (await api.Post("/api/encounters", new
                        {
                            patientId, providerId = providers[visit.Provider], dateOfService = today.AddDays(-visit.DaysAgo).ToString("yyyy-MM-dd", Us),
                            placeOfService = "11", note = Visits[visit.Visit].Note,
                        })).Id();
                        Made("encounter");
                    }
                    var done = new Recorded(visit, id);
                    if (status != "completed") await api.Post($"/api/encounters/{id}/complete");
                    recorded.Add(done);
                    if (visit.ForCoder) continue;
                    if (index >= existing.Count) toCode[id] = done;
                    else await CodeExistingAsync(done, deadline);
                }
            });
        }
        finally
        {
            await registering.CancelAsync();
        }
        await coder;
        return recorded.ToList();
    }

    /// <summary>The coder: rounds over the worklist's ready items until every visit handed to it is coded.</summary>
    async Task CodeFromWorklistAsync(ConcurrentDictionary<Guid, Recorded> toCode, CancellationToken registering, DateTime deadline)
    {
        while (!registering.IsCancellationRequested || !toCode.IsEmpty)
        {
            var ready = (await api.All("/api/coding/worklist?status=ready"))
                .Select(i => toCode.TryGetValue(i.GetProperty("encounterId").GetGuid(), out var v) ? v : null).OfType<Recorded>().ToList();
            if (ready.Count == 0)
            {
                if (DateTime.UtcNow > deadline) throw new ApiException($"Timed out waiting for {toCode.Count} encounters on the coding worklist.");
                await Task.Delay(500);
                continue;
            }
            await Parallel.ForEachAsync(ready, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (v, ct) =>
            {
                await CodeAsync(v);
                toCode.TryRemove(v.Id, out _);
            });
        }
    }

    async Task CodeExistingAsync(Recorded v, DateTime deadline)
    {
        JsonElement? item;
        while ((item = await api.TryGet($"/api/coding/encounters/{v.Id}")) is null) await Until(deadline, v);
        if (item.Value.GetProperty("encounter").Str("status") != "coded") await CodeAsync(v);
    }

    /// <summary>Saves the visit's codes (refusing to go on when Coding's edits find an error) and finalizes them: Claims hears EncounterCoded.</summary>
    async Task CodeAsync(Recorded v)
    {
        var visit = Visits[v.Plan.Visit];
        var saved = await api.Put($"/api/coding/encounters/{v.Id}", new
        {
            diagnoses = visit.Diagnoses,
            procedures = visit.Procedures.Select(x => new { code = x.Code, modifiers = x.Modifiers, units = 1, diagnosisPointers = x.Pointers }),
        });
        var errors = saved.GetProperty("edits").EnumerateArray().Where(e => e.Str("severity") == "error").Select(e => e.Str("message")).ToList();
        if (errors.Count > 0) throw new ApiException($"Coding the {v.Plan.Visit} visit of {v.Plan.Patient.Mrn} has errors: {string.Join("; ", errors)}");
        await api.Post($"/api/coding/encounters/{v.Id}/finalize");
        Made("coded");
    }

    static async Task Until(DateTime deadline, Recorded v)
    {
        if (DateTime.UtcNow > deadline) throw new ApiException($"Timed out waiting for encounter {v.Id} on the coding worklist.");
        await Task.Delay(200);
    }

    /// <summary>
    /// Until every coded encounter has its claim and each claim is where its payer leaves it: paid, denied, rejected or held — or with
    /// the payer that lost it (submitted or accepted), or accepted by the one whose 835s never come.
    /// </summary>
    async Task<List<JsonElement>> WaitForClaimsAsync(int expected, Dictionary<string, (Guid Id, string PayerId, string Name)> payers)
    {
        var deadline = DateTime.UtcNow + options.Within;
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            var claims = await api.All("/api/claims");
            var settled = claims.Count(c => c.Str("status") is "paid" or "partially-paid" or "denied" or "rejected" or "held"
                || (c.Str("payerId") == payers["lakeside"].PayerId && c.Str("status") is "submitted" or "accepted")
                || (c.Str("payerId") == payers["canyon"].PayerId && c.Str("status") is "accepted"));
            if (claims.Count >= expected && settled == claims.Count) return claims;
            if (DateTime.UtcNow > deadline)
                throw new ApiException($"Timed out after {options.Within.TotalSeconds:0} s: {claims.Count} of {expected} claims, {settled} settled " +
                    $"({string.Join(", ", claims.GroupBy(c => c.Str("status")).Select(g => $"{g.Count()} {g.Key}"))}).");
            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = clock.Elapsed;
                output.WriteLine($"  [{clock.Elapsed:mm\\:ss}] {claims.Count} of {expected} claims, {settled} settled");
            }
            await Task.Delay(2500);
        }
    }

    // ------------------------------------------------------------------ follow-up work

    async Task LeaveFollowUpWorkAsync((Guid Id, string PayerId, string Name) ppo, string suffix, List<JsonElement> claims,
        Dictionary<string, (Guid Id, string PayerId, string Name)> payers, DateOnly today)
    {
        // An ERA from the PPO that also pays a claim sent by the practice's previous billing system: no claim here has its number. Its
        // trace is this practice's own; sent again it is a duplicate that posts nothing (or, another day, a 409 naming TRN02).
        var trace = $"EFT{suffix}77";
        if (!(await api.All("/api/remittances")).Any(r => r.Str("traceNumber") == trace))
        {
            var era = Era835(ppo.Name, trace, $"LEGACY{suffix}", charge: 120.00m, paid: 84.00m, today);
            try
            {
                await api.PostText("/api/remittances", era, "application/edi-x12");
                Made("era");
            }
            catch (ApiException e) when (e.Message.Contains("answered 409", StringComparison.Ordinal))
            {
                // Another run's copy with another date (BPR16): the payment is already there.
            }
        }

        // The bank's deposits: the ERA's EFT, and one no remittance explains — once (a deposit with its trace is looked for first).
        var deposits = await api.All("/api/payments/deposits");
        if (!deposits.Any(d => trace == d.Str("traceNumber") || trace == d.Str("customerReference") || trace == d.Str("bankReference")))
        {
            var date = today.ToString("yyyy-MM-dd", Us);
            await api.PostText("/api/payments/deposits",
                $"date,amount,reference,description\n{date},84.00,{trace},HCCLAIMPMT SUMMIT HEALTH\n{date},312.40,BNK{suffix}9,HCCLAIMPMT UNKNOWN PAYER\n", "text/csv");
            Made("deposits", 2);
        }

        // The claims with no 835 are asked about (X12 276 → 277): Lakeside's lost one answers "not found", Canyon's "finalized, paid".
        foreach (var claim in claims.Where(c => c.Str("payerId") == payers["lakeside"].PayerId || c.Str("payerId") == payers["canyon"].PayerId))
        {
            var checks = await api.Get($"/api/claims/{claim.Id()}/status-checks");
            if ((checks.ValueKind == JsonValueKind.Array ? checks : checks.GetProperty("items")).GetArrayLength() > 0) continue;
            await api.Post($"/api/claims/{claim.Id()}/status-checks");
            Made("status-check");
        }
        Step("follow-up work: an ERA paying a claim from the old system (a posting exception), a bank deposit file, status checks for the claims with no 835");
    }

    /// <summary>A balanced 835 (X221A1): one claim paid with the rest a contractual adjustment (CO-45), BPR02 = CLP04, the EFT trace in TRN02.</summary>
    static string Era835(string payerName, string trace, string patientControlNumber, decimal charge, decimal paid, DateOnly today)
    {
        static string A(decimal amount) => amount.ToString("0.00", Us);
        var date = today.ToString("yyyyMMdd", Us);
        var segments = new[]
        {
            "ST*835*0001*005010X221A1",
            $"BPR*I*{A(paid)}*C*ACH*CCP*01*071000013*DA*1234567*1512345678**01*071000039*DA*7654321*{date}",
            $"TRN*1*{trace}*1512345678",
            $"DTM*405*{date}",
            $"N1*PR*{payerName.ToUpperInvariant()}",
            "N1*PE*DEMO FAMILY PRACTICE*XX*2123456784",
            "LX*1",
            $"CLP*{patientControlNumber}*1*{A(charge)}*{A(paid)}**12*EXT{trace}*11*1",
            "NM1*QC*1*DOE*JANE",
            $"SVC*HC:99213*{A(charge)}*{A(paid)}**1",
            $"DTM*472*{today.AddDays(-30).ToString("yyyyMMdd", Us)}",
            $"CAS*CO*45*{A(charge - paid)}",
        };
        var now = DateTime.UtcNow;
        var control = (int)(now.Ticks % 900_000_000) + 100_000_000;
        var text = new StringBuilder();
        text.Append(Us, $"ISA*00*          *00*          *ZZ*{"SUMMITPPO",-15}*ZZ*{"DEMOFP",-15}*{now:yyMMdd}*{now:HHmm}*^*00501*{control:D9}*0*P*:~\n");
        text.Append(Us, $"GS*HP*SUMMITPPO*DEMOFP*{now:yyyyMMdd}*{now:HHmm}*{control}*X*005010X221A1~\n");
        foreach (var s in segments) text.Append(s).Append("~\n");
        text.Append(Us, $"SE*{segments.Length + 1}*0001~\nGE*1*{control}~\nIEA*1*{control:D9}~\n");
        return text.ToString();
    }

    // ------------------------------------------------------------------ patient billing

    /// <summary>
    /// Once the postings have reached the patients' accounts (their balances stop moving), the account that owes most agrees to a
    /// payment plan (unless one of the practice's patients has one), then the statement run (a second run within the 30-day cycle issues none).
    /// </summary>
    async Task PatientBillingAsync(List<Guid> patients, DateOnly today)
    {
        var seeded = patients.ToHashSet();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        List<JsonElement> accounts = [];
        decimal last = -1;
        while (DateTime.UtcNow < deadline)
        {
            accounts = (await api.All("/api/patient-billing/accounts")).Where(a => seeded.Contains(a.GetProperty("patientId").GetGuid())).ToList();
            var total = accounts.Sum(a => a.Dec("balance"));
            if (total > 0 && total == last) break;
            last = total;
            await Task.Delay(1500);
        }

        var hasPlan = false;
        foreach (var account in accounts.Where(a => a.Dec("balance") > 0))
            if ((await api.Get($"/api/patient-billing/accounts/{account.GetProperty("patientId").GetGuid()}/payment-plans")).GetProperty("items")
                .EnumerateArray().Any()) { hasPlan = true; break; }
        if (!hasPlan && accounts.Where(a => a.Dec("balance") >= 50).MaxBy(a => a.Dec("balance")) is { ValueKind: JsonValueKind.Object } owes)
        {
            await api.Post($"/api/patient-billing/accounts/{owes.GetProperty("patientId").GetGuid()}/payment-plans",
                new { installments = 6, firstDueDate = today.AddDays(14).ToString("yyyy-MM-dd", Us) });
            Made("payment-plan");
        }

        var run = await api.Post("/api/patient-billing/statements/run", new { asOf = today.ToString("yyyy-MM-dd", Us) });
        if (run.GetProperty("issued").GetInt32() is > 0 and var issued) Made("statement", issued);
        Step($"patient billing: {accounts.Count(a => a.Dec("balance") > 0)} accounts owe {Money(accounts.Sum(a => a.Dec("balance")))}; " +
             $"{(hasPlan ? "a payment plan was already set up" : made.ContainsKey("payment-plan") ? "a payment plan set up" : "no account owes enough for a plan")}; " +
             $"statement run issued {run.GetProperty("issued")}");
    }

    static string Money(decimal amount) => (amount < 0 ? "-$" : "$") + Math.Abs(amount).ToString("#,##0.00", Us);

    // ------------------------------------------------------------------ summary

    async Task SummaryAsync(List<JsonElement> claims)
    {
        claims = await api.All("/api/claims");
        output.WriteLine();
        output.WriteLine("Demo practice");
        output.WriteLine("-------------");
        output.WriteLine($"  Claims by status ({claims.Count}):");
        foreach (var group in claims.GroupBy(c => c.Str("status")).OrderByDescending(g => g.Count()))
            output.WriteLine($"    {group.Key,-16} {group.Count(),4}   {Money(group.Sum(c => c.Dec("totalCharge"))),12}");
        var denials = claims.Where(c => c.TryGetProperty("denial", out var d) && d.ValueKind == JsonValueKind.Object).ToList();
        output.WriteLine($"  Denials by reason ({denials.Count}):");
        foreach (var group in denials.GroupBy(d => $"CARC {d.GetProperty("denial").Str("carc")} ({d.GetProperty("denial").Str("category")})").OrderBy(g => g.Key))
            output.WriteLine($"    {group.Key,-34} {group.Count(),4}");
        var underpayments = await api.All("/api/claims/underpayments?status=open");
        output.WriteLine($"  Underpaid lines (open)       {underpayments.Count,4}   {Money(underpayments.Sum(u => u.Dec("variance"))),12}");
        output.WriteLine($"  Posting exceptions           {(await api.All("/api/payments/exceptions")).Count,4}");
        output.WriteLine($"  Credit balances              {(await api.All("/api/payments/credit-balances")).Count,4}");
        output.WriteLine($"  Statements                   {(await api.All("/api/patient-billing/statements")).Count,4}");
        output.WriteLine();
        output.WriteLine("Work queues                   open pended unassigned");
        output.WriteLine("-----------------------------------------------------");
        foreach (var queue in (await api.Get("/api/work-queues")).GetProperty("queues").EnumerateArray())
        {
            var name = queue.GetProperty("queue").GetString();
            output.WriteLine(queue.GetProperty("available").GetBoolean()
                ? $"  {name,-26} {queue.GetProperty("open").GetInt32(),5} {queue.GetProperty("pended").GetInt32(),6} {queue.GetProperty("unassigned").GetInt32(),10}"
                : $"  {name,-26} unavailable ({queue.GetProperty("service").GetString()} did not answer)");
        }
        output.WriteLine();
        output.WriteLine($"  made this run: {(made.IsEmpty ? "nothing (already seeded)" : string.Join(", ", made.OrderBy(m => m.Key).Select(m => $"{m.Value} {m.Key}")))}");
    }
}
