namespace RevenueCycle.Coding.Suggestions;

/// <summary>
/// A candidate code for a note. <see cref="Evidence"/> quotes the words of the note that support it;
/// <see cref="Score"/> (0–1) ranks candidates within one note and is not a probability.
/// </summary>
public sealed record CodeSuggestion(string Code, string System, string Description, double Score, IReadOnlyList<string> Evidence);
