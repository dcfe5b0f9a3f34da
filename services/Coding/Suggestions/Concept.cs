using RevenueCycle.Coding.CodeSets;

namespace RevenueCycle.Coding.Suggestions;

internal enum ConceptKind
{
    /// <summary>Why the patient came: an exam, a screening, a prenatal visit (Z00, Z12, Z13, Z34…).</summary>
    Encounter,

    /// <summary>A diagnosis; "history of" it means the personal-history code, if any.</summary>
    Condition,

    /// <summary>A chronic diagnosis; "history of" it in a note is still the current, treated condition.</summary>
    Chronic,

    /// <summary>A sign or symptom, not coded when a confirmed diagnosis explains it.</summary>
    Symptom,

    /// <summary>A status or factor influencing care (long-term drug use, allergy status, counseling).</summary>
    Status,

    /// <summary>A service or supply: a vaccine, a drug (CPT or HCPCS).</summary>
    Service,

    /// <summary>A word the rules read (a type, a stage, "exacerbation"); no code of its own.</summary>
    Marker,
}

/// <summary>Codes by side: right, left, both, unspecified.</summary>
internal sealed record Sides(string Right, string Left, string? Both, string Unspecified);

/// <summary>A lexicon entry: the phrases that name one clinical idea and the code they lead to.</summary>
internal sealed record Concept(string Id, ConceptKind Kind, string? Code, IReadOnlyList<string[]> Phrases)
{
    public string System { get; init; } = CodeSystem.Icd10Cm;

    /// <summary>The code for "history of" this (Z87.01 for pneumonia, I25.2 for an old MI).</summary>
    public string? HistoryCode { get; init; }

    /// <summary>The code for "family history of" this (Z83.3 for diabetes).</summary>
    public string? FamilyCode { get; init; }

    /// <summary>A symptom is dropped when a suggested diagnosis starts with one of these.</summary>
    public IReadOnlyList<string> ExplainedBy { get; init; } = [];

    /// <summary>Codes by side, when the condition has laterality.</summary>
    public Sides? Sides { get; init; }

    /// <summary>A less specific code dropped when another code of the same group is suggested.</summary>
    public string? FallbackGroup { get; init; }

    /// <summary>A more specific code that displaces the fallback of its group.</summary>
    public string? Group { get; init; }

    /// <summary>A vaccine product: its administration means Z23 (encounter for immunization).</summary>
    public bool IsVaccine { get; init; }

    /// <summary>Words one of which must appear in the sentence ("injection" for a drug that is also taken by mouth).</summary>
    public IReadOnlyList<string> RequiresContext { get; init; } = [];
}
