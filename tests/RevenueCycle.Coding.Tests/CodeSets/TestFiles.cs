namespace RevenueCycle.Coding.Tests.CodeSets;

internal static class TestFiles
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static StreamReader Open(string name) => new(Path(name));

    public static string Text(string name) => File.ReadAllText(Path(name));

    /// <summary>The file with its <paramref name="lineNumber"/>-th line (1-based) replaced.</summary>
    public static StringReader WithLine(string name, int lineNumber, string replacement)
    {
        var lines = File.ReadAllLines(Path(name));
        lines[lineNumber - 1] = replacement;
        return new StringReader(string.Join("\r\n", lines) + "\r\n");
    }
}
