namespace RevenueCycle.Coding.Suggestions;

internal enum Side
{
    Unspecified,
    Right,
    Left,
    Both,
}

/// <summary>The mentions of one note, with the look-ups the coding rules make.</summary>
internal sealed class Facts(NoteText note, List<Mention> mentions)
{
    private static readonly HashSet<string> RightWords = ["right", "rt", "r"];
    private static readonly HashSet<string> LeftWords = ["left", "lt", "l"];
    private static readonly HashSet<string> BothWords = ["bilateral", "bilaterally", "both"];

    public NoteText Note { get; } = note;

    public List<Mention> Mentions { get; } = mentions;

    public HashSet<string> NoteWords { get; } = note.Tokens.Select(t => t.Norm).ToHashSet();

    public IEnumerable<Mention> Of(string conceptId) => Mentions.Where(m => m.Concept.Id == conceptId);

    public IEnumerable<Mention> Current(string conceptId) => Of(conceptId).Where(m => m.IsCurrent);

    public bool AnyCurrent(string conceptId) => Current(conceptId).Any();

    public bool SentenceHasAny(int sentence, IReadOnlyCollection<string> words)
    {
        var (first, last) = Note.Sentences[sentence];
        for (var i = first; i <= last; i++)
        {
            if (words.Contains(Note.Tokens[i].Norm))
                return true;
        }
        return false;
    }

    /// <summary>The mention's words and a few either side, within its sentence.</summary>
    public List<NoteToken> Window(Mention mention, int before, int after)
    {
        var (first, last) = Note.Sentences[mention.Sentence];
        var from = Math.Max(first, mention.First - before);
        var to = Math.Min(last, mention.Last + after);
        return Enumerable.Range(from, to - from + 1).Select(i => Note.Tokens[i]).ToList();
    }

    public Side SideOf(Mention mention) => SideOf([mention]);

    public Side SideOf(IEnumerable<Mention> mentions, bool wholeSentence = false)
    {
        var words = mentions.SelectMany(m => wholeSentence ? Window(m, 100, 100) : Window(m, 4, 3)).Select(t => t.Norm).ToList();
        var right = words.Any(RightWords.Contains);
        var left = words.Any(LeftWords.Contains);
        return words.Any(BothWords.Contains) || right && left ? Side.Both : right ? Side.Right : left ? Side.Left : Side.Unspecified;
    }
}
