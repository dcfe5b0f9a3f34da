using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// A key's roles decide what it may change (the gateway's RolePolicy); every role reads. A refused
/// change answers 403 with the roles it needs and reaches no service.
/// </summary>
public sealed class Key_roles(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<HttpClient> KeyAsync(PlatformFixture.Tenant tenant, params string[] roles)
    {
        using var admin = platform.Admin();
        var created = await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant.TenantId}/api-keys", new { name = string.Join("+", roles), roles }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return platform.Client((await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("apiKey").GetString());
    }

    static async Task AssertForbiddenAsync(HttpResponseMessage response, params string[] needed)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"expected 403, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        foreach (var role in needed) Assert.Contains(role, detail);
    }

    static void AssertAllowed(HttpResponseMessage response) =>
        Assert.True(response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized), $"expected the role to be allowed, got {(int)response.StatusCode}");

    [Fact]
    public async Task A_read_only_key_reads_everything_and_changes_nothing()
    {
        var tenant = await platform.NewTenantAsync();
        using var readOnly = await KeyAsync(tenant, "read-only");
        var mrn = "RO-" + Guid.NewGuid().ToString("N")[..8];

        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/api/patients", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/api/claims", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/api/payments/ar-aging", Ct)).StatusCode);
        await AssertForbiddenAsync(await readOnly.PostAsJsonAsync("/api/patients", Builders.Patient(mrn), Ct), "front-desk", "read-only");
        await AssertForbiddenAsync(await readOnly.PutAsJsonAsync("/api/claims/fee-schedule", new { items = Array.Empty<object>() }, Ct), "biller");
        await AssertForbiddenAsync(await readOnly.PostAsync("/api/remittances", new StringContent("ISA*"), Ct), "biller");

        using var owner = platform.Client(tenant.ApiKey);
        var found = await owner.GetFromJsonAsync<JsonElement>($"/api/patients?mrn={mrn}", Ct);
        Assert.Equal(0, found.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Each_role_changes_what_its_work_is_and_nothing_else()
    {
        var tenant = await platform.NewTenantAsync();
        using var frontDesk = await KeyAsync(tenant, "front-desk");
        using var coder = await KeyAsync(tenant, "coder");
        using var auditor = await KeyAsync(tenant, "auditor");
        using var biller = await KeyAsync(tenant, "biller");
        using var owner = platform.Client(tenant.ApiKey);

        // Front desk: registers patients and takes a copay, but sets up neither the practice nor fees, nor refunds.
        var patient = (await new FrontDesk(frontDesk).AddPatientAsync());
        AssertAllowed(await frontDesk.PostAsJsonAsync($"/api/patient-billing/accounts/{patient}/payments", new { amount = 0m, method = "cash" }, Ct));
        await AssertForbiddenAsync(await frontDesk.PostAsJsonAsync($"/api/patient-billing/accounts/{patient}/refunds", new { amount = 1m }, Ct), "biller");
        await AssertForbiddenAsync(await frontDesk.PutAsJsonAsync("/api/practice", FrontDesk.Practice(), Ct), "pm-system");
        await AssertForbiddenAsync(await frontDesk.PutAsJsonAsync("/api/claims/fee-schedule", new { items = Array.Empty<object>() }, Ct), "biller");

        // Coder: codes and asks for suggestions, never audits (the auditor does), never touches claims.
        Assert.Equal(HttpStatusCode.OK, (await coder.PostAsJsonAsync("/api/coding/suggestions", new { text = "hypertension" }, Ct)).StatusCode);
        AssertAllowed(await coder.PutAsJsonAsync($"/api/coding/encounters/{Guid.NewGuid()}", new { diagnoses = new[] { "I10" } }, Ct));
        await AssertForbiddenAsync(await coder.PostAsJsonAsync("/api/coding/audits", new { from = "2026-01-01", to = "2026-01-31", sample = 5 }, Ct), "auditor");
        await AssertForbiddenAsync(await coder.PostAsJsonAsync($"/api/claims/{Guid.NewGuid()}/void", new { }, Ct), "biller");

        // Auditor: audits, but does not code.
        AssertAllowed(await auditor.PostAsJsonAsync("/api/coding/audits", new { from = "2026-01-01", to = "2026-01-31", sample = 5 }, Ct));
        await AssertForbiddenAsync(await auditor.PutAsJsonAsync($"/api/coding/encounters/{Guid.NewGuid()}", new { diagnoses = new[] { "I10" } }, Ct), "coder");

        // Biller: fees, claims, remittances, exceptions, patient accounts; not the practice's submission mode, which is the admin's.
        Assert.Equal(HttpStatusCode.OK, (await biller.PutAsJsonAsync("/api/claims/fee-schedule", new { items = new[] { new { code = "99213", amount = 150m } } }, Ct)).StatusCode);
        AssertAllowed(await biller.PostAsJsonAsync($"/api/patient-billing/accounts/{patient}/adjustments", new { amount = 0m, reason = "courtesy" }, Ct));
        await AssertForbiddenAsync(await biller.PutAsJsonAsync("/api/claims/settings", new { autoSubmit = false }, Ct), "admin");
        await AssertForbiddenAsync(await biller.PostAsJsonAsync("/api/encounters", new { }, Ct), "front-desk");
        AssertAllowed(await owner.PutAsJsonAsync("/api/claims/settings", new { autoSubmit = true }, Ct));

        // A key with two roles has both.
        using var both = await KeyAsync(tenant, "coder", "front-desk");
        AssertAllowed(await both.PutAsJsonAsync($"/api/coding/encounters/{Guid.NewGuid()}", new { diagnoses = new[] { "I10" } }, Ct));
        Assert.Equal(HttpStatusCode.Created, (await both.PostAsJsonAsync("/api/patients", Builders.Patient(), Ct)).StatusCode);
    }
}
