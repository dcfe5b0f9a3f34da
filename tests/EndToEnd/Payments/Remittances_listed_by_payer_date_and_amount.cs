// Every call here is bounded by the HttpClient timeout.
#pragma warning disable xUnit1051
using System.Net;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Payments;

/// <summary>
/// The remittance list a biller works from (the portal's Remittances tab): filtered by payer, trace (TRN02), payment date (BPR16) and
/// amount (BPR02), sorted, paged by (sort key, id); bad input is a 400 naming its field.
/// </summary>
public sealed class Remittances_listed_by_payer_date_and_amount(PlatformFixture platform)
{
    static async Task<JsonElement> Get(PaymentsDriver payments, string query, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await payments.Client.GetAsync("/api/remittances" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {query}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    static List<string> Traces(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("traceNumber").GetString()!)];

    [Fact]
    public async Task Remittances_are_filtered_by_payer_trace_date_and_amount_and_sorted_by_amount_across_pages()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var (acme, blue, blueLater) = ("EFT" + PaymentsDriver.Pcn(), "EFT" + PaymentsDriver.Pcn(), "EFT" + PaymentsDriver.Pcn());
        Clp Unknown(decimal paid) => new(PaymentsDriver.Pcn(), 1, 200m, paid, [new Svc("99213", 200m, paid, [new Cas("CO", "45", 200m - paid)])]);
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), acme, [Unknown(70m)], paymentDate: "20261101"));
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), blue, [Unknown(120m)],
            payerName: "BLUE PLAN", payerId: "BLUE01", payerTaxId: "1999999999", paymentDate: "20261110"));
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), blueLater, [Unknown(95.5m)],
            payerName: "BLUE PLAN", payerId: "BLUE01", payerTaxId: "1999999999", paymentDate: "20261120"));

        Assert.Equal([blueLater, blue, acme], Traces(await Get(payments, ""))); // newest first
        Assert.Equal([blueLater, blue], Traces(await Get(payments, "?payer=blue")));
        Assert.Equal([blue], Traces(await Get(payments, $"?trace={blue}")));
        Assert.Equal([blue], Traces(await Get(payments, "?from=2026-11-05&to=2026-11-15")));
        Assert.Equal([blueLater, acme], Traces(await Get(payments, "?maxAmount=100&sort=-paymentDate")));

        // Largest payment first, one to a page: the cursor carries the sort and reaches every remittance once.
        var seen = new List<string>();
        var cursor = "";
        do
        {
            var page = await Get(payments, $"?sort=-amount&limit=1{cursor}");
            seen.AddRange(Traces(page));
            cursor = page.GetProperty("nextCursor").GetString() is { } next ? "&cursor=" + Uri.EscapeDataString(next) : "";
        } while (cursor.Length > 0);
        Assert.Equal([blue, blueLater, acme], seen);

        foreach (var (query, field) in new[] { ("?sort=payer", "sort"), ("?from=11/01/2026", "from"), ("?from=2026-11-20&to=2026-11-01", "to"),
                     ("?minAmount=100&maxAmount=50", "maxAmount"), ("?limit=0", "limit") })
            Assert.True((await Get(payments, query, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty(field, out _), $"{query} names {field}");
    }
}
