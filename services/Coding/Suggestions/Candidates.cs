namespace RevenueCycle.Coding.Suggestions;

/// <summary>The codes found so far for one note, merged by code, with their evidence.</summary>
internal sealed class Candidates
{
    private readonly Dictionary<string, Candidate> _byCode = new(StringComparer.Ordinal);

    internal sealed class Candidate(string code, string system, double score)
    {
        public string Code { get; } = code;
        public string System { get; } = system;
        public double Score { get; set; } = score;
        public int Mentions { get; set; }
        public bool InAssessment { get; set; }
        public List<string> Evidence { get; } = [];
        public Concept? Source { get; set; }
    }

    public IEnumerable<Candidate> All => _byCode.Values;

    public void Add(string code, string system, double score, IEnumerable<Mention> evidence, Concept? source = null)
    {
        if (!_byCode.TryGetValue(code, out var candidate))
            _byCode[code] = candidate = new Candidate(code, system, score) { Source = source };
        candidate.Score = Math.Max(candidate.Score, score);
        candidate.Source ??= source;
        foreach (var mention in evidence)
        {
            candidate.Mentions++;
            candidate.InAssessment |= mention.InAssessment;
            if (!candidate.Evidence.Contains(mention.Evidence, StringComparer.OrdinalIgnoreCase))
                candidate.Evidence.Add(mention.Evidence);
        }
    }

    public bool Has(string code) => _byCode.ContainsKey(code);

    public bool HasPrefix(string prefix) => _byCode.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));

    public void Remove(string code) => _byCode.Remove(code);

    public void RemoveWhere(Func<Candidate, bool> predicate)
    {
        foreach (var code in _byCode.Values.Where(predicate).Select(c => c.Code).ToList())
            _byCode.Remove(code);
    }
}
