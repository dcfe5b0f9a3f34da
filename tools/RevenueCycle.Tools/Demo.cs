using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace RevenueCycle.Tools;

/// <summary>
/// `./rcm demo`: a new practice, run through the whole revenue cycle with the public API only, then a
/// summary a billing manager would recognise. Every run makes its own practice, so it can be run again.
/// </summary>
public sealed partial class Demo(Uri gateway, Uri simulator, string simulatorKey, string adminKey, TextWriter output)
{
    static readonly CultureInfo Us = CultureInfo.InvariantCulture;

    static string Money(decimal amount) => (amount < 0 ? "-$" : "$") + Math.Abs(amount).ToString("#,##0.00", Us);

    sealed record PatientPlan(string Mrn, string First, string Last, string Dob, string Sex, string PayerKey, string MemberId,
        string? SecondaryPayerKey, object Member, string Note, string[] Diagnoses, (string Code, string[] Modifiers, int Units, int[] Pointers)[] Procedures);

    public async Task<int> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var admin = new Api(gateway, adminKey);
        var sim = new Api(simulator, simulatorKey);
        var stamp = DateTime.UtcNow.ToString("MMddHHmmss", Us);
        var tenant = await admin.Post("/api/admin/tenants", new { name = $"Riverside Family Medicine {stamp}" });
        var key = tenant.Str("apiKey")!;
        var api = new Api(gateway, key);
        Step($"Practice created (tenant {tenant.Str("tenantId")}); API key {key}");

        // The practice's PM system listens for what happens to its claims: a local receiver, subscribed to every event.
        using var receiver = new DemoReceiver();
        var webhook = await api.Post("/api/webhooks", new { url = receiver.Url, events = new[] { "*" }, description = "Demo PM system" });
        receiver.Secret = webhook.Str("secret");
        Step($"Webhook receiver listening at {receiver.Url} (signing secret {receiver.Secret?[..10]}…)");

        await api.Put("/api/practice", new
        {
            name = "Riverside Family Medicine", npi = "2123456784", taxId = "471234567", taxonomy = "207Q00000X",
            address = new { line1 = "200 River Rd", city = "Springfield", state = "IL", zip = "627045512" }, phone = "2175550123",
        });
        var patel = (await api.Post("/api/providers", new { npi = "1679576722", firstName = "Maya", lastName = "Patel", taxonomy = "207Q00000X" })).Id();
        var chen = (await api.Post("/api/providers", new { npi = "1245319599", firstName = "James", lastName = "Chen", taxonomy = "207R00000X" })).Id();

        // Three payers with different rules at the simulated clearinghouse: a PPO paying 80% of charges,
        // Medicare paying from a fee table, and a Blue plan that denies a knee injection for back pain
        // (CARC 50, not medically necessary) and wants prior authorization for lumbar X-rays (CARC 197).
        var suffix = stamp[^6..];
        var payers = new Dictionary<string, (Guid Id, string PayerId, string Name)>();
        foreach (var (k, name, filing, payerId) in new[]
                 {
                     ("ppo", "Summit Health PPO", "CI", $"SUMMIT{suffix}"),
                     ("medicare", "Medicare Part B", "MB", $"MCARE{suffix}"),
                     ("blue", "Blue Plains BCBS", "BL", $"BLUE{suffix}"),
                     ("prairie", "Prairie Mutual", "CI", $"PRAIRIE{suffix}"),
                     ("lakeside", "Lakeside Health Plan", "CI", $"LAKE{suffix}"),
                     ("canyon", "Canyon Mutual", "CI", $"CANYON{suffix}"),
                 })
        {
            var id = (await api.Post("/api/payers", new { name, payerId, claimFilingCode = filing, clearinghouse = "simulator" })).Id();
            payers[k] = (id, payerId, name);
        }
        // The PPO pays flu vaccines twice (a second check for the same claim: an insurance credit balance to refund); the
        // payer Prairie Mutual rejects its claims at its front end (277CA STC A7:164:IL, the subscriber's member id, X214).
        await sim.Put($"/simulator/payers/{payers["ppo"].PayerId}", new { allowedPercent = 80m, payTwiceProcedureCodes = new[] { "90686" } });
        await sim.Put($"/simulator/payers/{payers["prairie"].PayerId}", new
        {
            payerRejects = new[] { new { category = "A7", statusCode = "164", entityCode = "IL", message = "Subscriber's member id not on file" } },
        });
        // Lakeside loses a claim after the clearinghouse took it (277CA A1, then nothing); Canyon pays its claims but its 835s never come.
        await sim.Put($"/simulator/payers/{payers["lakeside"].PayerId}", new { loseClaims = true });
        await sim.Put($"/simulator/payers/{payers["canyon"].PayerId}", new { withholdEras = true });
        await sim.Put($"/simulator/payers/{payers["medicare"].PayerId}", new
        {
            fees = new[]
            {
                new { code = "99213", allowed = 92.03m }, new { code = "99214", allowed = 130.11m }, new { code = "G0439", allowed = 133.54m },
                new { code = "83036", allowed = 9.71m }, new { code = "36415", allowed = 3.00m }, new { code = "93000", allowed = 16.41m },
            },
        });
        await sim.Put($"/simulator/payers/{payers["blue"].PayerId}", new
        {
            allowedPercent = 75m,
            denials = new object[] { new { procedureCode = "20610", diagnosisPrefix = "M54", carc = "50", rarc = "N115" } },
            requirePriorAuthorizationFor = new[] { "72100" },
        });

