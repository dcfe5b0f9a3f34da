namespace RevenueCycle.Coding.Suggestions;

/// <summary>What the note says about a mention: only <see cref="Present"/> findings are coded as current.</summary>
internal enum Assertion
{
    Present,

    /// <summary>"denies chest pain", "no fever", "negative for", "ruled out", "without".</summary>
    Negated,

    /// <summary>"possible", "probable", "suspected", "rule out": outpatient coding does not code uncertain diagnoses.</summary>
    Uncertain,

    /// <summary>"history of", "s/p", "former": a past condition (personal-history Z codes), or a chronic one still treated.</summary>
    History,

    /// <summary>"family history of", "mother with": family-history Z codes only.</summary>
    Family,

    /// <summary>"declined", "refused": for an immunization, Z28.21.</summary>
    Refused,
}

/// <summary>
/// NegEx-style assertion detection: a trigger before a mention governs it until a clause terminator or the
/// end of the sentence; a few triggers follow the mention ("strep test negative"). The nearest trigger wins,
/// and the longest trigger ending at one word ("no history of" before "history of").
/// </summary>
internal static class AssertionDetector
{
    private const int LookBack = 16;
    private const int LookAhead = 4;

    private static readonly (string[] Words, Assertion Kind)[] Before = Build(
    [
        ("no", Assertion.Negated), ("not", Assertion.Negated), ("denies", Assertion.Negated), ("denied", Assertion.Negated),
        ("deny", Assertion.Negated), ("denying", Assertion.Negated), ("negative for", Assertion.Negated), ("neg for", Assertion.Negated),
        ("without", Assertion.Negated), ("w o", Assertion.Negated), ("free of", Assertion.Negated), ("absence of", Assertion.Negated),
        ("never", Assertion.Negated), ("no evidence of", Assertion.Negated), ("no sign of", Assertion.Negated), ("no signs of", Assertion.Negated),
        ("no history of", Assertion.Negated), ("no family history of", Assertion.Negated), ("no known", Assertion.Negated),
        ("ruled out", Assertion.Negated), ("resolved", Assertion.Negated), ("none", Assertion.Negated),
        ("declined", Assertion.Refused), ("declines", Assertion.Refused), ("refused", Assertion.Refused), ("refuses", Assertion.Refused),
        ("possible", Assertion.Uncertain), ("possibly", Assertion.Uncertain), ("probable", Assertion.Uncertain), ("probably", Assertion.Uncertain),
        ("suspected", Assertion.Uncertain), ("suspect", Assertion.Uncertain), ("suspicious for", Assertion.Uncertain),
        ("questionable", Assertion.Uncertain), ("concern for", Assertion.Uncertain), ("concerning for", Assertion.Uncertain),
        ("rule out", Assertion.Uncertain), ("r o", Assertion.Uncertain), ("versus", Assertion.Uncertain), ("vs", Assertion.Uncertain),
        ("likely", Assertion.Uncertain), ("may have", Assertion.Uncertain), ("might have", Assertion.Uncertain), ("differential", Assertion.Uncertain),
        ("evaluate for", Assertion.Uncertain), ("eval for", Assertion.Uncertain), ("at risk for", Assertion.Uncertain), ("risk of", Assertion.Uncertain),
        ("worried about", Assertion.Uncertain), ("worried", Assertion.Uncertain), ("question of", Assertion.Uncertain),
        ("history of", Assertion.History), ("hx of", Assertion.History), ("h o", Assertion.History), ("hx", Assertion.History),
        ("past medical history", Assertion.History), ("pmh", Assertion.History), ("past history", Assertion.History),
        ("s p", Assertion.History), ("status post", Assertion.History), ("previous", Assertion.History), ("previously", Assertion.History),
        ("former", Assertion.History), ("formerly", Assertion.History), ("remote", Assertion.History), ("quit", Assertion.History),
        ("family history", Assertion.Family), ("family history of", Assertion.Family), ("fhx", Assertion.Family), ("fh", Assertion.Family),
        ("family hx", Assertion.Family), ("mother", Assertion.Family), ("father", Assertion.Family), ("mom", Assertion.Family), ("dad", Assertion.Family),
        ("sister", Assertion.Family), ("brother", Assertion.Family), ("grandmother", Assertion.Family), ("grandfather", Assertion.Family),
        ("maternal", Assertion.Family), ("paternal", Assertion.Family), ("sibling", Assertion.Family), ("parents", Assertion.Family),
        ("aunt", Assertion.Family), ("uncle", Assertion.Family),
    ]);

