// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// HIPAA §164.528 (accounting of disclosures) and §164.312(b) (audit controls): every read that answers with a patient's data is in
/// the audit with that patient. A sweep over every GET operation of the merged OpenAPI document, for a practice with one patient
/// taken through the whole cycle: each answer's patients (every <c>patientId</c>; a patient resource's <c>id</c>; the one patient
/// for an HTML statement or an X12 file) must be in its audit row, and every operation whose response schema has a
/// <c>patientId</c> must have been answered.
/// </summary>
public sealed class Every_read_discloses_its_patients(PlatformFixture platform)
{
    [Fact]
    public async Task Every_GET_operation_answering_with_patient_data_has_its_patients_in_the_audit_row()
    {
        await using var h = await StartAsync(platform, "Disclosure sweep");
        var (payer, payerId) = await h.PayerAsync("Summit Health PPO", new { allowedPercent = 80m });
        var memberId = h.NewMemberId();
        await h.MemberAsync(payerId, memberId, Plan(deductible: 500m, deductibleMet: 500m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Ada", "Lovelace");
        var coverage = await h.CoverageAsync(patient, payer, memberId);
        await h.EligibilityAsync(coverage);
        var encounter = await h.VisitAsync(patient, ["E11.9", "I10"], Line("99213", pointers: [1, 2]));
        var claim = await h.ClaimForEncounterAsync(encounter);
        await h.ClaimInStatusAsync(Id(claim), "paid");
        await h.LedgerWhenAsync(Id(claim), l => M(l, "insurancePaid") == 96m, "the 835 posted");
        await h.AccountWithBalanceAsync(patient, 24m);
        await Eventually.Get<object>(async () =>
        {
            var r = await h.PostAsync("/api/patient-billing/statements/run", new { asOf = Today });
            return r.GetProperty("issued").GetInt32() > 0 ? r : null;
        }, Patience, "a statement run that issues the statement");
        var plan = await h.PostAsync($"/api/patient-billing/accounts/{patient}/payment-plans",
            new { installments = 2, firstDueDate = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd") }, HttpStatusCode.Created);

        // A coding audit shows the sampled encounters' patients (by name): its answers disclose them too.
        var audit = await h.PostAsync("/api/coding/audits", new { from = DateTime.UtcNow.AddDays(-400).ToString("yyyy-MM-dd"), to = Today, sample = 1 }, HttpStatusCode.Created);

        var doc = await h.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var known = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        void Know(string name, string value) { if (!known.TryGetValue(name, out var set)) known[name] = set = []; set.Add(value); }
        Know("patientId", patient.ToString());
        Know("encounterId", encounter.ToString());
        Know("claimId", Id(claim).ToString());
        Know("coverageId", coverage.ToString());
        Know("plans", Id(plan).ToString());
        Know("audits", Id(audit).ToString());

        var operations = doc.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal) && !p.Name.StartsWith("/api/admin/", StringComparison.Ordinal)
                && p.Value.TryGetProperty("get", out _))
            .Select(p => (Path: p.Name, Get: p.Value.GetProperty("get")))
            .OrderBy(o => o.Path.Count(c => c == '{')).ThenBy(o => o.Path.Length).ToList();
        var answered = new List<(string Path, string Url, string Correlation, HashSet<Guid> Expected)>();
        var withPatientSchema = operations.Where(o => MentionsPatientId(doc, o.Get, [])).Select(o => o.Path).ToHashSet();

        // Twice: the second pass reaches operations whose ids only the first pass's answers gave.
        for (var pass = 0; pass < 2; pass++)
        foreach (var (path, _) in operations)
        {
            if (answered.Any(a => a.Path == path)) continue;
            foreach (var url in Urls(path, known).Take(6))
            {
                var correlation = Guid.NewGuid().ToString("N");
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Add("X-Correlation-Id", correlation);
                using var response = await h.Client.SendAsync(request);
                Assert.False(response.Headers.Contains("X-Disclosed-Patients"), $"GET {url} shows the client the disclosure header");
                if (response.StatusCode != HttpStatusCode.OK) continue;
                var text = await response.Content.ReadAsStringAsync();
                var expected = new HashSet<Guid>();
                if (response.Content.Headers.ContentType?.MediaType?.Contains("json") == true)
                {
                    var body = JsonDocument.Parse(text).RootElement;
                    Harvest(body, Segment(path), Know);
                    Collect(body, "patientId", expected);
                    if (path is "/api/patients" or "/api/patients/{id}") Collect(body, "id", expected);
                }
                else if (text.Length > 0)
                {
                    expected.Add(patient); // an HTML statement or an X12 file of this practice: its one patient
                }
                answered.Add((path, url, correlation, expected));
                break;
            }
        }

        await using var db = platform.Database("gateway");
        await using var connection = await db.OpenConnectionAsync();
        var failures = new List<string>();
        foreach (var (path, url, correlation, expected) in answered.Where(a => a.Expected.Count > 0))
        {
            var recorded = await Eventually.Get(async () => await connection.ExecuteScalarAsync<Guid[]?>(
                "SELECT coalesce(patient_ids, '{}') FROM audit_log WHERE correlation_id = @correlation", new { correlation }), TimeSpan.FromSeconds(20), $"the audit row of GET {url}");
            var missing = expected.Except(recorded).ToList();
            if (missing.Count > 0) failures.Add($"GET {path} ({url}) disclosed {string.Join(", ", missing)} without recording it");
        }
        var unanswered = withPatientSchema.Except(answered.Select(a => a.Path)).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(unanswered.Count == 0, "operations whose answers name patients were never answered 200 in the sweep: " + string.Join(", ", unanswered));
        Assert.True(answered.Count(a => a.Expected.Count > 0) >= 15,
            $"only {answered.Count(a => a.Expected.Count > 0)} operations answered with patient data: {string.Join(", ", answered.Where(a => a.Expected.Count > 0).Select(a => a.Path))}");
    }

    static string Segment(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Last(s => !s.StartsWith('{'));

    /// <summary>The URLs to try for a template: each parameter filled with ids of its name, or for <c>{id}</c> of the segment before it.</summary>
    static IEnumerable<string> Urls(string template, Dictionary<string, HashSet<string>> known)
    {
        var segments = template.Split('/');
        IEnumerable<string> urls = [""];
        for (var i = 1; i < segments.Length; i++)
        {
            var s = segments[i];
            if (!s.StartsWith('{')) { urls = urls.Select(u => u + "/" + s).ToList(); continue; }
            var name = s.Trim('{', '}').Split(':')[0];
            // An {id} is first tried with the ids found under its collection's name (a coverage's under "coverages"), then any.
            var values = (name == "id" ? known.GetValueOrDefault(segments[i - 1]) ?? [] : []).Concat(known.GetValueOrDefault(name) ?? []).Distinct().ToList();
            urls = urls.SelectMany(u => values.Select(v => u + "/" + v)).ToList();
        }
        return urls;
    }

    /// <summary>Every uuid an answer holds, by its property's name; an object's <c>id</c> under the collection it is in.</summary>
    static void Harvest(JsonElement e, string collection, Action<string, string> know)
    {
        if (e.ValueKind == JsonValueKind.Array) { foreach (var item in e.EnumerateArray()) Harvest(item, collection, know); return; }
        if (e.ValueKind != JsonValueKind.Object) return;
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String && p.Value.TryGetGuid(out _))
            {
                know(p.Name, p.Value.GetString()!);
                if (p.Name == "id") know(collection, p.Value.GetString()!);
            }
            else Harvest(p.Value, p.Name == "items" ? collection : p.Name, know);
        }
    }

    static void Collect(JsonElement e, string name, HashSet<Guid> into)
    {
        if (e.ValueKind == JsonValueKind.Array) foreach (var item in e.EnumerateArray()) Collect(item, name, into);
        if (e.ValueKind != JsonValueKind.Object) return;
        foreach (var p in e.EnumerateObject())
        {
            if (p.Name == name && p.Value.ValueKind == JsonValueKind.String && p.Value.TryGetGuid(out var id)) into.Add(id);
            else if (name == "id") continue; // a patient resource's own id only, not its nested objects'
            else Collect(p.Value, name, into);
        }
    }

    /// <summary>Whether a 200 answer's schema, following <c>$ref</c>s, has a <c>patientId</c> property.</summary>
    static bool MentionsPatientId(JsonElement doc, JsonElement e, HashSet<string> seen)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "patientId") return true;
                    if (p.Name == "$ref" && p.Value.GetString() is { } r && r.StartsWith("#/components/schemas/", StringComparison.Ordinal) && seen.Add(r))
                    {
                        if (doc.GetProperty("components").GetProperty("schemas").TryGetProperty(r["#/components/schemas/".Length..], out var target)
                            && MentionsPatientId(doc, target, seen)) return true;
                    }
                    else if (p.Name is not ("parameters" or "requestBody") && MentionsPatientId(doc, p.Value, seen)) return true;
                }
                return false;
            case JsonValueKind.Array:
                return e.EnumerateArray().Any(x => MentionsPatientId(doc, x, seen));
            default:
                return false;
        }
    }
}