        await api.Put("/api/claims/fee-schedule", new
        {
            items = new object[]
            {
                Fee("99203", 170), Fee("99213", 135), Fee("99214", 195), Fee("99396", 260), Fee("G0439", 180), Fee("36415", 15),
                Fee("80053", 48), Fee("83036", 35), Fee("85025", 28), Fee("90686", 42), Fee("90471", 30), Fee("20610", 180),
                Fee("93000", 65), Fee("71046", 95), Fee("72100", 85), Fee("87880", 30), Fee("J1030", 22), Fee("96372", 40),
            },
        });
        Step("Practice profile, 2 providers, 6 payers with simulator rules and an 18-code fee schedule set up");

        var plans = new[]
        {
            new PatientPlan("RFM-1001", "Ada", "Lovelace", "1961-12-10", "F", "ppo", "SUM100201", null,
                new { active = true, copay = 25m, deductible = 1000m, deductibleMet = 1000m, coinsurancePercent = 20m },
                "Follow-up for type 2 diabetes mellitus with hyperglycemia, A1c 8.2 today. Hypertension, BP 138/84 on lisinopril. Denies chest pain.",
                ["E11.65", "I10"], [("99214", [], 1, [1, 2]), ("83036", [], 1, [1])]),
            new PatientPlan("RFM-1002", "Walter", "Brennan", "1952-03-02", "M", "medicare", "1EG4TE5MK73", "blue",
                new { active = true, copay = 0m, deductible = 240m, deductibleMet = 240m, coinsurancePercent = 20m },
                "Annual wellness visit, subsequent. Hyperlipidemia on statin. Screening ECG normal sinus rhythm.",
                ["Z00.00", "E78.5"], [("G0439", [], 1, [1]), ("93000", [], 1, [1, 2])]),
            new PatientPlan("RFM-1003", "Grace", "Hopper", "1979-07-21", "F", "blue", "XBP884512", null,
                new { active = true, copay = 30m, deductible = 1500m, deductibleMet = 1200m, coinsurancePercent = 20m },
                "Low back pain for 3 weeks after lifting, no radiation, no bowel or bladder symptoms. Left knee injected with steroid.",
                ["M54.50"], [("99213", ["25"], 1, [1]), ("20610", ["LT"], 1, [1])]),
            new PatientPlan("RFM-1004", "Henry", "Ford", "1985-01-15", "M", "blue", "XBP771203", null,
                new { active = true, copay = 30m, deductible = 500m, deductibleMet = 500m, coinsurancePercent = 10m },
                "Chronic low back pain, worse with sitting. Lumbar spine X-ray, two views, done in office today.",
                ["M54.50"], [("72100", [], 1, [1])]),
            new PatientPlan("RFM-1005", "Mary", "Shelley", "1990-08-30", "F", "ppo", "SUM100777", null,
                new { active = true, copay = 25m, deductible = 2000m, deductibleMet = 150m, coinsurancePercent = 20m },
                "Sore throat and fever for 2 days. Rapid strep positive. Diagnosis strep pharyngitis. No cough.",
                ["J02.0"], [("99213", [], 1, [1]), ("87880", [], 1, [1])]),
            new PatientPlan("RFM-1006", "Alan", "Turing", "1968-06-23", "M", "ppo", "SUM100555", null,
                new { active = true, copay = 25m, deductible = 1000m, deductibleMet = 1000m, coinsurancePercent = 20m },
                "Essential hypertension, BP 150/95. Hyperlipidemia. Flu vaccine given today.",
                ["I10", "E78.5", "Z23"], [("99213", ["25"], 1, [1, 2]), ("90686", [], 1, [3]), ("90471", [], 1, [3])]),
            // The rest leave work in each of the billing office's queues: a second knee-injection denial nobody has worked yet,
            // a visit billed with a code the fee schedule lacks (held by the scrubber), a claim the clearinghouse rejects, and a
            // visit still waiting for a coder.
            new PatientPlan("RFM-1007", "Rosalind", "Franklin", "1957-07-25", "F", "blue", "XBP330917", null,
                new { active = true, copay = 30m, deductible = 500m, deductibleMet = 500m, coinsurancePercent = 20m },
                "Low back pain after gardening. Right knee injected with steroid.",
                ["M54.50"], [("20610", ["RT"], 1, [1])]),
            new PatientPlan("RFM-1008", "Nikola", "Tesla", "1971-07-10", "M", "ppo", "SUM100919", null,
                new { active = true, copay = 25m, deductible = 1000m, deductibleMet = 1000m, coinsurancePercent = 20m },
                "New chest pain on exertion, high complexity decision making. ECG without acute changes.",
                ["R07.9"], [("99215", [], 1, [1])]),
            new PatientPlan("RFM-1009", "Marie", "Curie", "1967-11-07", "F", "prairie", "PRM448812", null,
                new { active = true, copay = 20m, deductible = 500m, deductibleMet = 500m, coinsurancePercent = 20m },
                "Essential hypertension, BP 142/90, continue amlodipine.",
                ["I10"], [("99213", [], 1, [1])]),
            new PatientPlan("RFM-1010", "Charles", "Babbage", "1971-12-26", "M", "ppo", "SUM100121", null,
                new { active = true, copay = 25m, deductible = 1000m, deductibleMet = 1000m, coinsurancePercent = 20m },
                "Acute bronchitis, cough for 10 days, lungs with scattered rhonchi. No fever.",
                ["J20.9"], [("99213", [], 1, [1])]),
            new PatientPlan("RFM-1011", "Ida", "Lovelace", "1948-05-04", "F", "lakeside", "LHP200411", null,
                new { active = true, copay = 20m, deductible = 500m, deductibleMet = 500m, coinsurancePercent = 20m },
                "Hypertension follow-up, BP 128/80 on lisinopril.",
                ["I10"], [("99213", [], 1, [1])]),
            new PatientPlan("RFM-1012", "Edwin", "Hubble", "1959-11-20", "M", "canyon", "CNM733105", null,
                new { active = true, copay = 20m, deductible = 500m, deductibleMet = 500m, coinsurancePercent = 20m },
                "Type 2 diabetes follow-up, A1c 7.1.",
                ["E11.9"], [("99213", [], 1, [1]), ("83036", [], 1, [1])]),
        };
        const string LeftForTheCoder = "RFM-1010";

