// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// A practice of its own, driven through the gateway like a practice-management system, with the
/// clearinghouse simulator's settings API playing the payers. Simulator payer and member ids are
/// unique to the harness, so scenarios run side by side.
/// </summary>
public sealed class CycleHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    public static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd");

    /// <summary>The practice's charges: what a claim line costs before the payer reduces it.</summary>
    public static readonly (string Code, decimal Amount)[] Fees =
        [("99213", 150m), ("99214", 200m), ("83036", 40m), ("72100", 100m), ("93000", 60m)];

    readonly string suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    int members;

    CycleHarness(PlatformFixture platform, PlatformFixture.Tenant tenant)
    {
        Platform = platform;
        Tenant = tenant;
        Client = platform.Client(tenant.ApiKey);
        Client.Timeout = TimeSpan.FromSeconds(60);
        Simulator = platform.SimulatorOperator();
        Simulator.Timeout = TimeSpan.FromSeconds(60);
        FrontDesk = new FrontDesk(Client);
    }

    public PlatformFixture Platform { get; }
    public PlatformFixture.Tenant Tenant { get; }
    public HttpClient Client { get; }
    public HttpClient Simulator { get; }
    public FrontDesk FrontDesk { get; }
    public Guid ProviderId { get; private set; }

    /// <summary>A new tenant with its practice profile, a provider and the fee schedule.</summary>
    public static async Task<CycleHarness> StartAsync(PlatformFixture platform, string name)
    {
        var h = new CycleHarness(platform, await platform.NewTenantAsync(name));
        await h.FrontDesk.SetPracticeAsync();
        h.ProviderId = await h.FrontDesk.AddProviderAsync();
        var fees = await h.Client.PutAsJsonAsync("/api/claims/fee-schedule", new { items = Fees.Select(f => new { code = f.Code, amount = f.Amount }) });
        Assert.True(fees.IsSuccessStatusCode, $"PUT fee schedule: {(int)fees.StatusCode} {await fees.Content.ReadAsStringAsync()}");
        return h;
    }

    // ---- the payers, as the simulator plays them ----

    /// <summary>A payer registered with the practice and configured at the simulator; answers (registered id, clearinghouse payer id).</summary>
    public async Task<(Guid Id, string PayerId)> PayerAsync(string name, object? simulatorSettings = null, string claimFilingCode = "CI")
    {
        var payerId = $"CY{suffix}{Interlocked.Increment(ref members):D2}";
        var response = await Simulator.PutAsJsonAsync($"/simulator/payers/{payerId}", simulatorSettings ?? new { allowedPercent = 80m });
        Assert.True(response.IsSuccessStatusCode, $"PUT simulator payer {payerId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await FrontDesk.AddPayerAsync(payerId, name, claimFilingCode), payerId);
    }

    public string NewMemberId() => $"M{suffix}{Interlocked.Increment(ref members):D3}";

    public static object Plan(bool active = true, decimal copay = 0m, decimal deductible = 500m, decimal deductibleMet = 500m,
        decimal coinsurancePercent = 20m, bool invalid = false) =>
        new { active, copay, deductible, deductibleMet, coinsurancePercent, invalid };

    public async Task MemberAsync(string payerId, string memberId, object plan)
    {
        var response = await Simulator.PutAsJsonAsync($"/simulator/payers/{payerId}/members/{memberId}", plan);
        Assert.True(response.IsSuccessStatusCode, $"PUT simulator member {memberId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // ---- registration ----

    public Task<Guid> PatientAsync(string firstName = "Ada", string lastName = "Lovelace") =>
        FrontDesk.AddPatientAsync(firstName: firstName, lastName: lastName);

    public Task<Guid> CoverageAsync(Guid patientId, Guid payerId, string memberId, string priority = "primary") =>
        FrontDesk.AddCoverageAsync(patientId, FrontDesk.Coverage(payerId, priority, memberId));

    public async Task<JsonElement> EligibilityAsync(Guid coverageId) =>
        await Expect(await Client.PostAsync($"/api/coverages/{coverageId}/eligibility-checks", null), HttpStatusCode.Created);

    // ---- the visit: encounter → complete → code → finalize ----

    public static object Line(string code, int units = 1, int[]? pointers = null, params string[] modifiers) =>
        new { code, modifiers, units, diagnosisPointers = pointers ?? [1] };

    /// <summary>Registers and completes an encounter, codes it through the Coding API and finalizes it.</summary>
    public async Task<Guid> VisitAsync(Guid patientId, string[] diagnoses, params object[] procedures)
    {
        var encounter = await FrontDesk.AddEncounterAsync(patientId, ProviderId);
        await FrontDesk.CompleteAsync(encounter);
        await Client.GetJsonAsync($"/api/coding/encounters/{encounter}", Patience);
        var saved = await Expect(await Client.PutAsJsonAsync($"/api/coding/encounters/{encounter}", new { diagnoses, procedures }), HttpStatusCode.OK);
        var errors = saved.GetProperty("edits").EnumerateArray().Where(e => e.GetProperty("severity").GetString() == "error").ToList();
        Assert.True(errors.Count == 0, $"coding edits: {string.Join("; ", errors.Select(e => e.GetRawText()))}");
        await Expect(await Client.PostAsync($"/api/coding/encounters/{encounter}/finalize", null), HttpStatusCode.Accepted);
        return encounter;
    }

    // ---- claims ----

    public async Task<JsonElement> ClaimAsync(Guid claimId) => await Expect(await Client.GetAsync($"/api/claims/{claimId}"), HttpStatusCode.OK);

    public async Task<List<JsonElement>> ClaimsAsync(string query = "")
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var url = $"/api/claims?limit=100{query}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await Expect(await Client.GetAsync(url), HttpStatusCode.OK);
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        } while (cursor is not null);
        return all;
    }

    /// <summary>The claim for the encounter with the given payer responsibility (and frequency), once Claims has built it.</summary>
    public async Task<JsonElement> ClaimForEncounterAsync(Guid encounterId, string responsibility = "primary", int? frequency = null) =>
        (JsonElement)await Eventually.Get<object>(async () =>
        {
            var claims = await ClaimsAsync($"&encounterId={encounterId}");
            return claims.Where(c => Str(c, "responsibility") == responsibility && (frequency is null || c.GetProperty("frequency").GetInt32() == frequency))
                .Select(c => (object)c).FirstOrDefault();
        }, Patience, $"a {responsibility} claim for encounter {encounterId}");

    /// <summary>Waits for the claim to reach one of <paramref name="statuses"/>; fails fast naming the history when it lands elsewhere for good.</summary>
    /// <summary>
    /// Waits until the claim's history shows <paramref name="status"/>. A fast payer's 835 can be posted before
    /// its 277CA is read, so "accepted" may join the history after "paid".
    /// </summary>
    public Task<JsonElement> ClaimThroughAsync(Guid claimId, string status) =>
        Eventually.Get(async () =>
        {
            var claim = await ClaimAsync(claimId);
            return claim.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("status").GetString() == status) ? (object)claim : null;
        }, TimeSpan.FromSeconds(60), $"claim {claimId} through {status}").ContinueWith(t => (JsonElement)t.Result);

    public async Task<JsonElement> ClaimInStatusAsync(Guid claimId, params string[] statuses)
    {
        JsonElement last = default;
        try
        {
            return (JsonElement)await Eventually.Get<object>(async () =>
            {
                last = await ClaimAsync(claimId);
                return statuses.Contains(Str(last, "status")) ? (object)last : null;
            }, Patience, $"claim {claimId} to be {string.Join(" or ", statuses)}");
        }
        catch (Xunit.Sdk.XunitException x)
        {
            throw new Xunit.Sdk.XunitException($"{x.Message} It is {Str(last, "status")}; history: {(last.ValueKind == JsonValueKind.Object ? last.GetProperty("history").GetRawText() : "?")}");
        }
    }

    /// <summary>
    /// Corrects a claim and answers <c>{ id }</c> of the corrected claim: at once (201) when no code changes, or (202) once
    /// Coding's edits passed the corrected codes and Claims built it.
    /// </summary>
    public async Task<JsonElement> CorrectAsync(Guid claimId, object correction)
    {
        var response = await Client.PostAsJsonAsync($"/api/claims/{claimId}/corrections", correction);
        if (response.StatusCode != HttpStatusCode.Accepted) return await Expect(response, HttpStatusCode.Created);
        var built = await CorrectionDecidedAsync(await response.Content.ReadFromJsonAsync<JsonElement>(), "built");
        return JsonSerializer.SerializeToElement(new { id = Str(built, "replacementClaimId") });
    }

    /// <summary>Waits for a correction at coding (as the 202 answered it) to be decided, and expects <paramref name="status"/>.</summary>
    public async Task<JsonElement> CorrectionDecidedAsync(JsonElement accepted, string status)
    {
        var url = $"/api/claims/{Str(accepted, "claimId")}/corrections/{Str(accepted, "id")}";
        JsonElement last = default;
        await Eventually.True(async () => Str(last = await Client.GetJsonAsync(url, Patience), "status") != "coding", Patience, $"correction {url} decided");
        Assert.True(Str(last, "status") == status, $"Correction {url} is {Str(last, "status")}, not {status}: {last.GetRawText()}");
        return last;
    }

    // ---- payments and patient billing ----

    public async Task<JsonElement> LedgerAsync(Guid claimId) => await Client.GetJsonAsync($"/api/payments/claims/{claimId}/ledger", Patience);

    /// <summary>Waits until the claim's ledger in Payments satisfies <paramref name="condition"/> (postings arrive by events).</summary>
    public async Task<JsonElement> LedgerWhenAsync(Guid claimId, Func<JsonElement, bool> condition, string what)
    {
        JsonElement last = default;
        await Eventually.True(async () => condition(last = await LedgerAsync(claimId)), Patience, $"the ledger of claim {claimId}: {what}");
        return last;
    }

    public async Task<JsonElement> AccountAsync(Guid patientId) => await Client.GetJsonAsync($"/api/patient-billing/accounts/{patientId}", Patience);

    public async Task<JsonElement> AccountWithBalanceAsync(Guid patientId, decimal balance)
    {
        JsonElement last = default;
        try
        {
            await Eventually.True(async () => M(last = await AccountAsync(patientId), "balance") == balance, Patience,
                $"the account of patient {patientId} to show a balance of {balance}");
        }
        catch (Xunit.Sdk.XunitException x)
        {
            throw new Xunit.Sdk.XunitException($"{x.Message} It shows {M(last, "balance")}: {last.GetProperty("entries").GetRawText()}");
        }
        return last;
    }

    public async Task<JsonElement> PostAsync(string url, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await Expect(await Client.PostAsJsonAsync(url, body), expected);

    // ---- JSON ----

    public static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static decimal M(JsonElement e, string name) => e.GetProperty(name).GetDecimal();

    public static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    public async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        Simulator.Dispose();
        return ValueTask.CompletedTask;
    }
}
