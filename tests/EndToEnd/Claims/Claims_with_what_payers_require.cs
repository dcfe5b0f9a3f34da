// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net.Http.Json;
using System.Text.Json;
using RevenueCycle.Contracts.Coding;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Claims;

/// <summary>837P content real payers reject claims without (005010X222A1), from the coded encounter to the file sent.</summary>
public sealed class Claims_with_what_payers_require(PlatformFixture platform)
{
    static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    static readonly ServiceFacility Mercy = new("Mercy General Hospital", "1245319599", new Address("800 Hospital Dr", null, "Springfield", "IL", "627040000"));

    static EncounterCoded At(EncounterCoded coded, string placeOfService, ServiceFacility? facility = null, PracticeProfile? practice = null) => coded with
    {
        Encounter = coded.Encounter with { PlaceOfService = placeOfService, Practice = practice ?? coded.Encounter.Practice, ServiceFacility = facility },
    };

    static IEnumerable<string?> Rules(JsonElement claim) => claim.GetProperty("edits").EnumerateArray().Select(e => e.GetProperty("rule").GetString());

    [Fact]
    public async Task A_hospital_visit_is_sent_with_its_service_facility_and_the_practices_real_phone()
    {
        // X222A1 2310C NM1*77 N3/N4 when care was not at the billing provider's address; 1000A PER the practice's number.
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99223", 300m));
        var coded = At(desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer("manual"))], "99223"), "21", Mercy);
        await desk.PublishAsync(coded);

        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimInStatusAsync(Id(claim), "submitted", TimeSpan.FromSeconds(30));
        var x12 = await desk.Client.GetStringAsync($"/api/claims/{Id(claim)}/x12");

        Assert.Contains("NM1*77*2*Mercy General Hospital*****XX*1245319599~N3*800 Hospital Dr~N4*Springfield*IL*627040000~", x12);
        Assert.Contains("*300***21:B:1*", x12);
        Assert.Contains("PER*IC*BILLING OFFICE*TE*2175550100~", x12);
    }

    [Fact]
    public async Task A_hospital_visit_without_its_facility_is_held()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99223", 300m));
        var coded = At(desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer())], "99223"), "22");
        await desk.PublishAsync(coded);

        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        Assert.Equal("held", claim.GetProperty("status").GetString());
        Assert.Contains("required.service-facility", Rules(claim));
    }

    [Fact]
    public async Task A_practice_without_a_phone_has_its_claims_held_not_sent_with_a_made_up_number()
    {
        // X222A1 1000A PER: the submitter's contact number.
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99213", 100m));
        var coded = At(desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer())], "99213"), "11", practice: ClaimsDesk.Practice with { Phone = null });
        await desk.PublishAsync(coded);

        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        Assert.Equal("held", claim.GetProperty("status").GetString());
        var edit = Assert.Single(claim.GetProperty("edits").EnumerateArray(), e => e.GetProperty("rule").GetString() == "required.practice-phone");
        Assert.Equal("practice.phone", edit.GetProperty("target").GetString());
    }

    [Fact]
    public async Task A_practice_paid_at_a_po_box_sends_it_as_the_pay_to_address()
    {
        // X222A1 2010AA N3 street address; 2010AB NM1*87 with the P.O. box.
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99213", 100m));
        var practice = ClaimsDesk.Practice with { PayToAddress = new Address("PO Box 4410", null, "Springfield", "IL", "627084410") };
        var coded = At(desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer("manual"))], "99213"), "11", practice: practice);
        await desk.PublishAsync(coded);

        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimInStatusAsync(Id(claim), "submitted", TimeSpan.FromSeconds(30));
        var x12 = await desk.Client.GetStringAsync($"/api/claims/{Id(claim)}/x12");
        Assert.Contains("N3*12 Main St~N4*Springfield*IL*627010000~REF*EI*371234567~NM1*87*2~N3*PO Box 4410~N4*Springfield*IL*627084410~", x12);
    }

    [Fact]
    public async Task After_the_secondary_pays_a_tertiary_claim_goes_out_with_both_earlier_payers_and_no_2430_for_a_claim_level_answer()
    {
        // X222A1 SBR01 T; 2320/2330B for each earlier payer; 2320 AMT*EAF the patient's remaining liability;
        // 2430 only for a payer that adjudicated lines (here the primary), none for the secondary that answered at claim level.
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99213", 100m));
        var primaryPayer = ClaimsDesk.Payer("manual");
        var secondPayer = ClaimsDesk.Payer("manual") with { Name = "Second Plan" };
        var thirdPayer = ClaimsDesk.Payer("manual") with { Name = "Third Plan" };
        var coded = desk.Encounter([ClaimsDesk.Coverage(primaryPayer), ClaimsDesk.Coverage(secondPayer, "secondary"), ClaimsDesk.Coverage(thirdPayer, "tertiary")], "99213");
        await desk.PublishAsync(coded);
        var primary = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimInStatusAsync(Id(primary), "submitted", TimeSpan.FromSeconds(30));

        await desk.PublishAsync(Posted(coded.TenantId, primary, primaryPayer, 60m, 100m, [new PostedAdjustment("CO", "45", 20m, 1), new PostedAdjustment("PR", "2", 20m, 1)], 20m,
            [new PostedLine(1, "99213", [], null, 100m, 60m, 20m, [])]));
        var secondary = await ClaimOfAsync(desk, coded.EncounterId, "secondary");
        await desk.ClaimInStatusAsync(Id(secondary), "submitted");
        var secondaryX12 = await desk.Client.GetStringAsync($"/api/claims/{Id(secondary)}/x12");
        Assert.Contains($"SVD*{primaryPayer.PayerId}*60*HC:99213**1~CAS*CO*45*20~CAS*PR*2*20~DTP*573*D8*", secondaryX12);
        Assert.Matches(@"DTP\*573\*D8\*\d{8}~AMT\*EAF\*20~", secondaryX12); // 2430 AMT*EAF: the primary's PR on the line
        Assert.DoesNotContain("AMT*EAF*20~OI", secondaryX12);               // and not again in 2320

        await desk.PublishAsync(Posted(coded.TenantId, secondary, secondPayer, 15m, 100m, [new PostedAdjustment("PR", "2", 5m, null)], 5m, []));
        var tertiary = await ClaimOfAsync(desk, coded.EncounterId, "tertiary");
        await desk.ClaimInStatusAsync(Id(tertiary), "submitted");
        var x12 = await desk.Client.GetStringAsync($"/api/claims/{Id(tertiary)}/x12");

        Assert.Contains($"SBR*T*18*GRP1******CI~", x12);
        Assert.Contains($"NM1*PR*2*Third Plan*****PI*{thirdPayer.PayerId}~", x12);
        Assert.Contains("SBR*P*18*GRP1******CI~AMT*D*60~OI***Y***Y~", x12); // the primary answered per line: CAS and EAF in its 2430
        Assert.Contains("SBR*S*18*GRP1******CI~CAS*PR*2*5~AMT*D*15~AMT*EAF*5~OI***Y***Y~", x12);
        Assert.Contains($"NM1*PR*2*Second Plan*****PI*{secondPayer.PayerId}~", x12);
        Assert.Contains($"SVD*{primaryPayer.PayerId}*60*", x12);
        Assert.DoesNotContain($"SVD*{secondPayer.PayerId}*", x12);
    }

    [Fact]
    public async Task Medicare_as_secondary_without_the_reason_it_is_not_primary_is_held()
    {
        // X222A1 2000B SBR05: required when the destination payer is Medicare and Medicare is not primary.
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await desk.SetFeesAsync(("99213", 100m));
        var primaryPayer = ClaimsDesk.Payer("manual");
        var medicare = ClaimsDesk.Payer("manual") with { Name = "Medicare Part B", ClaimFilingCode = "MB" };
        var coded = desk.Encounter([ClaimsDesk.Coverage(primaryPayer), ClaimsDesk.Coverage(medicare, "secondary")], "99213");
        await desk.PublishAsync(coded);
        var primary = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimInStatusAsync(Id(primary), "submitted", TimeSpan.FromSeconds(30));

        await desk.PublishAsync(Posted(coded.TenantId, primary, primaryPayer, 80m, 100m, [new PostedAdjustment("PR", "2", 20m, null)], 20m, []));
        var secondary = await ClaimOfAsync(desk, coded.EncounterId, "secondary");

        Assert.Equal("held", secondary.GetProperty("status").GetString());
        Assert.Contains("required.medicare-secondary-payer-type", Rules(secondary));
    }

    static async Task<JsonElement> ClaimOfAsync(ClaimsDesk desk, Guid encounterId, string responsibility) =>
        (JsonElement)await Eventually.Get(async () =>
        {
            var page = await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims?encounterId={encounterId}");
            return page.GetProperty("items").EnumerateArray().Where(c => c.GetProperty("responsibility").GetString() == responsibility).Select(c => (object)c).FirstOrDefault();
        }, TimeSpan.FromSeconds(20), $"the {responsibility} claim");

    static ClaimPaymentPosted Posted(Guid tenant, JsonElement claim, PayerInfo payer, decimal paid, decimal charge,
        IReadOnlyList<PostedAdjustment> adjustments, decimal patientResponsibility, IReadOnlyList<PostedLine> lines) =>
        new(tenant, Guid.CreateVersion7(), Guid.CreateVersion7(), Id(claim), Guid.Empty, claim.GetProperty("patientControlNumber").GetString()!,
            "ICN-" + Guid.NewGuid().ToString("N")[..6], "1", payer.PayerId, payer.Name, DateOnly.FromDateTime(DateTime.UtcNow), null, charge, paid, adjustments,
            new PatientResponsibility(0, patientResponsibility, 0, 0, 0), 0m, false, lines, [], DateTimeOffset.UtcNow);
}
