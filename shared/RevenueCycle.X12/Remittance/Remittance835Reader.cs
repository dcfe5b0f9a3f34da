namespace RevenueCycle.X12.Remittance;

/// <summary>
/// Reads 835 transaction sets one at a time from a stream, so memory holds one transaction, never the
/// file. Envelopes, segment order and the balancing rules of X221A1 are checked as it goes; any
/// fault is an <see cref="X12ParseException"/> that names the segment and its position.
/// </summary>
/// <example>
/// <code>
/// using var reader = new Remittance835Reader(File.OpenRead(path));
/// foreach (var remittance in reader.ReadAll())
///     foreach (var claim in remittance.Claims)
///         Post(claim.PatientControlNumber, claim.PaymentAmount, claim.Adjustments);
/// </code>
/// </example>
public sealed class Remittance835Reader : IDisposable
{
    private readonly X12Tokenizer _tokenizer;
    private readonly EnvelopeTracker _envelope = new("835", X12Versions.PaymentGroup, "005010X221");
    private readonly Remittance835Builder _builder = new();
    private bool _completed;

    public Remittance835Reader(TextReader reader, bool leaveOpen = false) => _tokenizer = new X12Tokenizer(reader, leaveOpen);

    public Remittance835Reader(Stream stream, bool leaveOpen = false) => _tokenizer = new X12Tokenizer(stream, leaveOpen);

    /// <summary>
    /// Whether to check the X221A1 balancing rules (line, claim, transaction). On by default: an 835
    /// that does not balance cannot be posted. Turn off only to inspect a file a payer got wrong.
    /// </summary>
    public bool CheckBalancing
    {
        get => _builder.CheckBalancing;
        init => _builder.CheckBalancing = value;
    }

    /// <summary>Reads every 835 of a string (tests, small files).</summary>
    public static IReadOnlyList<Remittance835> Parse(string x12)
    {
        using var reader = new Remittance835Reader(new StringReader(x12));
        return reader.ReadAll().ToList();
    }

    /// <summary>Enumerates the transaction sets lazily: each is read when the enumeration asks for it.</summary>
    public IEnumerable<Remittance835> ReadAll() => new TransactionSequence<Remittance835>(ReadNext);

    /// <summary>Reads the next transaction set (ST..SE); null when the input is exhausted.</summary>
    public Remittance835? ReadNext()
    {
        if (_completed)
            return null;
        while (_tokenizer.Read())
        {
            var segment = _tokenizer.Current;
            switch (_envelope.Observe(segment))
            {
                case EnvelopeEvent.TransactionStarted:
                    _builder.Start(segment);
                    break;
                case EnvelopeEvent.Body:
                    _builder.Add(segment);
                    break;
                case EnvelopeEvent.TransactionEnded:
                    var remittance = _builder.Complete(segment, _envelope.Envelope);
                    _envelope.CloseTransaction();
                    return remittance;
            }
        }
        _completed = true;
        _envelope.Complete();
        return null;
    }

    public void Dispose() => _tokenizer.Dispose();
}