        var patients = new List<(PatientPlan Plan, Guid PatientId, Guid EncounterId)>();
        var eligibility = new Dictionary<string, int>();
        for (var i = 0; i < plans.Length; i++)
        {
            var p = plans[i];
            var memberId = p.MemberId + suffix[^2..];
            var patientId = (await api.Post("/api/patients", new
            {
                mrn = p.Mrn, firstName = p.First, lastName = p.Last, dateOfBirth = p.Dob, sex = p.Sex,
                address = new { line1 = $"{12 + i} Oak St", city = "Springfield", state = "IL", zip = "62704" }, phone = "2175550100",
            })).Id();
            await sim.Put($"/simulator/payers/{payers[p.PayerKey].PayerId}/members/{memberId}", p.Member);
            var coverage = (await api.Post($"/api/patients/{patientId}/coverages", new
            {
                payerId = payers[p.PayerKey].Id, memberId, groupNumber = "G-" + suffix, priority = "primary", relationship = "self", effectiveFrom = "2025-01-01",
            })).Id();
            if (p.SecondaryPayerKey is { } secondary)
            {
                await api.Post($"/api/patients/{patientId}/coverages", new
                {
                    payerId = payers[secondary].Id, memberId = "SUPP" + memberId, priority = "secondary", relationship = "self", effectiveFrom = "2025-01-01",
                });
            }
            var check = await api.Post($"/api/coverages/{coverage}/eligibility-checks");
            var status = check.Str("status") ?? "?";
            eligibility[status] = eligibility.GetValueOrDefault(status) + 1;
            var encounter = (await api.Post("/api/encounters", new
            {
                patientId, providerId = i % 2 == 0 ? patel : chen, dateOfService = DateTime.UtcNow.AddDays(-7 + i % 3).ToString("yyyy-MM-dd"),
                placeOfService = "11", note = p.Note,
            })).Id();
            await api.Post($"/api/encounters/{encounter}/complete");
            patients.Add((p, patientId, encounter));
        }
        Step($"{patients.Count} patients registered with coverage (1 with a secondary); eligibility: {string.Join(", ", eligibility.Select(e => $"{e.Value} {e.Key}"))}; {patients.Count} encounters completed");

