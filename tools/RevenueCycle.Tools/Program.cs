using RevenueCycle.Tools;

// rcm's companion: `demo` and `load` drive the platform through its public API, as a PM system would.
string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : Environment.GetEnvironmentVariable("RCM_" + name.ToUpperInvariant().Replace('-', '_')) ?? fallback;
}

var gateway = new Uri(Option("gateway", "http://127.0.0.1:5080/"));
var simulator = new Uri(Option("simulator", "http://127.0.0.1:5190/"));
var adminKey = Option("admin-key", "");
var simulatorKey = Option("simulator-key", ""); // the simulator operator's key: its payer and member settings need it
try
{
    return args.FirstOrDefault() switch
    {
        "demo" => await new Demo(gateway, simulator, simulatorKey, adminKey, Console.Out).RunAsync(),
        // The demo practice (its API key) seeded at scale: ./rcm up runs it on the practice's first start.
        "seed" => await new Seed(gateway, simulator, simulatorKey, Option("key", ""), new SeedOptions(
            int.Parse(Option("encounters", "200")), int.Parse(Option("days", "90")), int.Parse(Option("concurrency", "8")),
            TimeSpan.FromSeconds(int.Parse(Option("within", "300")))), Console.Out).RunAsync(),
        "bus-ceiling" => await BusCeiling.MeasureAsync(Option("rabbit-host", "127.0.0.1"), ushort.Parse(Option("rabbit-port", "5673")),
            Option("rabbit-vhost", "/"), int.Parse(Option("messages", "20000")), Console.Out) > 0 ? 0 : 1,
        "load" => await new Load(gateway, simulator, simulatorKey, adminKey, new LoadOptions(
            int.Parse(Option("encounters", "100")), int.Parse(Option("concurrency", "16")),
            Option("rabbit-host", "127.0.0.1"), ushort.Parse(Option("rabbit-port", "5673")), Option("rabbit-vhost", "/"), args.Contains("--events"),
            int.Parse(Option("practices", "1"))), Console.Out).RunAsync(),
        _ => Usage(),
    };
}
catch (ApiException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: RevenueCycle.Tools demo|load|seed [--encounters N] [--concurrency C] [--events (load)] [--practices P (load)] [--key PRACTICE-KEY (seed)] [--days D (seed)] [--within SECONDS (seed)] [--gateway URL] [--simulator URL] [--simulator-key KEY] [--admin-key KEY]");
    return 2;
}
