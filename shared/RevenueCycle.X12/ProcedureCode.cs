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
        var separator = segment.Separators.Component;
        var code = X12Segment.ComponentOf(composite, 2, separator);
        if (code.IsEmpty)
            throw segment.Error(element, $"'{composite}' has no procedure code (qualifier:code:modifiers)");
        List<string>? modifiers = null;
        for (var i = 0; i < MaxModifiers; i++)
        {
            var modifier = X12Segment.ComponentOf(composite, 3 + i, separator);
            if (!modifier.IsEmpty)
                (modifiers ??= new(MaxModifiers)).Add(cache.Get(modifier));
        }
        var description = X12Segment.ComponentOf(composite, 7, separator);
        return new ProcedureCode
        {
            Qualifier = cache.Get(X12Segment.ComponentOf(composite, 1, separator)),
            Code = cache.Get(code),
            Modifiers = ValueList.Freeze(modifiers),
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
