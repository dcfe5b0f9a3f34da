namespace RevenueCycle.Coding.CodeSets;

/// <summary>A code-set file line that cannot be read; nothing from the file is imported.</summary>
public sealed class CodeSetFormatException : Exception
{
    public CodeSetFormatException(string source, long lineNumber, string reason)
        : base($"{source} line {lineNumber}: {reason}")
    {
        Source = source;
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>The file (or stream) name the line came from.</summary>
    public new string Source { get; }

    /// <summary>1-based line number of the broken line.</summary>
    public long LineNumber { get; }

    public string Reason { get; }
}
