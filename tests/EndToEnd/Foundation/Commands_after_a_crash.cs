using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using RevenueCycle.EndToEnd.Claims;
using RevenueCycle.EndToEnd.Payments;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// A client that sent a POST with an <c>Idempotency-Key</c> and lost the answer (the service died between its commit and its reply)
/// retries with the same key. Every command commits its answer with its change, so the retry gets the first answer (201 with the
/// same id, 200 with the same body) — never a second encounter, nor a 409 "already voided" for the void the client itself made.
/// (IETF draft-ietf-httpapi-idempotency-key-header §2.6: a retried request with the same key returns the result of the first.)
/// </summary>
public sealed class Commands_after_a_crash(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static HttpRequestMessage Keyed(string path, HttpContent content, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    static string NewKey() => "crash-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task An_encounter_made_by_a_request_that_died_before_answering_is_answered_from_the_commit_not_made_twice()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var desk = new FrontDesk(client);
        var patient = await desk.AddPatientAsync();
        var provider = await desk.AddProviderAsync();
        var body = new { patientId = patient, providerId = provider, dateOfService = DateTime.UtcNow.ToString("yyyy-MM-dd"), placeOfService = "11" };
        var key = NewKey();

        await using var db = platform.Database("registration");
        HttpResponseMessage first;
        await using (await LostAnswer.ArmAsync(db, key))
            first = await client.SendAsync(Keyed("/api/encounters", JsonContent.Create(body), key), Ct);
        Assert.True((int)first.StatusCode >= 500, $"the first request was to die before answering; it answered {(int)first.StatusCode}");

        var retry = await client.SendAsync(Keyed("/api/encounters", JsonContent.Create(body), key), Ct);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        var id = (await retry.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/encounters/{id}", retry.Headers.Location?.OriginalString);

        await using var connection = await db.OpenConnectionAsync(Ct);
        var encounters = (await connection.QueryAsync<Guid>("SELECT id FROM encounters WHERE tenant_id = @TenantId AND patient_id = @patient",
            new { tenant.TenantId, patient })).ToList();
        Assert.Equal(id, Assert.Single(encounters));
    }

    [Fact]
    public async Task A_void_made_by_a_request_that_died_before_answering_is_answered_as_it_was_not_refused_as_already_voided()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        var coded = desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer("manual"))], "99499"); // no fee: the claim is held, not yet sent
        await desk.PublishAsync(coded);
        var claimId = (await desk.ClaimForEncounterAsync(coded.EncounterId)).GetProperty("id").GetGuid();
        await desk.ClaimInStatusAsync(claimId, "held");
        var key = NewKey();

        await using var db = platform.Database("claims");
        HttpResponseMessage first;
        await using (await LostAnswer.ArmAsync(db, key))
            first = await desk.Client.SendAsync(Keyed($"/api/claims/{claimId}/void", new StringContent(""), key), Ct);
        Assert.True((int)first.StatusCode >= 500, $"the first request was to die before answering; it answered {(int)first.StatusCode}");
        Assert.Equal("voided", (await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/{claimId}", Ct)).GetProperty("status").GetString());

        var retry = await desk.Client.SendAsync(Keyed($"/api/claims/{claimId}/void", new StringContent(""), key), Ct);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(claimId, (await retry.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid());
        // Without the key, the same void again is what it is: a claim already voided.
        Assert.Equal(HttpStatusCode.Conflict, (await desk.Client.PostAsync($"/api/claims/{claimId}/void", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_deposit_file_taken_by_a_request_that_died_before_answering_is_answered_with_its_new_deposits_not_as_duplicates()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var key = NewKey();
        HttpContent File() => new StringContent(DepositFiles.TwoCreditsCsv, Encoding.ASCII, "text/csv");

        await using var db = platform.Database("payments");
        HttpResponseMessage first;
        await using (await LostAnswer.ArmAsync(db, key))
            first = await payments.Client.SendAsync(Keyed("/api/payments/deposits", File(), key), Ct);
        Assert.True((int)first.StatusCode >= 500, $"the first request was to die before answering; it answered {(int)first.StatusCode}");

        var retry = await payments.Client.SendAsync(Keyed("/api/payments/deposits", File(), key), Ct);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        var upload = await retry.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, upload.GetProperty("created").GetInt32());
        Assert.All(upload.GetProperty("deposits").EnumerateArray(), d => Assert.False(d.GetProperty("duplicate").GetBoolean()));
        await using var connection = await db.OpenConnectionAsync(Ct);
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM deposits WHERE tenant_id = @TenantId", new { payments.Tenant.TenantId }));
    }
}
