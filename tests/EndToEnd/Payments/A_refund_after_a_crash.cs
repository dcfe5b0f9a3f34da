using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Payments;

/// <summary>
/// A refund to a payer is money going out: a retry with the same Idempotency-Key after the process died between the refund's commit
/// and its answer must be answered from what was committed, never refund again (a partial refund would still fit the credit left).
/// </summary>
public sealed class A_refund_after_a_crash(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_refund_committed_by_a_request_that_died_before_answering_is_answered_from_the_commit_not_refunded_again()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, [("99213", 100m, [])]);
        Clp Paid(string icn) => new(pcn, 1, 100m, 70m, [new Svc("99213", 100m, 70m, [new Cas("CO", "45", 20m), new Cas("PR", "2", 10m)])], PayerClaimNumber: icn);
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK1" + pcn, [Paid("ICN-1")]));
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK2" + pcn, [Paid("ICN-1B")]));
        Assert.Equal(70m, (await payments.AssertBalancedAsync(claim.ClaimId)).GetProperty("creditBalance").GetDecimal());

        var key = "refund-crash-" + Guid.NewGuid().ToString("N");
        await using var db = platform.Database("payments");
        await using var connection = await db.OpenConnectionAsync(Ct);
        // The refund commits, then its final answer cannot be recorded (as if the process died there).
        HttpResponseMessage first;
        await using (await LostAnswer.ArmAsync(db, key))
            first = await RefundAsync(payments, claim.ClaimId, key);
        Assert.NotEqual(HttpStatusCode.Created, first.StatusCode);

        var retry = await RefundAsync(payments, claim.ClaimId, key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        var answer = await retry.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(40m, answer.GetProperty("creditBalance").GetDecimal());
        var refunds = (await connection.QueryAsync<Guid>("SELECT id FROM payer_refunds WHERE tenant_id = @TenantId AND claim_id = @ClaimId",
            new { payments.Tenant.TenantId, claim.ClaimId })).ToList();
        Assert.Equal(answer.GetProperty("id").GetGuid(), Assert.Single(refunds));
        var ledger = await payments.AssertBalancedAsync(claim.ClaimId);
        Assert.Equal((110m, 40m), (ledger.GetProperty("insurancePaid").GetDecimal(), ledger.GetProperty("creditBalance").GetDecimal()));
    }

    static Task<HttpResponseMessage> RefundAsync(PaymentsDriver payments, Guid claimId, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/payments/credit-balances/{claimId}/refunds")
        {
            Content = JsonContent.Create(new { amount = 30m, reference = "REFUND-CRASH" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return payments.Client.SendAsync(request, Ct);
    }
}
