namespace RevenueCycle.Coding.Suggestions;

/// <summary>A concept found in the note, with what the note asserts about it and the words that say so.</summary>
internal sealed record Mention(Concept Concept, int Sentence, int First, int Last, Assertion Assertion, string Evidence, bool InAssessment)
{
    /// <summary>Present now: asserted, or a chronic condition or status written as "history of".</summary>
    public bool IsCurrent => Assertion == Assertion.Present
        || Assertion == Assertion.History && Concept.Kind is ConceptKind.Chronic or ConceptKind.Marker;
}
