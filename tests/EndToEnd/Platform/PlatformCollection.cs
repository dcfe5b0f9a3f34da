[assembly: AssemblyFixture(typeof(RevenueCycle.EndToEnd.Platform.PlatformFixture))]
[assembly: CaptureConsole]
