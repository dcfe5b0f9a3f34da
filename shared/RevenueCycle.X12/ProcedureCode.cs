namespace RevenueCycle.X12;

/// <summary>
/// A composite procedure identifier (SV101 in the 837P, SVC01/SVC06 in the 835, SVD03): qualifier,
/// code and up to four modifiers.
/// </summary>
public sealed record ProcedureCode
{
    public const int MaxModifiers = 4; // C003-03..C003-06
    public const string Hcpcs = "HC";  // CPT/HCPCS

    public string Qualifier { get; init; } = Hcpcs;
    public required string Code { get; init; }
    public ValueList<string> Modifiers { get; init; } = [];

    /// <summary>C003-07, the procedure's description when the code is not specific (e.g. unlisted procedures).</summary>
    public string? Description { get; init; }

    public static ProcedureCode Cpt(string code, params string[] modifiers) => new() { Code = code, Modifiers = modifiers.ToValueList() };

    internal static ProcedureCode Read(in X12Segment segment, int element, StringCache cache)
    {
        var composite = segment.Element(element);
        ReadOnlySpan<char> qualifier = default, code = default, description = default;
        // Modifiers are collected on the stack and copied once into the list's exact-size array.
        Span<int> modifierStarts = stackalloc int[MaxModifiers];
        Span<int> modifierLengths = stackalloc int[MaxModifiers];
        var modifierCount = 0;
        var component = 0;
        var start = 0;
        foreach (var value in segment.Components(element))
        {
            switch (++component)
            {
                case 1: qualifier = value; break;
                case 2: code = value; break;
                case <= 2 + MaxModifiers when !value.IsEmpty:
                    modifierStarts[modifierCount] = start;
                    modifierLengths[modifierCount++] = value.Length;
                    break;
                case 3 + MaxModifiers: description = value; break;
            }
            start += value.Length + 1;
        }
        if (code.IsEmpty)
            throw segment.Error(element, $"'{composite}' has no procedure code (qualifier:code:modifiers)");
        var modifiers = ValueList<string>.Empty;
        if (modifierCount > 0)
        {
            var items = new string[modifierCount];
            for (var i = 0; i < modifierCount; i++)
                items[i] = cache.Get(composite.Slice(modifierStarts[i], modifierLengths[i]));
            modifiers = new ValueList<string>(items);
        }
        return new ProcedureCode
        {
            Qualifier = cache.Get(qualifier),
            Code = cache.Get(code),
            Modifiers = modifiers,
            Description = description.IsEmpty ? null : new string(description),
        };
    }

    internal void Write(X12Writer x12)
    {
        if (Modifiers.Count > MaxModifiers)
            throw new ArgumentException($"Procedure {Code} has {Modifiers.Count} modifiers; X12 carries at most {MaxModifiers}.");
        x12.Composite(Qualifier, Code, Modifier(0), Modifier(1), Modifier(2), Modifier(3), Description);
    }

    private string? Modifier(int index) => index < Modifiers.Count ? Modifiers[index] : null;
}