        var suggested = 0;
        foreach (var (p, _, encounter) in patients)
        {
            if (p.Mrn == LeftForTheCoder) continue;
            await WaitFor(async () => await api.TryGet($"/api/coding/encounters/{encounter}") is not null, $"encounter {encounter} in the coding queue");
            var suggestions = await api.Post("/api/coding/suggestions", new { text = p.Note });
            var offered = suggestions.GetProperty("items").EnumerateArray().Select(s => s.Str("code")).ToHashSet();
            suggested += p.Diagnoses.Count(offered.Contains);
            var edits = await api.Put($"/api/coding/encounters/{encounter}", new
            {
                diagnoses = p.Diagnoses,
                procedures = p.Procedures.Select(x => new { code = x.Code, modifiers = x.Modifiers, units = x.Units, diagnosisPointers = x.Pointers }),
            });
            var errors = edits.GetProperty("edits").EnumerateArray().Where(e => e.Str("severity") == "error").Select(e => e.Str("message")).ToList();
            if (errors.Count > 0) throw new ApiException($"Coding {p.Mrn} has errors: {string.Join("; ", errors)}");
            await api.Post($"/api/coding/encounters/{encounter}/finalize");
        }
        var totalDiagnoses = plans.Where(p => p.Mrn != LeftForTheCoder).Sum(p => p.Diagnoses.Length);
        Step($"Coded through the Coding API: {suggested} of {totalDiagnoses} diagnoses were among the suggestions from the notes");

        var claims = new List<JsonElement>();
        await WaitFor(async () =>
        {
            claims = await api.All("/api/claims");
            // Lakeside's and Canyon's claims stay with their payer (lost, or paid without an 835): they are followed up below.
            return claims.Count >= patients.Count - 1 && claims.All(c => c.Str("status") is "paid" or "partially-paid" or "denied" or "rejected" or "held"
                || (c.Str("payerId") == payers["lakeside"].PayerId && c.Str("status") is "submitted")
                || (c.Str("payerId") == payers["canyon"].PayerId && c.Str("status") is "accepted"));
        }, "claims to be adjudicated and posted", TimeSpan.FromSeconds(45));
        Step($"Claims submitted to the simulated clearinghouse, acknowledged (999, 277CA), adjudicated and posted from 835s");

