namespace RevenueCycle.X12;

public sealed record X12WriterOptions
{
    public static X12WriterOptions Default { get; } = new();

    public X12Separators Separators { get; init; } = X12Separators.Default;

    /// <summary>Written after each segment terminator for people reading the file ("\n" or "\r\n"); null for none.</summary>
    public string? LineBreak { get; init; }
}