    private static readonly (string[] Words, Assertion Kind)[] After = Build(
    [
        ("negative", Assertion.Negated), ("neg", Assertion.Negated), ("ruled out", Assertion.Negated), ("unlikely", Assertion.Uncertain),
        ("resolved", Assertion.Negated), ("absent", Assertion.Negated), ("not present", Assertion.Negated), ("not seen", Assertion.Negated),
        ("denied", Assertion.Negated), ("declined", Assertion.Refused), ("refused", Assertion.Refused), ("is negative", Assertion.Negated), ("was negative", Assertion.Negated), ("not likely", Assertion.Uncertain),
    ]);

    private static readonly HashSet<string> Terminators =
    [
        "but", "however", "although", "though", "except", "aside", "apart", "which", "who", "yet", "now", "currently", "today",
        "present", "presents", "presenting", "report", "reports", "reported", "complain", "complains", "complaining", "endorse",
        "endorses", "endorsed", "ha", "has", "have", "positive", "note", "notes", "found", "diagnosed", "here", "assessment", "plan",
    ];

    /// <summary>The assertion for the mention spanning tokens <paramref name="first"/>..<paramref name="last"/> of its sentence.</summary>
    public static Assertion Detect(NoteText note, int sentenceFirst, int sentenceLast, int first, int last, bool resultsNegate)
    {
        var tokens = note.Tokens;
        for (var p = first - 1; p >= Math.Max(sentenceFirst, first - LookBack); p--)
        {
            var trigger = MatchEndingAt(tokens, sentenceFirst, p, Before);
            if (trigger is { } kind)
                return kind;
            if (Terminators.Contains(tokens[p].Norm))
                break;
        }
        if (!resultsNegate)
            return Assertion.Present;
        for (var p = last + 1; p <= Math.Min(sentenceLast, last + LookAhead); p++)
        {
            if (Terminators.Contains(tokens[p].Norm))
                break;
            var trigger = MatchStartingAt(tokens, sentenceLast, p, After);
            if (trigger is { } kind)
                return kind;
        }
        return Assertion.Present;
    }

    private static Assertion? MatchEndingAt(IReadOnlyList<NoteToken> tokens, int lowerBound, int end, (string[] Words, Assertion Kind)[] triggers)
    {
        foreach (var (words, kind) in triggers)
        {
            var start = end - words.Length + 1;
            if (start < lowerBound)
                continue;
            var ok = true;
            for (var w = 0; w < words.Length && ok; w++)
                ok = tokens[start + w].Norm == words[w];
            if (ok)
                return kind;
        }
        return null;
    }

    private static Assertion? MatchStartingAt(IReadOnlyList<NoteToken> tokens, int upperBound, int start, (string[] Words, Assertion Kind)[] triggers)
    {
        foreach (var (words, kind) in triggers)
        {
            if (start + words.Length - 1 > upperBound)
                continue;
            var ok = true;
            for (var w = 0; w < words.Length && ok; w++)
                ok = tokens[start + w].Norm == words[w];
            if (ok)
                return kind;
        }
        return null;
    }

    // Longest triggers first, so "no history of" wins over "history of" at the same word.
    private static (string[] Words, Assertion Kind)[] Build((string Phrase, Assertion Kind)[] triggers) =>
        triggers.Select(t => (NoteText.Words(t.Phrase), t.Kind)).OrderByDescending(t => t.Item1.Length).ToArray();
}
