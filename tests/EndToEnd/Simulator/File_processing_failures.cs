// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Simulator;

/// <summary>
/// A file the simulator took but cannot process (a fault of its own: here its database refuses the file's
/// 277CA) is not retried out of sight: <c>GET /simulator/received</c> shows its failed attempts, the error and
/// when the next attempt is due; files taken after it are processed meanwhile; once the fault is gone the file
/// is processed whole, once.
/// </summary>
public sealed class File_processing_failures(PlatformFixture platform)
{
    static StringContent Body(string x12) => new(x12, Encoding.UTF8, "application/edi-x12");

    [Fact]
    public async Task A_file_whose_processing_fails_shows_its_attempts_and_error_does_not_hold_up_the_next_and_is_processed_once_the_fault_is_gone()
    {
        using var simulator = platform.SimulatorOperator();
        var unlucky = "RCM" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var next = "RCM" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var payer = "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);
        var trigger = "refuse_" + unlucky.ToLowerInvariant();
        await using var db = platform.Database("clearinghouse_simulator");
        await using (var connection = await db.OpenConnectionAsync())
            await connection.ExecuteAsync(
                $"""
                CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.submitter_id = '{unlucky}' AND NEW.kind = '277CA' THEN RAISE EXCEPTION 'mailbox of {unlucky} is out of space'; END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER {trigger} BEFORE INSERT ON mailbox FOR EACH ROW EXECUTE FUNCTION {trigger}();
                """);
        try
        {
            var response = await platform.SimulatorSubmitter(unlucky).PostAsync($"/clearinghouse/{unlucky}/files",
                Body(X12Files.Claims(unlucky, 1, [new TestClaim("PCNUNLUCKY", payer, "M1", new Line("99213", 100m, date))])));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

            var failing = await ReceivedAsync(simulator, unlucky, f => f.GetProperty("processAttempts").GetInt32() >= 2, "failed attempts to show");
            Assert.False(failing.TryGetProperty("processedAt", out var processed) && processed.ValueKind != JsonValueKind.Null);
            Assert.Contains($"mailbox of {unlucky} is out of space", failing.GetProperty("lastError").GetString());
            Assert.True(failing.GetProperty("nextAttemptAt").GetDateTimeOffset() > failing.GetProperty("receivedAt").GetDateTimeOffset());

            // A file taken after it is processed all the same.
            Assert.Equal(HttpStatusCode.Accepted, (await platform.SimulatorSubmitter(next).PostAsync($"/clearinghouse/{next}/files",
                Body(X12Files.Claims(next, 1, [new TestClaim("PCNNEXT", payer, "M2", new Line("99213", 100m, date))])))).StatusCode);
            await ReceivedAsync(simulator, next, f => f.TryGetProperty("processedAt", out var at) && at.ValueKind == JsonValueKind.String, "the next file to be processed");
        }
        finally
        {
            await using var connection = await db.OpenConnectionAsync();
            await connection.ExecuteAsync($"DROP TRIGGER {trigger} ON mailbox; DROP FUNCTION {trigger}();");
        }

        // The fault gone, the next attempt processes the file: its 277CA is in the mailbox once, the error cleared.
        var done = await ReceivedAsync(simulator, unlucky, f => f.TryGetProperty("processedAt", out var at) && at.ValueKind == JsonValueKind.String,
            "the file to be processed once the fault is gone");
        Assert.True(done.GetProperty("processAttempts").GetInt32() >= 2);
        Assert.False(done.TryGetProperty("lastError", out var error) && error.ValueKind != JsonValueKind.Null);
        var mailbox = await platform.SimulatorSubmitter(unlucky).GetFromJsonAsync<JsonElement>($"/clearinghouse/{unlucky}/mailbox?kind=277CA");
        Assert.Single(mailbox.GetProperty("items").EnumerateArray());
    }

    static async Task<JsonElement> ReceivedAsync(HttpClient simulator, string submitter, Func<JsonElement, bool> condition, string what) =>
        (JsonElement)await Eventually.Get<object>(async () =>
        {
            var page = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/received?submitterId={submitter}");
            var file = Assert.Single(page.GetProperty("items").EnumerateArray());
            return condition(file) ? file : null;
        }, TimeSpan.FromSeconds(45), what);
}
