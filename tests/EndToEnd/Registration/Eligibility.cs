using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Registration;

/// <summary>Real-time eligibility: a 270 through the clearinghouse adapter to the simulator's payer, its 271 read back.</summary>
public sealed class Eligibility(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<(HttpClient Client, Guid Coverage, Guid Patient, Guid Provider, string MemberId)> CoveredPatientAsync(string payerId = "SIMELIG1")
    {
        var tenant = await platform.NewTenantAsync();
        var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        await desk.SetPracticeAsync();
        var provider = await desk.AddProviderAsync();
        var payer = await desk.AddPayerAsync(payerId, "Simulated Eligibility Payer", "CI");
        var patient = await desk.AddPatientAsync();
        var memberId = "M" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var coverage = await desk.AddCoverageAsync(patient, FrontDesk.Coverage(payer, memberId: memberId));
        return (client, coverage, patient, provider, memberId);
    }

    async Task SimulateMemberAsync(string payerId, string memberId, object plan)
    {
        using var simulator = new HttpClient { BaseAddress = platform.ServiceAddresses["clearinghouse_simulator"] };
        var response = await simulator.PutAsJsonAsync($"/simulator/payers/{payerId}/members/{memberId}", plan, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task An_active_member_answers_with_copay_remaining_deductible_and_coinsurance()
    {
        var (client, coverage, patient, _, memberId) = await CoveredPatientAsync();
        await SimulateMemberAsync("SIMELIG1", memberId, new { active = true, copay = 25.00m, deductible = 1000.00m, deductibleMet = 400.00m, coinsurancePercent = 20m });
        await using var verified = await EventProbe<EligibilityVerified>.StartAsync();

        var response = await client.PostAsync($"/api/coverages/{coverage}/eligibility-checks", null, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var check = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("active", check.GetProperty("status").GetString());
        Assert.Equal(25.00m, check.GetProperty("copay").GetDecimal());
        Assert.Equal(600.00m, check.GetProperty("deductibleRemaining").GetDecimal());
        Assert.Equal(20m, check.GetProperty("coinsurancePercent").GetDecimal());

        var e = await verified.WaitFor(v => v.CoverageId == coverage);
        Assert.Equal(patient, e.PatientId);
        Assert.Equal("active", e.Status);
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/coverages/{coverage}/eligibility-checks", Ct);
        Assert.Equal(1, history.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_invalid_member_id_comes_back_as_an_error_naming_the_rejection()
    {
        var (client, coverage, _, _, memberId) = await CoveredPatientAsync();
        await SimulateMemberAsync("SIMELIG1", memberId, new { active = true, copay = 0m, deductible = 0m, deductibleMet = 0m, coinsurancePercent = 20m, invalid = true });
        var check = await (await client.PostAsync($"/api/coverages/{coverage}/eligibility-checks", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("error", check.GetProperty("status").GetString());
        Assert.Equal("72", check.GetProperty("rejectionCode").GetString());
    }

    [Fact]
    public async Task A_terminated_member_is_inactive()
    {
        var (client, coverage, _, _, memberId) = await CoveredPatientAsync();
        await SimulateMemberAsync("SIMELIG1", memberId, new { active = false, copay = 0m, deductible = 0m, deductibleMet = 0m, coinsurancePercent = 20m });
        var check = await (await client.PostAsync($"/api/coverages/{coverage}/eligibility-checks", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("inactive", check.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unknown_member_gets_the_simulators_default_plan()
    {
        var (client, coverage, _, _, _) = await CoveredPatientAsync();
        var check = await (await client.PostAsync($"/api/coverages/{coverage}/eligibility-checks", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("active", check.GetProperty("status").GetString());
        Assert.Equal(20m, check.GetProperty("coinsurancePercent").GetDecimal());
    }

    [Fact]
    public async Task Registering_an_encounter_checks_a_coverage_not_verified_lately()
    {
        var (client, coverage, patient, provider, _) = await CoveredPatientAsync();
        await new FrontDesk(client).AddEncounterAsync(patient, provider);
        var checks = await Eventually.Get(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/coverages/{coverage}/eligibility-checks");
            return list.GetProperty("items").GetArrayLength() > 0 ? (object)list : null;
        }, TimeSpan.FromSeconds(20), "the automatic eligibility check");
        var first = ((JsonElement)checks).GetProperty("items")[0];
        Assert.Equal("encounter", first.GetProperty("trigger").GetString());

        // Checked now, so the next encounter does not check again.
        await new FrontDesk(client).AddEncounterAsync(patient, provider);
        await Task.Delay(1500, Ct);
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/api/coverages/{coverage}/eligibility-checks", Ct)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Bad_requests_are_refused_without_a_check()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        var payer = await desk.AddPayerAsync();
        var patient = await desk.AddPatientAsync();
        var coverage = await desk.AddCoverageAsync(patient, FrontDesk.Coverage(payer));

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/coverages/{Guid.NewGuid()}/eligibility-checks", null, Ct)).StatusCode);
        var noPractice = await client.PostAsync($"/api/coverages/{coverage}/eligibility-checks", null, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noPractice.StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/coverages/{coverage}/eligibility-checks", Ct)).GetProperty("items").GetArrayLength());
        var badSettings = await client.PutAsJsonAsync("/api/practice/settings", new { eligibilityRecheckDays = -1 }, Ct);
        await Foundation.Registering_a_patient.AssertProblemNames(badSettings, "eligibilityRecheckDays");
    }

    [Fact]
    public async Task With_the_clearinghouse_unreachable_the_check_ends_in_error_with_the_reason_promptly()
    {
        var tenant = await platform.NewTenantAsync();
        // A Registration of its own whose clearinghouse address answers nothing.
        var environment = platform.CommonEnvironment();
        environment["Clearinghouse__SimulatorUrl"] = $"http://127.0.0.1:{TestEnvironment.FreePort()}";
        var registration = await platform.StartExtraAsync("registration-no-clearinghouse", "services/Registration", environment);
        using var direct = new HttpClient { BaseAddress = registration.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }; // a hung request fails the test
        direct.DefaultRequestHeaders.Authorization = new("Bearer", platform.Signer().Issue(tenant.TenantId, tenant.ApiKeyId, ["admin"]));
        var desk = new FrontDesk(direct);
        await desk.SetPracticeAsync();
        var payer = await desk.AddPayerAsync();
        var patient = await desk.AddPatientAsync();
        var coverage = await desk.AddCoverageAsync(patient, FrontDesk.Coverage(payer));

        var response = await direct.PostAsync($"/api/coverages/{coverage}/eligibility-checks", null, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var check = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("error", check.GetProperty("status").GetString());
        Assert.Contains("clearinghouse", check.GetProperty("reason").GetString());
    }
}
