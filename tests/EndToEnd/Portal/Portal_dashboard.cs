// Every wait here is Playwright's own (bounded by its timeouts) or the harness's Eventually deadlines.
#pragma warning disable xUnit1051
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using RevenueCycle.EndToEnd.Cycle;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.EndToEnd.Staff;
using RevenueCycle.ServiceDefaults.Auth;
using static Microsoft.Playwright.Assertions;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Portal;

/// <summary>
/// Issue 18: the dashboard shows the practice's measures with their targets (HFMA MAP Keys: clean-claim rate, initial denial rate,
/// net collection rate; days in AR as DOMAIN defines it) exactly as the measures endpoints give them, and each tile opens its list.
/// </summary>
public sealed class Portal_dashboard(PlatformFixture platform, PortalBrowser chromium) : IClassFixture<PortalBrowser>
{
    static string Percent(JsonElement rate, string field = "percent") =>
        rate.TryGetProperty(field, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDecimal().ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    [Fact]
    public async Task The_dashboards_figures_equal_the_measures_endpoints_and_each_tile_opens_its_list()
    {
        await using var h = await StartAsync(platform, "Portal: dashboard");
        var (payer, payerId) = await h.PayerAsync("Prairie Health", new { allowedPercent = 80m, requirePriorAuthorizationFor = new[] { "72100" } });
        var member = h.NewMemberId();
        await h.MemberAsync(payerId, member, Plan());
        var paid = await h.PatientAsync("Paula", "Paid");
        await h.CoverageAsync(paid, payer, member);
        var denied = await h.PatientAsync("Dennis", "Denied");
        await h.CoverageAsync(denied, payer, member);
        var paidClaim = await h.ClaimForEncounterAsync(await h.VisitAsync(paid, ["J02.0"], Line("99213")));
        var deniedClaim = await h.ClaimForEncounterAsync(await h.VisitAsync(denied, ["M54.50"], Line("72100")));
        await h.ClaimInStatusAsync(Id(paidClaim), "paid");
        await h.ClaimInStatusAsync(Id(deniedClaim), "denied");
        await h.LedgerWhenAsync(Id(paidClaim), l => M(l, "insurancePaid") > 0, "the paid claim's payment in the ledger");

        var claims = await h.Client.GetJsonAsync("/api/claims/measures", Patience);
        // Days in AR count what patients owe, which Payments learns from PatientBilling's events after the posting: read the
        // measures once the paid claim's coinsurance has arrived there, so the page and this test see the same settled figures.
        var payments = await Eventually.Get(async () =>
        {
            var m = await h.Client.GetJsonAsync("/api/payments/measures", Patience);
            return m.GetProperty("patientAr").GetDecimal() > 0 ? (object)m : null;
        }, Patience, "the patient's share in the receivables measures").ContinueWith(t => (JsonElement)t.Result);
        Assert.Equal(1, claims.GetProperty("denialRate").GetProperty("count").GetInt32()); // the figures below are not all "—"

        var desk = new StaffDesk(platform.Gateway, h.Tenant.ApiKey);
        var (_, email) = await desk.UserAsync(Roles.Biller);
        var page = await chromium.NewPageAsync(platform.Gateway);
        await PortalBrowser.SignInAsync(page, email);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        var tiles = page.GetByRole(AriaRole.Region, new() { Name = "Measures" });
        async Task TileShows(string label, string expected) =>
            await Expect(tiles.Locator($"[data-measure=\"{label}\"]")).ToHaveTextAsync(expected);
        await TileShows("Denial rate", Percent(claims.GetProperty("denialRate")));
        await TileShows("Clean-claim rate", Percent(claims.GetProperty("cleanClaimRate")));
        await TileShows("First-pass resolution", Percent(claims.GetProperty("firstPassResolution")));
        await TileShows("Net collection rate", Percent(payments.GetProperty("netCollectionRate"), "value"));
        var daysInAr = payments.GetProperty("daysInAr");
        await TileShows("Days in AR", daysInAr.TryGetProperty("value", out var d) && d.ValueKind == JsonValueKind.Number
            ? d.GetDecimal().ToString("0.0", CultureInfo.InvariantCulture) + " days" : "—");
        await Expect(tiles.GetByRole(AriaRole.Link, new() { Name = "Denial rate" })).ToContainTextAsync(claims.GetProperty("denialRate").GetProperty("target").GetString()!);

        // The charts are drawn, each an image with a name; the AR chart's figures are also in a table for screen readers.
        var charts = page.GetByRole(AriaRole.Region, new() { Name = "Charts" });
        foreach (var chart in new[] { "Insurance AR by age and payer", "Cash posted per day (last 30 days)", "Denial rate per week, with reasons" })
            await Expect(charts.GetByRole(AriaRole.Img, new() { Name = chart })).ToBeVisibleAsync();
        await Expect(charts.Locator("canvas")).ToHaveCountAsync(3);
        await PortalBrowser.AssertAccessibleAsync(page, "dashboard");
        await PortalBrowser.ScreenshotAsync(page, "dashboard");

        await tiles.GetByRole(AriaRole.Link, new() { Name = "Denial rate" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/denials$"));
    }
}