        var denied = claims.Where(c => c.Str("status") == "denied").ToList();
        string? corrected = null, appealed = null;
        foreach (var claim in denied)
        {
            var carc = claim.TryGetProperty("denial", out var d) && d.ValueKind == JsonValueKind.Object ? d.Str("carc") : null;
            if (carc == "197" && corrected is null)
            {
                await api.Post($"/api/claims/{claim.Id()}/corrections", new { priorAuthorizationNumber = "PA-" + suffix });
                corrected = claim.Str("patientControlNumber");
            }
            else if (appealed is null)
            {
                await api.Post($"/api/claims/{claim.Id()}/appeals", new { reason = "Knee injection was for documented osteoarthritis of the left knee, not the back pain; records attached." });
                appealed = claim.Str("patientControlNumber");
            }
        }
        if (corrected is not null)
        {
            await WaitFor(async () =>
            {
                claims = await api.All("/api/claims");
                return claims.Any(c => c.TryGetProperty("frequency", out var f) && f.ToString() == "7" && c.Str("status") is "paid" or "partially-paid");
            }, "the corrected claim (frequency 7) to be paid", TimeSpan.FromSeconds(30));
        }
        claims = await api.All("/api/claims");
        Step($"Denials worked: {(corrected is null ? "none corrected" : $"{corrected} corrected with a prior authorization and resubmitted (frequency 7)")}; {(appealed is null ? "none appealed" : $"{appealed} appealed")}");

        var run = await api.Post("/api/patient-billing/statements/run", new { asOf = DateTime.UtcNow.ToString("yyyy-MM-dd") });
        Step($"Statement run: {run.GetProperty("issued")} statements issued");

        await LeaveFollowUpWorkAsync(api, payers["ppo"], suffix);
        await FollowUpClaimsWithNoAnswerAsync(api, claims.Where(c => c.Str("payerId") == payers["lakeside"].PayerId || c.Str("payerId") == payers["canyon"].PayerId));

        await Summary(api, claims, patients.Select(p => p.PatientId).ToList(), denied.Count);
        await QueuesAsync(api);
        // The last events (a statement issued) are delivered within a second or two of the run.
        await WaitFor(() => Task.FromResult(receiver.Received.Any(r => r.Type == "statement.issued")), "the webhook's statement.issued", TimeSpan.FromSeconds(30))
            .ContinueWith(_ => { }, TaskScheduler.Default);
        var heard = receiver.Received;
        output.WriteLine();
        output.WriteLine($"Webhook receiver: {heard.Count} events, {heard.Count(r => r.Signed)} with a valid signature");
        foreach (var group in heard.GroupBy(r => r.Type).OrderBy(g => g.Key))
            output.WriteLine($"  {group.Key,-26} {group.Count(),4}");
        output.WriteLine();
        output.WriteLine($"Where to look:");
        output.WriteLine($"  API reference      {gateway}scalar");
        output.WriteLine($"  this practice's key {key}");
        var statement = await FirstStatement(api, patients.Select(p => p.PatientId));
        if (statement is not null) output.WriteLine($"  a statement         curl -H 'Authorization: Bearer {key}' {gateway}api/patient-billing/statements/{statement}/html");
        output.WriteLine($"  traces             Jaeger at http://127.0.0.1:16686 when running under docker compose");
        output.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    static object Fee(string code, decimal amount) => new { code, amount };

