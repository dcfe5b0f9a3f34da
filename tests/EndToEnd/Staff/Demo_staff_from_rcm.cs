using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.ServiceDefaults.Auth;

namespace RevenueCycle.EndToEnd.Staff;

/// <summary><c>./rcm up</c> gives the demo practice an admin, a biller and a coder through the API, and writes them to <c>.rcm/demo-staff</c>.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class Demo_staff_from_rcm(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static async Task<string> Rcm(string state, PlatformFixture platform)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestEnvironment.Root, "rcm"), "demo-staff"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["RCM_STATE"] = state;
        start.Environment["RCM_GATEWAY_PORT"] = platform.Gateway.Port.ToString();
        start.Environment["RCM_ADMIN_KEY"] = platform.AdminKey;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"./rcm demo-staff exited {process.ExitCode}: {error}");
        return output;
    }

    [Fact]
    public async Task Rcm_writes_an_admin_a_biller_and_a_coder_who_sign_in_with_their_roles_to_a_file_only_its_owner_reads()
    {
        var state = Directory.CreateTempSubdirectory("rcm-state-").FullName;
        var printed = await Rcm(state, platform);
        var file = Path.Combine(state, "demo-staff");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var lines = (await File.ReadAllLinesAsync(file, Ct)).Where(l => l.Length > 0).Select(l => l.Split(' ')).ToList();
        Assert.Equal(new[] { Roles.Admin, Roles.Biller, Roles.Coder }, lines.Select(l => l[0]));
        var desk = new StaffDesk(platform.Gateway, (await File.ReadAllTextAsync(Path.Combine(state, "demo-key"), Ct)).Trim());
        foreach (var line in lines)
        {
            Assert.Equal(3, line.Length);
            Assert.Contains(line[2], printed);
            using var browser = desk.Browser();
            var session = await browser.SignedInAsync(line[1], line[2]);
            Assert.Equal(new[] { line[0] }, session.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        }

        // Run again (./rcm up a second time): the same users keep working, no duplicates are made.
        await Rcm(state, platform);
        var again = (await File.ReadAllLinesAsync(file, Ct)).Where(l => l.Length > 0).Select(l => l.Split(' ')).ToList();
        Assert.Equal(lines.Select(l => l[1]), again.Select(l => l[1]));
        using var admin = desk.Admin();
        var users = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/users", Ct);
        Assert.Equal(3, users.GetProperty("items").GetArrayLength());
        foreach (var line in again)
        {
            using var browser = desk.Browser();
            await browser.SignedInAsync(line[1], line[2]);
        }
        Directory.Delete(state, recursive: true);
    }
}
