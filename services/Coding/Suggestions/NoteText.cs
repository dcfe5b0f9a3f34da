namespace RevenueCycle.Coding.Suggestions;

/// <summary>A word of the note: its normalized form, where it sits in the text, and its sentence.</summary>
internal readonly record struct NoteToken(string Norm, int Start, int End, int Sentence);

/// <summary>
/// Splits a clinical note into normalized words and sentences without losing where each word came from,
/// so evidence can quote the note as written. A period between digits stays in the number ("9.2");
/// periods, semicolons, question and exclamation marks and line breaks end a sentence.
/// </summary>
internal sealed class NoteText
{
    private NoteText(string text, IReadOnlyList<NoteToken> tokens, IReadOnlyList<(int First, int Last)> sentences)
    {
        Text = text;
        Tokens = tokens;
        Sentences = sentences;
    }

    public string Text { get; }

    public IReadOnlyList<NoteToken> Tokens { get; }

    /// <summary>Index ranges (inclusive) into <see cref="Tokens"/>, one per sentence.</summary>
    public IReadOnlyList<(int First, int Last)> Sentences { get; }

    public string Quote(int firstToken, int lastToken) => Text[Tokens[firstToken].Start..Tokens[lastToken].End];

    public static NoteText Parse(string text)
    {
        var tokens = new List<NoteToken>();
        var sentence = 0;
        var sentenceHasTokens = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i])
                           || text[i] == '.' && i > start && char.IsAsciiDigit(text[i - 1]) && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                {
                    i++;
                }
                tokens.Add(new NoteToken(Normalize(text[start..i]), start, i, sentence));
                sentenceHasTokens = true;
                continue;
            }
            if (c is '.' or ';' or '!' or '?' or '\n' && sentenceHasTokens)
            {
                sentence++;
                sentenceHasTokens = false;
            }
            i++;
        }

        var ranges = new List<(int, int)>();
        var first = 0;
        for (var t = 1; t <= tokens.Count; t++)
        {
            if (t == tokens.Count || tokens[t].Sentence != tokens[first].Sentence)
            {
                ranges.Add((first, t - 1));
                first = t;
            }
        }
        return new NoteText(text, tokens, ranges);
    }

    /// <summary>The words of a lexicon phrase, normalized the same way as the note.</summary>
    public static string[] Words(string phrase) => Parse(phrase).Tokens.Select(t => t.Norm).ToArray();

    internal static string Normalize(string word)
    {
        var w = word.ToLowerInvariant();
        w = w switch
        {
            "ii" => "2",
            "two" => "2",
            "iii" => "3",
            "iv" => "4",
            _ => w,
        };
        // A light plural fold so "fevers" meets "fever"; words ending in -ss, -us, -is keep their s.
        if (w.Length > 3 && w[^1] == 's' && !w.EndsWith("ss", StringComparison.Ordinal)
            && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal)
            && !char.IsAsciiDigit(w[^2]))
        {
            w = w[..^1];
        }
        return w;
    }
}
