// Every wait here is Playwright's own (bounded by its timeouts) or an Eventually deadline.
#pragma warning disable xUnit1051
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.EndToEnd.Staff;

namespace RevenueCycle.EndToEnd.Portal;

/// <summary>
/// Debian's chromium (by its path: no browser download works here) driven by Playwright for .NET, against the portal the real
/// gateway serves at <c>/</c>. One browser per test class; each test gets its own context (its own cookies), its own
/// practice and staff users, and leaves a screenshot of its last screen in <c>TestResults/portal/</c>.
/// </summary>
public sealed class PortalBrowser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    IPlaywright? playwright;
    IBrowser? browser;

    public static string Screenshots { get; } = Path.Combine(TestEnvironment.Root, "TestResults", "portal");

    public async ValueTask InitializeAsync()
    {
        // Generous: on a loaded 2-core machine a sign-in (an iterated KDF) or an event reaching a read model takes seconds; an
        // expectation still ends the moment it holds.
        Assertions.SetDefaultExpectTimeout(30_000);
        if (!File.Exists(Chromium)) return; // each test says so (Skip) rather than failing the class
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            // The machine's network is closed: without these, chromium's background connections are refused many at a time.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task<IPage> NewPageAsync(Uri gateway)
    {
        if (browser is null) Assert.Skip($"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium).");
        var context = await browser.NewContextAsync(new() { BaseURL = gateway.ToString().TrimEnd('/'), ViewportSize = new() { Width = 1400, Height = 1000 } });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in screen as a user would, and waits for the portal's navigation.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = StaffDesk.Password)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The password hash (PBKDF2, 600,000 iterations) takes seconds on a machine shared by several test runs.
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
    }

    /// <summary>Saves the screen as <c>TestResults/portal/&lt;name&gt;.png</c> (a test artifact to look at).</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        var path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(name + ".png", await File.ReadAllBytesAsync(path), "image/png");
        return path;
    }

    /// <summary>An axe-core scan of the screen as it is: no serious or critical violation (WCAG 2.1 A and AA rules).</summary>
    public static async Task AssertAccessibleAsync(IPage page, string screen)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{screen}: " + string.Join("; ", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target?.ToString() ?? "")))}")));
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }
}
