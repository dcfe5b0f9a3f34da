using RevenueCycle.Coding.CodeSets;

namespace RevenueCycle.Coding.Suggestions;

/// <summary>
/// Suggests ICD-10-CM (and, for vaccines and office drugs, CPT/HCPCS) codes for a clinical note: a curated
/// lexicon finds the conditions, NegEx-style rules drop what is denied, uncertain or only in the family,
/// and coding rules pick the combination codes (diabetes with CKD, hypertension with heart failure).
/// Deterministic: the same note always gives the same list.
/// </summary>
public sealed class SuggestionEngine
{
    private const int MaxFillers = 2;

    private static readonly HashSet<string> Fillers =
        ["the", "a", "an", "his", "her", "my", "their", "right", "left", "rt", "lt", "r", "l", "bilateral", "both", "mild", "moderate", "severe", "acute", "chronic"];

    private static readonly string[][] AssessmentHeaders = Lexicon.Split("assessment|assessment and plan|a p|impression|diagnoses|diagnosis|dx|plan|problem list|problems");
    private static readonly string[][] OtherHeaders = Lexicon.Split("hpi|history of present illness|subjective|ros|review of systems|exam|physical exam|pe|objective|vitals|pmh|past medical history|medications|meds|allergies|social history|family history|cc|chief complaint");

    private static readonly Lazy<SuggestionEngine> Shipped = new(() => new SuggestionEngine(StarterCodeSet.Load()));

    private readonly StarterCodeSet _codeSet;
    private readonly Dictionary<string, List<(string[] Words, Concept Concept)>> _byFirstWord = new(StringComparer.Ordinal);

    public SuggestionEngine(StarterCodeSet codeSet)
    {
        _codeSet = codeSet;
        foreach (var concept in Lexicon.All)
        {
            foreach (var words in concept.Phrases.Where(w => w.Length > 0))
            {
                if (!_byFirstWord.TryGetValue(words[0], out var list))
                    _byFirstWord[words[0]] = list = [];
                list.Add((words, concept));
            }
        }
    }

    /// <summary>The engine over the shipped starter code set.</summary>
    public static SuggestionEngine Default => Shipped.Value;

    /// <summary>Every code the lexicon and rules can suggest, with its system (to check against the code sets).</summary>
    public static IEnumerable<(string System, string Code)> SuggestableCodes() =>
        Lexicon.All.SelectMany(c => new[] { c.Code, c.HistoryCode, c.FamilyCode, c.Sides?.Right, c.Sides?.Left, c.Sides?.Both, c.Sides?.Unspecified }
                .OfType<string>().Select(code => (c.System == CodeSystem.Icd10Cm || code != c.Code ? CodeSystem.Icd10Cm : c.System, code)))
            .Concat(CodingRules.RuleCodes)
            .Distinct();

    public IReadOnlyList<CodeSuggestion> Suggest(string text, int limit = 10)
    {
        if (string.IsNullOrWhiteSpace(text))
            return [];
        var note = NoteText.Parse(text);
        var mentions = FindMentions(note);
        var candidates = new Candidates();
        CodingRules.Apply(note, mentions, candidates);

        return candidates.All
            .Select(c => ToSuggestion(c))
            .OfType<CodeSuggestion>()
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Code, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
    }

    private CodeSuggestion? ToSuggestion(Candidates.Candidate candidate)
    {
        var entry = _codeSet.Find(candidate.System, candidate.Code);
        if (entry is null)
            return null;
        var score = candidate.Score + Math.Min(candidate.Mentions - 1, 2) * 0.02 + (candidate.InAssessment ? 0.05 : 0);
        return new CodeSuggestion(candidate.Code, candidate.System, entry.LongDescription, Math.Round(Math.Min(score, 0.99), 3), candidate.Evidence.ToList());
    }

    private List<Mention> FindMentions(NoteText note)
    {
        var mentions = new List<Mention>();
        var tokens = note.Tokens;
        var inAssessment = false;
        for (var s = 0; s < note.Sentences.Count; s++)
        {
            var (first, last) = note.Sentences[s];
            if (StartsWithHeader(note, first, last, AssessmentHeaders))
                inAssessment = true;
            else if (StartsWithHeader(note, first, last, OtherHeaders))
                inAssessment = false;

            var i = first;
            while (i <= last)
            {
                var (end, concepts) = LongestMatch(tokens, i, last);
                if (concepts.Count == 0)
                {
                    i++;
                    continue;
                }
                foreach (var concept in concepts)
                {
                    var resultsNegate = concept.Kind is not ConceptKind.Encounter;
                    var assertion = AssertionDetector.Detect(note, first, last, i, end, resultsNegate);
                    mentions.Add(new Mention(concept, s, i, end, assertion, note.Quote(i, end), inAssessment));
                }
                i = end + 1;
            }
        }
        return mentions;
    }

    private (int End, List<Concept> Concepts) LongestMatch(IReadOnlyList<NoteToken> tokens, int start, int last)
    {
        var bestEnd = -1;
        var best = new List<Concept>();
        if (!_byFirstWord.TryGetValue(tokens[start].Norm, out var phrases))
            return (bestEnd, best);
        foreach (var (words, concept) in phrases)
        {
            var end = MatchAt(tokens, start, last, words);
            if (end < 0)
                continue;
            if (end > bestEnd)
            {
                bestEnd = end;
                best = [concept];
            }
            else if (end == bestEnd && !best.Contains(concept))
            {
                best.Add(concept);
            }
        }
        return (bestEnd, best);
    }

    // Matches the phrase from `start`; up to two filler words ("the", "left", "mild") may sit between its words.
    private static int MatchAt(IReadOnlyList<NoteToken> tokens, int start, int last, string[] words)
    {
        var position = start;
        for (var w = 0; w < words.Length; w++)
        {
            var skipped = 0;
            while (position <= last && tokens[position].Norm != words[w] && w > 0 && skipped < MaxFillers && Fillers.Contains(tokens[position].Norm))
            {
                position++;
                skipped++;
            }
            if (position > last || tokens[position].Norm != words[w])
                return -1;
            position++;
        }
        return position - 1;
    }

    private static bool StartsWithHeader(NoteText note, int first, int last, string[][] headers)
    {
        foreach (var header in headers)
        {
            if (first + header.Length - 1 > last)
                continue;
            var matches = true;
            for (var w = 0; w < header.Length && matches; w++)
                matches = note.Tokens[first + w].Norm == header[w];
            if (!matches)
                continue;
            var afterEnd = note.Tokens[first + header.Length - 1].End;
            var rest = note.Text.AsSpan(afterEnd).TrimStart(" \t");
            if (first + header.Length - 1 == last || rest.Length > 0 && rest[0] == ':')
                return true;
        }
        return false;
    }
}
