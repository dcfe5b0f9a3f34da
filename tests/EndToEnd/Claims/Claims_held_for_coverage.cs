// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Claims;

/// <summary>Registration's coverage changes reach held claims: another plan takes the claim over, payer and all; a plan that ended since the visit still pays for it.</summary>
public sealed class Claims_held_for_coverage(PlatformFixture platform)
{
    static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    [Fact]
    public async Task A_claim_held_because_its_plan_had_ended_goes_to_the_payer_of_the_plan_the_front_desk_registers()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99213", 120m));
        var dateOfService = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);
        var ended = ClaimsDesk.Coverage(ClaimsDesk.Payer()) with { EffectiveTo = dateOfService.AddDays(-10) };
        var coded = desk.Encounter([ended], "99213");
        await desk.PublishAsync(coded);

        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        claim = await desk.ClaimInStatusAsync(Id(claim), "held");
        Assert.Contains(claim.GetProperty("edits").EnumerateArray(), e => e.GetProperty("rule").GetString() == "coverage.active");

        // A secondary plan is not the claim's: it stays held.
        var secondary = ClaimsDesk.Coverage(ClaimsDesk.Payer(), "secondary") with { EffectiveFrom = dateOfService.AddDays(-30) };
        await desk.PublishAsync(new CoverageChanged(coded.TenantId, coded.Encounter.Patient.Id, secondary, true, DateTimeOffset.UtcNow));

        var newPayer = ClaimsDesk.Payer() with { Name = "Prairie Mutual" };
        var current = ClaimsDesk.Coverage(newPayer) with { EffectiveFrom = dateOfService.AddDays(-9) };
        await desk.PublishAsync(new CoverageChanged(coded.TenantId, coded.Encounter.Patient.Id, current, true, DateTimeOffset.UtcNow));

        var submitted = await desk.ClaimThroughAsync(Id(claim), "submitted", TimeSpan.FromSeconds(60));
        Assert.Equal((newPayer.PayerId, "Prairie Mutual"), (submitted.GetProperty("payerId").GetString(), submitted.GetProperty("payerName").GetString()));
        var x12 = await desk.Client.GetStringAsync($"/api/claims/{Id(claim)}/x12");
        Assert.Contains($"*PI*{newPayer.PayerId}~", x12);
        Assert.Contains($"*MI*{current.MemberId}~", x12);
        Assert.DoesNotContain(ended.Payer.PayerId, x12);
        Assert.DoesNotContain(secondary.Payer.PayerId, x12);
        await desk.ClaimThroughAsync(Id(claim), "accepted", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_plan_that_ends_after_the_visit_still_pays_for_it()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        var coverage = ClaimsDesk.Coverage(ClaimsDesk.Payer());
        var coded = desk.Encounter([coverage], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimInStatusAsync(Id(await desk.ClaimForEncounterAsync(coded.EncounterId)), "held"); // no fee yet

        // The plan ends yesterday: inactive today, but the visit (3 days ago) was covered.
        var endedYesterday = coverage with { EffectiveTo = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1) };
        await desk.PublishAsync(new CoverageChanged(coded.TenantId, coded.Encounter.Patient.Id, endedYesterday, false, DateTimeOffset.UtcNow));
        await Eventually.Get(async () =>
        {
            var c = await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/{Id(claim)}");
            return c.GetProperty("history").GetArrayLength() > claim.GetProperty("history").GetArrayLength() ? (object)c : null;
        }, TimeSpan.FromSeconds(30), "the claim re-scrubbed after the coverage change");

        await desk.SetFeesAsync(("99213", 120m));
        var submitted = await desk.ClaimThroughAsync(Id(claim), "submitted", TimeSpan.FromSeconds(60));
        Assert.DoesNotContain(submitted.GetProperty("history").EnumerateArray(), h => h.GetProperty("detail").GetString()?.Contains("coverage.active") == true);
    }
}
