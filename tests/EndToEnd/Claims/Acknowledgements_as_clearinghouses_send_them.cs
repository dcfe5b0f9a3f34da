// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RevenueCycle.Contracts.Clearinghouse;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Claims;

/// <summary>
/// Acknowledgements in the shapes real clearinghouses and payers send, written here by hand (not by our writers) and delivered into
/// the tenant's mailbox at the clearinghouse, as its operator would.
/// </summary>
public sealed class Acknowledgements_as_clearinghouses_send_them(PlatformFixture platform)
{
    static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    HttpClient Simulator() => platform.SimulatorOperator();

    /// <summary>A payer's 277CA (X214) for one claim: information source, receiver, billing provider, patient with its STC.</summary>
    internal static string Payer277(string submitter, string payerId, string pcn, string stc, string? payerClaimNumber = null)
    {
        var control = Random.Shared.Next(100_000, 999_999_999);
        var today = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var rejected = stc.StartsWith("A3", StringComparison.Ordinal) || stc.StartsWith("A6", StringComparison.Ordinal) || stc.StartsWith("A7", StringComparison.Ordinal);
        string[] body =
        [
            "ST*277*0001*005010X214",
            $"BHT*0085*08*{control}*{today}*1530*TH",
            "HL*1**20*1",
            $"NM1*PR*2*GREAT LAKES HEALTH*****PI*{payerId}",
            $"TRN*1*{control}",
            $"DTP*050*D8*{today}",
            $"DTP*009*D8*{today}",
            "HL*2*1*21*1",
            $"NM1*41*2*RIVERSIDE FAMILY MEDICINE*****46*{submitter}",
            "TRN*2*0001",
            $"STC*A1:19:PR*{today}*WQ*120",
            rejected ? "QTY*AA*1" : "QTY*90*1",
            rejected ? "AMT*YY*120" : "AMT*YU*120",
            "HL*3*2*19*1",
            "NM1*85*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893",
            "HL*4*3*PT",
            "NM1*QC*1*DOE*JANE****MI*MEMBER01",
            $"TRN*2*{pcn}",
            $"STC*{stc}*{today}*{(rejected ? "U" : "WQ")}*120",
            .. payerClaimNumber is null ? Array.Empty<string>() : [$"REF*1K*{payerClaimNumber}"],
            $"DTP*472*D8*{today}",
        ];
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"ISA*00*          *00*          *ZZ*{payerId,-15}*ZZ*{submitter,-15}*{DateTime.UtcNow:yyMMdd}*1530*^*00501*{control:D9}*0*P*:~\n");
        text.Append(CultureInfo.InvariantCulture, $"GS*HN*{payerId}*{submitter}*{today}*1530*{control}*X*005010X214~\n");
        foreach (var s in body) text.Append(s).Append("~\n");
        text.Append(CultureInfo.InvariantCulture, $"SE*{body.Length + 1}*0001~\nGE*1*{control}~\nIEA*1*{control:D9}~\n");
        return text.ToString();
    }

    internal static async Task DeliverAsync(HttpClient simulator, string submitter, string kind, string x12)
    {
        var response = await simulator.PostAsync($"/simulator/mailboxes/{submitter}/{kind}", new StringContent(x12, Encoding.ASCII, "application/edi-x12"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    // X214: A1 is "received", not an acceptance; only the payer's A2 accepts, and a later A3/A6/A7/A8 rejects the claim until a
    // remittance for it arrives (DOMAIN: a later rejection overrides an earlier A1/A2).
    [Fact]
    public async Task A_receipt_accepts_nothing_and_the_payers_later_rejection_overrides_its_acceptance()
    {
        var tenant = await platform.NewTenantAsync();
        await using var desk = new ClaimsDesk(platform.Client(tenant.ApiKey), tenant.TenantId);
        using var simulator = Simulator();
        var payer = ClaimsDesk.Payer();
        // No 835 for an hour: the payer has not adjudicated the claim when its rejection comes.
        (await simulator.PutAsJsonAsync($"/simulator/payers/{payer.PayerId}", new { eraDelaySeconds = 3600 })).EnsureSuccessStatusCode();
        await desk.SetFeesAsync(("99213", 120m));
        var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        var accepted = await desk.ClaimInStatusAsync(Id(claim), "accepted", TimeSpan.FromSeconds(60));
        var pcn = accepted.GetProperty("patientControlNumber").GetString()!;
        var submitter = SubmitterIds.For(tenant.TenantId);

        await DeliverAsync(simulator, submitter, "277CA", Payer277(submitter, payer.PayerId, pcn, "A1:20:PR"));
        var received = await Eventually.Get(async () =>
        {
            var c = await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/{Id(claim)}");
            return c.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("detail").GetString()!.StartsWith("277CA A1", StringComparison.Ordinal)) ? (object)c : null;
        }, TimeSpan.FromSeconds(30), "the A1 to be recorded");
        Assert.Equal("accepted", ((JsonElement)received).GetProperty("status").GetString());

        await DeliverAsync(simulator, submitter, "277CA", Payer277(submitter, payer.PayerId, pcn, "A7:562:85"));
        var rejected = await desk.ClaimInStatusAsync(Id(claim), "rejected", TimeSpan.FromSeconds(30));
        var edit = Assert.Single(rejected.GetProperty("edits").EnumerateArray());
        Assert.Equal("277ca.rejected", edit.GetProperty("rule").GetString());
        Assert.Contains("A7:562:85", edit.GetProperty("message").GetString());
        Assert.Contains("after accepting it", edit.GetProperty("message").GetString());
    }

    // An acknowledgement the platform cannot read is never deleted unseen: it is kept, raw, with the segment at fault, for a person.
    [Fact]
    public async Task An_acknowledgement_that_cannot_be_read_is_kept_for_a_person_and_resolved_with_a_note()
    {
        var tenant = await platform.NewTenantAsync();
        await using var desk = new ClaimsDesk(platform.Client(tenant.ApiKey), tenant.TenantId);
        using var simulator = Simulator();
        var payer = ClaimsDesk.Payer();
        await desk.SetFeesAsync(("99213", 120m));
        var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimThroughAsync(Id(claim), "submitted", TimeSpan.FromSeconds(60));
        var submitter = SubmitterIds.For(tenant.TenantId);

        // A 999 whose IK5 and AK9 carry a code outside X231A1's list (A, E, R, P, M, W, X).
        var today = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var broken =
            $"ISA*00*          *00*          *ZZ*{"CLEARINGHOUSE",-15}*ZZ*{submitter,-15}*{DateTime.UtcNow:yyMMdd}*1530*^*00501*000000777*0*P*:~\n" +
            $"GS*FA*CLEARINGHOUSE*{submitter}*{today}*1530*777*X*005010X231A1~\n" +
            "ST*999*0001*005010X231A1~\nAK1*HC*1*005010X222A1~\nAK2*837*0001*005010X222A1~\nIK5*Z~\nAK9*Z*1*1*0~\nSE*6*0001~\n" +
            "GE*1*777~\nIEA*1*000000777~\n";
        await DeliverAsync(simulator, submitter, "999", broken);

        var exception = (JsonElement)await Eventually.Get(async () =>
        {
            var page = await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/acknowledgements/exceptions");
            return page.GetProperty("items").EnumerateArray().Select(e => (object)e).FirstOrDefault();
        }, TimeSpan.FromSeconds(30), "the unreadable 999 to be kept");
        Assert.Equal(("999", "open"), (exception.GetProperty("kind").GetString(), exception.GetProperty("status").GetString()));
        Assert.Equal(broken, exception.GetProperty("x12").GetString());
        Assert.False(string.IsNullOrEmpty(exception.GetProperty("error").GetString()));

        var noNote = await desk.Client.PostAsJsonAsync($"/api/claims/acknowledgements/exceptions/{Id(exception)}/resolve", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Contains("note", await noNote.Content.ReadAsStringAsync());
        var resolved = await desk.Client.PostAsJsonAsync($"/api/claims/acknowledgements/exceptions/{Id(exception)}/resolve", new { note = "Asked the clearinghouse to resend" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await desk.Client.PostAsJsonAsync($"/api/claims/acknowledgements/exceptions/{Id(exception)}/resolve", new { note = "again" })).StatusCode);
        Assert.Empty((await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/acknowledgements/exceptions")).GetProperty("items").EnumerateArray());
        Assert.Single((await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/acknowledgements/exceptions?status=all")).GetProperty("items").EnumerateArray());
    }
}
