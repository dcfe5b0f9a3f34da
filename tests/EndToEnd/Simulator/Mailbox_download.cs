// The simulator answers in milliseconds; each call is bounded by its HttpClient timeout or the polling deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.ServiceDefaults.Clearinghouse;

namespace RevenueCycle.EndToEnd.Simulator;

/// <summary>The shared client's streamed mailbox download, which Payments uses to collect 835s without holding them whole.</summary>
public sealed class Mailbox_download(PlatformFixture platform)
{
    readonly string submitter = "RCM" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
    readonly string payer = "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    ClearinghouseClient Client() => platform.ClearinghouseClient();

    [Fact]
    public async Task A_streamed_download_reads_the_same_bytes_as_the_text_and_a_consumer_failure_is_the_callers()
    {
        using var http = platform.SimulatorOperator();
        using var submitterHttp = platform.SimulatorSubmitter(submitter);
        (await http.PutAsJsonAsync($"/simulator/payers/{payer}", new { allowedPercent = 80m })).EnsureSuccessStatusCode();
        var dos = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);
        var sent = await submitterHttp.PostAsync($"/clearinghouse/{submitter}/files", new StringContent(
            X12Files.Claims(submitter, Random.Shared.Next(1000, 900_000_000), [new TestClaim("STREAM1", payer, "M1", new Line("99213", 100m, dos))]),
            Encoding.UTF8, "application/edi-x12"));
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        var client = Client();
        MailboxItem? remittance = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); remittance is null && DateTime.UtcNow < deadline; await Task.Delay(200))
            remittance = (await client.ListMailboxAsync(submitter, MailboxKinds.Remittance)).Value?.FirstOrDefault();
        Assert.NotNull(remittance);

        var text = await client.GetFileAsync(submitter, remittance.Id);
        var streamed = await client.GetFileAsync(submitter, remittance.Id, async (body, ct) =>
        {
            using var copy = new MemoryStream();
            await body.CopyToAsync(copy, ct);
            return copy.ToArray();
        });
        Assert.True(streamed.Succeeded, streamed.ToString());
        Assert.StartsWith("ISA", text.Value);
        Assert.Equal(Encoding.UTF8.GetBytes(text.Value!), streamed.Value);

        // What the consumer throws is not a clearinghouse failure to swallow: the caller sees it and nothing is deleted.
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            client.GetFileAsync<int>(submitter, remittance.Id, (_, _) => throw new InvalidOperationException("store failed")));
        Assert.Contains((await client.ListMailboxAsync(submitter, MailboxKinds.Remittance)).Value!, i => i.Id == remittance.Id);

        var missing = await client.GetFileAsync(submitter, Guid.CreateVersion7(), (_, _) => Task.FromResult(0));
        Assert.False(missing.Succeeded);
    }
}