    async Task Summary(Api api, List<JsonElement> claims, List<Guid> patientIds, int deniedFirstPass)
    {
        decimal charges = 0, paid = 0, adjustments = 0, patientResponsibility = 0, balance = 0;
        // A claim replaced by a corrected one (frequency 7) lives on in its replacement: count the money once.
        var replaced = claims.Select(c => c.Str("replacesClaimId")).OfType<string>().ToHashSet();
        foreach (var claim in claims.Where(c => !replaced.Contains(c.GetProperty("id").GetString()!)))
        {
            var ledger = await api.TryGet($"/api/payments/claims/{claim.Id()}/ledger");
            if (ledger is not { } l) continue;
            charges += l.Dec("charge");
            paid += l.Dec("insurancePaid");
            adjustments += l.Dec("adjustments");
            patientResponsibility += l.Dec("patientResponsibility");
            balance += l.Dec("insuranceBalance");
        }
        output.WriteLine();
        output.WriteLine("Revenue cycle summary");
        output.WriteLine("---------------------");
        foreach (var group in claims.GroupBy(c => c.Str("status")).OrderBy(g => g.Key))
            output.WriteLine($"  {group.Key,-16} {group.Count(),3} claims   {Money(group.Sum(c => c.Dec("totalCharge"))),12}");
        output.WriteLine($"  Charges                 {Money(charges),12}");
        output.WriteLine($"  Insurance paid          {Money(paid),12}");
        output.WriteLine($"  Adjustments             {Money(adjustments),12}");
        output.WriteLine($"  Patient responsibility  {Money(patientResponsibility),12}");
        output.WriteLine($"  Insurance balance       {Money(balance),12}");
        // Every claim that was ever denied, worked or not: the denial stays on the claim after an appeal or a correction.
        var denials = claims.Where(c => c.TryGetProperty("denial", out var x) && x.ValueKind == JsonValueKind.Object).ToList();
        output.WriteLine($"  Denials by reason ({denials.Count} of {claims.Count} claims):");
        foreach (var group in denials.GroupBy(d => $"CARC {d.GetProperty("denial").Str("carc")} ({d.GetProperty("denial").Str("category")})"))
            output.WriteLine($"    {group.Key,-36} {group.Count(),3}   now {string.Join(", ", group.Select(c => c.Str("status")))}");
        // The practice's measures, as the API reports them (the industry targets in brackets).
        if (await api.TryGet("/api/claims/measures") is { } measures)
        {
            foreach (var (name, label) in new[] { ("firstPassAcceptance", "First-pass acceptance"), ("denialRate", "Denial rate"), ("firstPassResolution", "First-pass resolution") })
            {
                var rate = measures.GetProperty(name);
                var percent = rate.TryGetProperty("percent", out var p) && p.ValueKind == JsonValueKind.Number ? $"{p.GetDecimal(),11:0.0}%" : "          —";
                output.WriteLine($"  {label,-22}{percent}  ({rate.GetProperty("count").GetInt32()} of {rate.GetProperty("outOf").GetInt32()} claims; target {rate.Str("target")})");
            }
        }
        if (await api.TryGet("/api/payments/measures") is { } receivables)
        {
            var all = receivables.GetProperty("daysInAr");
            output.WriteLine($"  Days in AR            {(all.TryGetProperty("value", out var a) && a.ValueKind == JsonValueKind.Number ? $"{a.GetDecimal(),11:0.0}" : "          —")}   (target {all.Str("target")}; patients owe {Money(receivables.Dec("patientAr"))})");
            var days = receivables.GetProperty("daysInInsuranceAr");
            output.WriteLine($"  Days in insurance AR  {(days.TryGetProperty("value", out var d) && d.ValueKind == JsonValueKind.Number ? $"{d.GetDecimal(),11:0.0}" : "          —")}   (target {days.Str("target")})");
            var net = receivables.GetProperty("netCollectionRate");
            output.WriteLine($"  Net collection rate   {(net.TryGetProperty("value", out var n) && n.ValueKind == JsonValueKind.Number ? $"{n.GetDecimal(),10:0.0}%" : "          —")}   (target {net.Str("target")})");
        }
        decimal patientBalances = 0;
        foreach (var id in patientIds)
            if (await api.TryGet($"/api/patient-billing/accounts/{id}") is { } account) patientBalances += account.Dec("balance");
        output.WriteLine($"  Patient balances        {Money(patientBalances),12}");
    }

    static async Task<Guid?> FirstStatement(Api api, IEnumerable<Guid> patients)
    {
        foreach (var id in patients)
            if (await api.TryGet($"/api/patient-billing/accounts/{id}") is { } account
                && account.TryGetProperty("statements", out var statements) && statements.GetArrayLength() > 0)
                return statements[0].ValueKind == JsonValueKind.Object ? statements[0].Id() : statements[0].GetGuid();
        return null;
    }

    void Step(string text) => output.WriteLine($"• {text}");

    static async Task WaitFor(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new ApiException($"Timed out waiting for {what}.");
            await Task.Delay(250);
        }
    }
}
