// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// A biller's corrected codes are held to the same coding edits as the coder's (issue #15, item 5). A corrected claim
/// (frequency 7, X12 005010X222A1 CLM05-3) is adjudicated by the payer like any claim: NCCI procedure-to-procedure edits
/// and MUEs apply to every claim line for the date of service (CMS NCCI Policy Manual for Medicare Services, Chapter I,
/// "General Correct Coding Policies"; CMS "Medically Unlikely Edits"), so a correction that would fail them must not leave.
/// </summary>
public sealed class Corrected_codes_through_coding(PlatformFixture platform)
{
    [Fact]
    public async Task Corrected_codes_pass_the_coding_edits_before_the_corrected_claim_is_built_and_become_the_encounters_coding()
    {
        await using var h = await StartAsync(platform, "Cycle: corrected codes");
        var claim = await PaidClaimAsync(h);

        var response = await h.Client.PostAsJsonAsync($"/api/claims/{Id(claim.Claim)}/corrections",
            new { procedures = new[] { new { code = "99214", units = 1m, diagnosisPointers = new[] { 1 } } } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/claims/{Id(claim.Claim)}/corrections/{Str(accepted, "id")}", response.Headers.Location?.OriginalString);

        var built = await h.CorrectionDecidedAsync(accepted, "built");
        var replacement = await h.ClaimInStatusAsync(Guid.Parse(Str(built, "replacementClaimId")!), "submitted", "accepted", "paid");
        Assert.Equal(7, replacement.GetProperty("frequency").GetInt32());
        Assert.Equal("99214", Str(Assert.Single(replacement.GetProperty("lines").EnumerateArray()), "procedureCode"));
        Assert.Equal("closed", Str(await h.ClaimAsync(Id(claim.Claim)), "status"));

        // Coding knows: the encounter's coding is the corrected one, with the correction and what it replaced.
        var coding = await h.Client.GetJsonAsync($"/api/coding/encounters/{claim.Encounter}", Patience);
        Assert.Equal("99214", Str(Assert.Single(coding.GetProperty("procedures").EnumerateArray()), "code"));
        var history = await h.Client.GetJsonAsync($"/api/coding/encounters/{claim.Encounter}/corrections", Patience);
        var record = Assert.Single(history.EnumerateArray());
        Assert.Equal(("coded", Str(accepted, "id"), Id(claim.Claim).ToString()), (Str(record, "outcome"), Str(record, "correctionId"), Str(record, "claimId")));
        Assert.Equal("99213", Str(Assert.Single(record.GetProperty("previousProcedures").EnumerateArray()), "code"));
    }

    [Fact]
    public async Task Corrected_codes_the_coding_edits_refuse_build_no_claim_and_leave_the_claim_and_its_coding_as_they_were()
    {
        await using var h = await StartAsync(platform, "Cycle: corrected codes refused");
        var claim = await PaidClaimAsync(h);

        // Two units of an office visit (MUE 1 per date of service) and 36415 with 36416 (an NCCI pair that is never billed together):
        // shapes Claims accepts, edits only Coding has.
        var response = await h.Client.PostAsJsonAsync($"/api/claims/{Id(claim.Claim)}/corrections", new
        {
            procedures = new object[]
            {
                new { code = "99214", units = 2m, diagnosisPointers = new[] { 1 } },
                new { code = "36415", units = 1m, diagnosisPointers = new[] { 1 } },
                new { code = "36416", units = 1m, diagnosisPointers = new[] { 1 } },
            },
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var refused = await h.CorrectionDecidedAsync(await response.Content.ReadFromJsonAsync<JsonElement>(), "refused");
        var edits = refused.GetProperty("edits").EnumerateArray().ToList();
        Assert.Contains(edits, e => Str(e, "rule") == "MUE-EXCEEDED" && Str(e, "target") == "procedures[0].units" && Str(e, "severity") == "error");
        Assert.Contains(edits, e => Str(e, "rule") == "NCCI-PTP-0" && Str(e, "severity") == "error");
        Assert.False(refused.TryGetProperty("replacementClaimId", out var built) && built.ValueKind != JsonValueKind.Null);

        // The claim is as it was: paid, not replaced, the only claim of the encounter; the refusal is in its history.
        var after = await h.ClaimAsync(Id(claim.Claim));
        Assert.Equal("paid", Str(after, "status"));
        Assert.Contains(after.GetProperty("history").EnumerateArray(), e => Str(e, "detail")?.Contains("refused by coding") == true);
        var claims = await h.Client.GetJsonAsync($"/api/claims?encounterId={claim.Encounter}", Patience);
        Assert.Equal(Id(claim.Claim), Id(Assert.Single(claims.GetProperty("items").EnumerateArray())));
        var coding = await h.Client.GetJsonAsync($"/api/coding/encounters/{claim.Encounter}", Patience);
        Assert.Equal("99213", Str(Assert.Single(coding.GetProperty("procedures").EnumerateArray()), "code"));
        Assert.Equal("refused", Str(Assert.Single((await h.Client.GetJsonAsync($"/api/coding/encounters/{claim.Encounter}/corrections", Patience)).EnumerateArray()), "outcome"));

        // A correction that passes is still possible afterwards.
        var fixedId = Id(await h.CorrectAsync(Id(claim.Claim), new { procedures = new[] { new { code = "99214", units = 1m, diagnosisPointers = new[] { 1 } } } }));
        Assert.Equal(7, (await h.ClaimAsync(fixedId)).GetProperty("frequency").GetInt32());
    }

    static async Task<(JsonElement Claim, Guid Encounter)> PaidClaimAsync(CycleHarness h)
    {
        var (payer, payerId) = await h.PayerAsync("Prairie Mutual", new { allowedPercent = 80m });
        var memberId = h.NewMemberId();
        await h.MemberAsync(payerId, memberId, Plan(deductible: 500m, deductibleMet: 500m, coinsurancePercent: 20m));
        var patient = await h.PatientAsync("Grace", "Hopper");
        await h.CoverageAsync(patient, payer, memberId);
        var encounter = await h.VisitAsync(patient, ["E11.9"], Line("99213"));
        var claim = await h.ClaimForEncounterAsync(encounter);
        return (await h.ClaimInStatusAsync(Id(claim), "paid"), encounter);
    }
}
