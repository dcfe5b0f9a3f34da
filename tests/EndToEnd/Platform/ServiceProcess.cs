using System.Diagnostics;
using System.Text;
using System.Xml.Linq;

namespace RevenueCycle.EndToEnd.Platform;

/// <summary>One service of the platform, run from its build output as its own process.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process process;
    readonly StringBuilder log = new();

    public string Name { get; }
    public Uri BaseAddress { get; }

    ServiceProcess(string name, Uri baseAddress, Process process)
    {
        Name = name;
        BaseAddress = baseAddress;
        this.process = process;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Log { get { lock (log) return log.ToString(); } }

    public static ServiceProcess Start(string name, string projectDirectory, int port, IReadOnlyDictionary<string, string> environment)
    {
        var dir = Path.Combine(TestEnvironment.Root, projectDirectory);
        var project = Directory.GetFiles(dir, "*.csproj").Single();
        var assembly = XDocument.Load(project).Descendants("AssemblyName").Single().Value;
        var dll = Path.Combine(dir, "bin", TestEnvironment.Configuration, "net10.0", assembly + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is not built; run ./rcm test, which builds first.");

        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}");
        return new ServiceProcess(name, new Uri(url), process);
    }

    /// <summary>Until <paramref name="path"/> answers 2xx: readiness (database and broker), or <c>/health/live</c> for a process kept from its broker.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, string path = "/health/ready")
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited with {process.ExitCode}:\n{Log}");
            try
            {
                if ((await http.GetAsync(path)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Log}");
    }

    int disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
