// The simulator answers in milliseconds; each call is bounded by its HttpClient timeout or the polling deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Simulator;

/// <summary>
/// What a real clearinghouse enforces (docs/clearinghouse.md, "Credentials"): each submitter (practice) signs in with its id and
/// secret and sees and collects only its own files; what changes behaviour for every submitter needs the operator's key.
/// HIPAA §164.312(a)(1) (access control: access only for those granted it) and §164.312(d) (person or entity authentication): the
/// 837s hold subscribers' PHI.
/// </summary>
public sealed class Submitter_credentials(PlatformFixture platform)
{
    readonly string a = NewSubmitter();
    readonly string b = NewSubmitter();
    readonly string payer = "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    static string NewSubmitter() => "RCM" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    HttpClient Anonymous() => new() { BaseAddress = platform.ServiceAddresses["clearinghouse_simulator"], Timeout = TimeSpan.FromSeconds(30) };

    static StringContent X12(string x12) => new(x12, Encoding.UTF8, "application/edi-x12");

    string File(string submitter) =>
        X12Files.Claims(submitter, Random.Shared.Next(1000, 900_000_000),
            [new TestClaim("PCN" + submitter[^6..], payer, "M" + submitter[^4..], new Line("99213", 100m, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3)))]);

    /// <summary>RFC 9110 §11.6.1: a 401 names the scheme to use; the body is problem details (RFC 9457) saying what to send.</summary>
    static async Task AssertUnauthorized(HttpResponseMessage response, string scheme, string what)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.StartsWith(scheme, response.Headers.WwwAuthenticate.ToString());
    }

    static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        Assert.True(response.StatusCode == status, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_credentials_or_with_wrong_ones_the_received_files_mailboxes_and_settings_answer_401_and_nothing_changes()
    {
        using var sender = platform.SimulatorSubmitter(a);
        Assert.Equal(HttpStatusCode.Accepted, (await sender.PostAsync($"/clearinghouse/{a}/files", X12(File(a)))).StatusCode);
        var mailbox = await sender.GetFromJsonAsync<JsonElement>($"/clearinghouse/{a}/mailbox");
        var fileId = mailbox.GetProperty("items")[0].GetProperty("id").GetGuid();

        using var wrongSecret = Anonymous();
        wrongSecret.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{a}:not-the-secret")));
        using var otherSubmittersSecret = Anonymous(); // b's valid secret presented under a's id
        otherSubmittersSecret.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{a}:{RevenueCycle.ServiceDefaults.Clearinghouse.SubmitterCredentials.Derive(platform.SubmitterKey, b)}")));
        using var notBase64 = Anonymous();
        notBase64.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic %%%not-base64");
        using var wrongOperatorKey = Anonymous();
        wrongOperatorKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", platform.SimulatorOperatorKey + "x");

        foreach (var (client, name) in new[] { (Anonymous(), "no credentials"), (wrongSecret, "a wrong secret"), (otherSubmittersSecret, "another submitter's secret"), (notBase64, "a Basic header that is not base64") })
        {
            await AssertUnauthorized(await client.GetAsync("/simulator/received"), "Bearer", $"received, {name}");
            await AssertUnauthorized(await client.GetAsync($"/clearinghouse/{a}/mailbox"), "Basic", $"mailbox, {name}");
            await AssertUnauthorized(await client.GetAsync($"/clearinghouse/{a}/mailbox/{fileId}"), "Basic", $"mailbox file, {name}");
            await AssertUnauthorized(await client.DeleteAsync($"/clearinghouse/{a}/mailbox/{fileId}"), "Basic", $"mailbox delete, {name}");
            await AssertUnauthorized(await client.PostAsync($"/clearinghouse/{a}/files", X12(File(a))), "Basic", $"file, {name}");
        }
        foreach (var (client, name) in new[] { (Anonymous(), "no credentials"), (wrongOperatorKey, "a wrong operator key") })
        {
            await AssertUnauthorized(await client.PutAsJsonAsync($"/simulator/payers/{payer}", new { allowedPercent = 5m }), "Bearer", $"payer settings, {name}");
            await AssertUnauthorized(await client.GetAsync($"/simulator/payers/{payer}"), "Bearer", $"payer settings read, {name}");
            await AssertUnauthorized(await client.PutAsJsonAsync($"/simulator/payers/{payer}/members/M1", new { active = false }), "Bearer", $"member, {name}");
            await AssertUnauthorized(await client.PostAsync($"/simulator/mailboxes/{a}/999", X12("ISA*forged~")), "Bearer", $"mailbox delivery, {name}");
        }

        using var @operator = platform.SimulatorOperator();
        Assert.Equal(80m, (await @operator.GetFromJsonAsync<JsonElement>($"/simulator/payers/{payer}")).GetProperty("allowedPercent").GetDecimal());
        Assert.False((await @operator.GetFromJsonAsync<JsonElement>($"/simulator/payers/{payer}/members/M1")).GetProperty("configured").GetBoolean());
        // The 999 was not collected by the refused DELETEs (the file's 277CA and 835 may have joined it by now).
        var still = await sender.GetFromJsonAsync<JsonElement>($"/clearinghouse/{a}/mailbox");
        Assert.Contains(fileId, still.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        var received = await @operator.GetFromJsonAsync<JsonElement>($"/simulator/received?submitterId={a}");
        Assert.Single(received.GetProperty("items").EnumerateArray()); // the refused POSTs took no file
    }

    [Fact]
    public async Task A_submitter_sees_and_collects_only_its_own_files_and_another_submitters_are_404()
    {
        using var asA = platform.SimulatorSubmitter(a);
        using var asB = platform.SimulatorSubmitter(b);
        var fileA = (await (await asA.PostAsync($"/clearinghouse/{a}/files", X12(File(a)))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileId").GetGuid();
        var fileB = (await (await asB.PostAsync($"/clearinghouse/{b}/files", X12(File(b)))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileId").GetGuid();
        var mailboxB = await asB.GetFromJsonAsync<JsonElement>($"/clearinghouse/{b}/mailbox?kind=999");
        var ackB = mailboxB.GetProperty("items")[0].GetProperty("id").GetGuid();

        // received: A's own file only, whatever A asks for.
        var seen = await asA.GetFromJsonAsync<JsonElement>("/simulator/received?limit=500");
        Assert.Equal([fileA], seen.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetGuid()));
        Assert.All(seen.GetProperty("items").EnumerateArray(), f => Assert.Equal(a, f.GetProperty("submitterId").GetString()));
        Assert.Empty((await asA.GetFromJsonAsync<JsonElement>($"/simulator/received?submitterId={b}")).GetProperty("items").EnumerateArray());
        Assert.StartsWith("ISA", await asA.GetStringAsync($"/simulator/received/{fileA}"));
        // RFC 9110 §15.5.4: a server may answer 404 instead of 403 to hide that a resource exists.
        await AssertProblem(await asA.GetAsync($"/simulator/received/{fileB}"), HttpStatusCode.NotFound, "B's 837 through A");

        // B's mailbox, by B's path or by B's file id under A's path: 404, and B's file stays to be collected.
        await AssertProblem(await asA.GetAsync($"/clearinghouse/{b}/mailbox"), HttpStatusCode.NotFound, "B's mailbox through A");
        await AssertProblem(await asA.GetAsync($"/clearinghouse/{b}/mailbox/{ackB}"), HttpStatusCode.NotFound, "B's 999 by B's path through A");
        await AssertProblem(await asA.GetAsync($"/clearinghouse/{a}/mailbox/{ackB}"), HttpStatusCode.NotFound, "B's 999 by A's path");
        await AssertProblem(await asA.DeleteAsync($"/clearinghouse/{b}/mailbox/{ackB}"), HttpStatusCode.NotFound, "collecting B's 999 by B's path through A");
        await AssertProblem(await asA.PostAsync($"/clearinghouse/{b}/files", X12(File(b))), HttpStatusCode.NotFound, "a file into B's account through A");
        await asA.DeleteAsync($"/clearinghouse/{a}/mailbox/{ackB}"); // 204 as for any id not (or no longer) in A's mailbox
        Assert.DoesNotContain((await asA.GetFromJsonAsync<JsonElement>($"/clearinghouse/{a}/mailbox")).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetGuid() == ackB);
        Assert.Contains((await asB.GetFromJsonAsync<JsonElement>($"/clearinghouse/{b}/mailbox")).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetGuid() == ackB);
        Assert.StartsWith("ISA", await asB.GetStringAsync($"/clearinghouse/{b}/mailbox/{ackB}"));

        // The operator sees both submitters' files.
        using var @operator = platform.SimulatorOperator();
        var all = (await @operator.GetFromJsonAsync<JsonElement>("/simulator/received?limit=500")).GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(fileA, all);
        Assert.Contains(fileB, all);
    }

    [Fact]
    public async Task A_submitters_credentials_cannot_change_payer_settings_or_deliver_files_while_the_operator_key_can()
    {
        using var asA = platform.SimulatorSubmitter(a);
        await AssertProblem(await asA.PutAsJsonAsync($"/simulator/payers/{payer}", new { allowedPercent = 5m }), HttpStatusCode.Forbidden, "payer settings as a submitter");
        await AssertProblem(await asA.GetAsync($"/simulator/payers/{payer}"), HttpStatusCode.Forbidden, "payer settings read as a submitter");
        await AssertProblem(await asA.PutAsJsonAsync($"/simulator/payers/{payer}/members/M1", new { active = false }), HttpStatusCode.Forbidden, "member as a submitter");
        await AssertProblem(await asA.PostAsync($"/simulator/mailboxes/{a}/999", X12("ISA*forged~")), HttpStatusCode.Forbidden, "mailbox delivery as a submitter");
        Assert.Empty((await asA.GetFromJsonAsync<JsonElement>($"/clearinghouse/{a}/mailbox")).GetProperty("items").EnumerateArray());

        using var @operator = platform.SimulatorOperator();
        Assert.Equal(80m, (await @operator.GetFromJsonAsync<JsonElement>($"/simulator/payers/{payer}")).GetProperty("allowedPercent").GetDecimal());
        (await @operator.PutAsJsonAsync($"/simulator/payers/{payer}", new { allowedPercent = 55m })).EnsureSuccessStatusCode();
        Assert.Equal(55m, (await @operator.GetFromJsonAsync<JsonElement>($"/simulator/payers/{payer}")).GetProperty("allowedPercent").GetDecimal());
        Assert.Equal(HttpStatusCode.Created, (await @operator.PostAsync($"/simulator/mailboxes/{a}/999", X12("ISA*delivered~"))).StatusCode);
        Assert.Single((await asA.GetFromJsonAsync<JsonElement>($"/clearinghouse/{a}/mailbox")).GetProperty("items").EnumerateArray());

        // The operator's key is not a submitter's account: it sends and collects nothing as one.
        await AssertProblem(await @operator.GetAsync($"/clearinghouse/{a}/mailbox"), HttpStatusCode.Forbidden, "a mailbox with the operator key");
    }
}
