using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.PatientBilling.BillingHarness;

namespace RevenueCycle.EndToEnd.PatientBilling;

/// <summary>
/// A request that died between its commit and its answer left its Idempotency-Key "in progress", and every retry answered 409
/// forever. The first request's liveness is its advisory lock (released by PostgreSQL when its session ends); a payment commits its
/// answer with its ledger entry, so a retry is answered from what was committed and never posts twice.
/// </summary>
public sealed class An_idempotency_key_after_a_crash(PlatformFixture platform)
{
    [Fact]
    public async Task A_key_left_in_progress_by_a_dead_request_that_changed_nothing_runs_once_on_retry()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        var key = Guid.NewGuid().ToString();
        var body = Encoding.UTF8.GetBytes("""{"amount":25.00,"method":"card","reference":"AUTH-9"}""");
        var path = $"/api/patient-billing/accounts/{patient}/payments";

        // What a process killed before its commit leaves behind: the key taken, no answer, no ledger entry, no one running it.
        await using var db = platform.Database("patient_billing");
        await using (var connection = await db.OpenConnectionAsync(Ct))
            await connection.ExecuteAsync(
                "INSERT INTO idempotency_keys (tenant_id, key, method, path, request_hash) VALUES (@TenantId, @Key, 'POST', @Path, @Hash)",
                new { h.Tenant.TenantId, Key = key, Path = path, Hash = Convert.ToHexString(SHA256.HashData(body)) });

        var retry = await PostAsync(h, path, body, key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var again = await PostAsync(h, path, body, key);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        await h.AssertBalanceIsSumOfEntriesAsync(patient, -25.00m);
        Assert.Equal(1, await h.OutboxCountAsync("PatientPaymentReceived", patient));
    }

    [Fact]
    public async Task A_payment_committed_by_a_request_that_died_before_answering_is_answered_from_the_commit_not_posted_again()
    {
        await using var h = await StartAsync(platform);
        var patient = await h.PatientAsync();
        var key = "crash-" + Guid.NewGuid().ToString("N");
        var body = Encoding.UTF8.GetBytes("""{"amount":40.00,"method":"check","reference":"CHK-1001"}""");
        var path = $"/api/patient-billing/accounts/{patient}/payments";

        // The request commits its payment and then cannot record its answer (as if the process died there): recording it fails.
        await using var db = platform.Database("patient_billing");
        await using var connection = await db.OpenConnectionAsync(Ct);
        var trigger = "fail_answer_" + Guid.NewGuid().ToString("N")[..8];
        await connection.ExecuteAsync($"""
            CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the process died here'; END $$;
            CREATE TRIGGER {trigger} BEFORE UPDATE ON idempotency_keys FOR EACH ROW
              WHEN (NEW.key = '{key}' AND NEW.completed_at IS NOT NULL) EXECUTE FUNCTION {trigger}();
            """);
        try
        {
            var first = await PostAsync(h, path, body, key);
            Assert.NotEqual(HttpStatusCode.Created, first.StatusCode);
            Assert.Null(await connection.ExecuteScalarAsync<DateTimeOffset?>(
                "SELECT completed_at FROM idempotency_keys WHERE tenant_id = @TenantId AND key = @Key", new { h.Tenant.TenantId, Key = key }));

            var retry = await PostAsync(h, path, body, key);
            Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
            Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
            var answer = await retry.Content.ReadFromJsonAsync<JsonElement>(Ct);
            var entry = await connection.ExecuteScalarAsync<Guid>(
                "SELECT id FROM ledger_entries WHERE tenant_id = @TenantId AND patient_id = @patient AND kind = 'payment'", new { h.Tenant.TenantId, patient });
            Assert.Equal(entry, answer.GetProperty("id").GetGuid());
            await h.AssertBalanceIsSumOfEntriesAsync(patient, -40.00m);
            Assert.Equal(1, await h.OutboxCountAsync("PatientPaymentReceived", patient));
        }
        finally
        {
            await connection.ExecuteAsync($"DROP TRIGGER {trigger} ON idempotency_keys; DROP FUNCTION {trigger}();");
        }
    }

    static Task<HttpResponseMessage> PostAsync(BillingHarness h, string path, byte[] body, string key)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("Idempotency-Key", key);
        return h.Client.SendAsync(request, Ct);
    }
}
