namespace RevenueCycle.X12;

/// <summary>
/// The four delimiters of an interchange. They are not fixed by the standard: each interchange
/// declares them in its ISA (ISA fourth character, ISA11, ISA16 and the character after ISA16).
/// </summary>
public readonly record struct X12Separators(char Element, char Component, char Repetition, char Segment)
{
    /// <summary>The delimiters most trading partners use: <c>*</c>, <c>:</c>, <c>^</c>, <c>~</c>.</summary>
    public static X12Separators Default { get; } = new('*', ':', '^', '~');

    /// <summary>Throws <see cref="ArgumentException"/> when two delimiters coincide or one is a letter or digit.</summary>
    public void Validate()
    {
        ReadOnlySpan<char> all = [Element, Component, Repetition, Segment];
        for (var i = 0; i < all.Length; i++)
        {
            if (char.IsLetterOrDigit(all[i]) || all[i] == ' ')
                throw new ArgumentException($"'{all[i]}' cannot be an X12 delimiter: it can occur in data.");
            for (var j = i + 1; j < all.Length; j++)
                if (all[i] == all[j])
                    throw new ArgumentException($"The X12 delimiters must be distinct; '{all[i]}' is used twice.");
        }
    }

    internal bool IsDelimiter(char c) => c == Element || c == Component || c == Repetition || c == Segment;
}
