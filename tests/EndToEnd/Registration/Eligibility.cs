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
        using var simulator = platform.SimulatorOperator();
        var response = await simulator.PutAsJsonAsync($"/simulator/payers/{payerId}/members/{memberId}", plan, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    // X279A1 2110C: the simulator's 271 lists, like real payers', the emergency copay, out-of-network and family
    // (FAM) deductibles and a year-to-date amount before the in-network individual figures (EB12 Y, EB02 IND,
    // EB06 23 calendar year and 29 remaining); the check reads the latter, the family's beside them.
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
        Assert.Equal(1000.00m, check.GetProperty("deductible").GetDecimal());
        Assert.Equal(600.00m, check.GetProperty("deductibleRemaining").GetDecimal());
        Assert.Equal(20m, check.GetProperty("coinsurancePercent").GetDecimal());
        Assert.Equal(2000.00m, check.GetProperty("familyDeductible").GetDecimal());
        Assert.Equal(1600.00m, check.GetProperty("familyDeductibleRemaining").GetDecimal());
        Assert.Equal("30", check.GetProperty("serviceTypeCode").GetString());

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
    public async Task A_practice_that_never_rechecks_gets_no_automatic_check_until_it_sets_days_again()
    {
        var (client, coverage, patient, provider, _) = await CoveredPatientAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/practice/settings", new { eligibilityRecheckDays = 0 }, Ct)).StatusCode);
        var notChecked = DateTime.UtcNow.AddDays(-5).ToString("yyyy-MM-dd");
        await new FrontDesk(client).AddEncounterAsync(patient, provider, dateOfService: notChecked);

        // With days again, the next visit is checked. Had the first visit been checked, this one would have found that check recent
        // and added none: the one check there is names this visit's date.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/practice/settings", new { eligibilityRecheckDays = 30 }, Ct)).StatusCode);
        var checkedDate = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd");
        await new FrontDesk(client).AddEncounterAsync(patient, provider, dateOfService: checkedDate);
        var checks = (JsonElement)await Eventually.Get(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/coverages/{coverage}/eligibility-checks");
            return list.GetProperty("items").GetArrayLength() > 0 ? (object)list : null;
        }, TimeSpan.FromSeconds(20), "the automatic eligibility check");
        var only = Assert.Single(checks.GetProperty("items").EnumerateArray());
        Assert.Equal("encounter", only.GetProperty("trigger").GetString());
        Assert.Equal(checkedDate, only.GetProperty("serviceDate").GetString());
    }

    async Task<(JsonElement Check, string Request, string Response)> CheckAsync(HttpClient client, Guid coverage, object? request = null)
    {
        var response = request is null
            ? await client.PostAsync($"/api/coverages/{coverage}/eligibility-checks", null, Ct)
            : await client.PostAsJsonAsync($"/api/coverages/{coverage}/eligibility-checks", request, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var check = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var x12 = await client.GetFromJsonAsync<JsonElement>($"/api/coverages/{coverage}/eligibility-checks/{check.GetProperty("id").GetGuid()}/x12", Ct);
        return (check, x12.GetProperty("request").GetString()!, x12.GetProperty("response").GetString()!);
    }

    // An office visit (place of service 11) is asked about as service type 98, professional (physician) visit -
    // office (X279A1 EQ01); the payer's office copay, not its emergency one, is the visit's.
    [Fact]
    public async Task An_office_visit_is_checked_for_service_type_98_and_gets_the_office_copay()
    {
        var (client, coverage, patient, provider, memberId) = await CoveredPatientAsync();
        await SimulateMemberAsync("SIMELIG1", memberId, new { active = true, copay = 35.00m, deductible = 500.00m, deductibleMet = 0m, coinsurancePercent = 10m });
        await new FrontDesk(client).AddEncounterAsync(patient, provider, placeOfService: "11");
        var checks = await Eventually.Get(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/coverages/{coverage}/eligibility-checks");
            return list.GetProperty("items").GetArrayLength() > 0 ? (object)list : null;
        }, TimeSpan.FromSeconds(20), "the automatic eligibility check");
        var check = ((JsonElement)checks).GetProperty("items")[0];
        Assert.Equal("98", check.GetProperty("serviceTypeCode").GetString());
        Assert.Equal("active", check.GetProperty("status").GetString());
        Assert.Equal(35.00m, check.GetProperty("copay").GetDecimal());
        Assert.Equal(10m, check.GetProperty("coinsurancePercent").GetDecimal());
        Assert.Equal(500.00m, check.GetProperty("deductibleRemaining").GetDecimal());
        var x12 = await client.GetFromJsonAsync<JsonElement>($"/api/coverages/{coverage}/eligibility-checks/{check.GetProperty("id").GetGuid()}/x12", Ct);
        Assert.Contains("EQ*98~", x12.GetProperty("request").GetString());
    }

    // X279A1 2000D: a child known to the payer only by the parent's member id is asked about in the dependent
    // loop (HL 23, NM1*03) under the parent's 2100C, and the answer is read from the dependent's level.
    [Fact]
    public async Task A_child_on_a_parents_policy_is_asked_about_in_the_dependent_loop()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        await desk.SetPracticeAsync();
        var payer = await desk.AddPayerAsync("SIMELIG1", "Simulated Eligibility Payer", "CI");
        var child = await desk.AddPatientAsync(firstName: "Byron", lastName: "Lovelace", dateOfBirth: "2015-03-01", sex: "M");
        var memberId = "M" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var parent = new { firstName = "Ada", lastName = "Lovelace", dateOfBirth = "1980-12-10", sex = "F", address = new { line1 = "1 Main St", city = "Springfield", state = "IL", zip = "62701" } };
        var coverage = await desk.AddCoverageAsync(child, FrontDesk.Coverage(payer, memberId: memberId, relationship: "child", subscriber: parent));
        await SimulateMemberAsync("SIMELIG1", memberId, new { active = true, copay = 15.00m, deductible = 300.00m, deductibleMet = 100.00m, coinsurancePercent = 10m });

        var (check, request, response) = await CheckAsync(client, coverage);
        Assert.Contains($"NM1*IL*1*Lovelace*Ada****MI*{memberId}~", request);
        Assert.Contains("NM1*03*1*Lovelace*Byron~", request);
        Assert.Contains("*23*0~", request);
        Assert.Contains("NM1*03*1*Lovelace*Byron~", response);
        Assert.Equal("active", check.GetProperty("status").GetString());
        Assert.Equal(15.00m, check.GetProperty("copay").GetDecimal());
        Assert.Equal(200.00m, check.GetProperty("deductibleRemaining").GetDecimal());
    }

    // X279A1 1.4.7 and the 2100C notes: a dependent with a member id of their own is the subscriber of the inquiry.
    [Fact]
    public async Task A_child_with_a_member_id_of_their_own_is_asked_about_as_the_subscriber()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        await desk.SetPracticeAsync();
        var payer = await desk.AddPayerAsync("SIMELIG1", "Simulated Eligibility Payer", "CI");
        var child = await desk.AddPatientAsync(firstName: "Byron", lastName: "Lovelace", dateOfBirth: "2015-03-01", sex: "M");
        var parent = new { firstName = "Ada", lastName = "Lovelace", dateOfBirth = "1980-12-10", sex = "F", address = new { line1 = "1 Main St", city = "Springfield", state = "IL", zip = "62701" } };
        var coverage = await desk.AddCoverageAsync(child, new
        {
            payerId = payer, memberId = "FAM1234567", patientMemberId = "FAM1234567-02", groupNumber = "GRP-100", priority = "primary",
            relationship = "child", subscriber = parent, effectiveFrom = "2024-01-01",
        });
        Assert.Equal("FAM1234567-02", (await client.GetFromJsonAsync<JsonElement>($"/api/coverages/{coverage}", Ct)).GetProperty("patientMemberId").GetString());

        var (check, request, _) = await CheckAsync(client, coverage);
        Assert.Contains("NM1*IL*1*Lovelace*Byron****MI*FAM1234567-02~", request);
        Assert.DoesNotContain("NM1*03", request);
        Assert.Equal("active", check.GetProperty("status").GetString());
    }

    // X279A1 2110C: EB*6 for one service type (33 chiropractic) beside EB*1 for the plan: the plan is active and the
    // service is not covered — said in the reason when it is the service asked about.
    [Fact]
    public async Task A_service_type_the_plan_does_not_cover_leaves_the_coverage_active_with_the_reason()
    {
        var (client, coverage, _, _, _) = await CoveredPatientAsync();
        var (check, _, response) = await CheckAsync(client, coverage, new { serviceTypeCode = "33" });
        Assert.Contains("EB*6**33~", response);
        Assert.Equal("active", check.GetProperty("status").GetString());
        Assert.Contains("33", check.GetProperty("reason").GetString());
        await Foundation.Registering_a_patient.AssertProblemNames(
            await client.PostAsJsonAsync($"/api/coverages/{coverage}/eligibility-checks", new { serviceTypeCode = "office" }, Ct), "serviceTypeCode");
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
