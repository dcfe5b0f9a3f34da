namespace RevenueCycle.X12;

/// <summary>Builds one transaction set from the segments between its ST and SE.</summary>
internal interface ITransactionSetBuilder<out T>
{
    void Add(in X12Segment segment);

    T Complete(in X12Segment se, X12Envelope envelope);
}

/// <summary>
/// The base of every transaction reader (270, 271, 276, 277, 277CA, 999, 835): it walks the interchange,
/// checks the envelopes (ISA/IEA, GS/GE, ST/SE counts and control numbers) and hands each transaction
/// set's body to the reader, one segment at a time. Transaction sets are returned one at a time; a reader
/// that streams within a transaction set (the 835, claim by claim) uses the same segment pump.
/// </summary>
public abstract class X12TransactionReader<T> : IDisposable where T : class
{
    private readonly X12Tokenizer _tokenizer;
    private readonly EnvelopeTracker _envelope;
    private bool _completed;

    private protected X12TransactionReader(X12Tokenizer tokenizer, EnvelopeTracker envelope)
    {
        _tokenizer = tokenizer;
        _envelope = envelope;
    }

    /// <summary>Reads one transaction set, from its ST (<paramref name="st"/>, just read) to its SE.</summary>
    private protected abstract T ReadTransaction(in X12Segment st);

    /// <summary>Called before a transaction set is looked for: a reader that can stop inside one reads (and checks) the rest of it.</summary>
    private protected virtual void FinishOpenTransaction()
    {
    }

    /// <summary>Enumerates the transaction sets lazily: each is read when the enumeration asks for it.</summary>
    public IEnumerable<T> ReadAll() => new TransactionSequence<T>(ReadNext);

    /// <summary>Reads the next transaction set (ST..SE); null when the input is exhausted.</summary>
    public T? ReadNext()
    {
        FinishOpenTransaction();
        return MoveToTransaction(out var st) ? ReadTransaction(st) : null;
    }

    /// <summary>The envelope (ISA, GS, ST02) of the open transaction set.</summary>
    private protected X12Envelope Envelope => _envelope.Envelope;

    /// <summary>
    /// Reads up to the next ST, checking the envelopes on the way; false (once every envelope is checked
    /// closed) when the input is exhausted.
    /// </summary>
    private protected bool MoveToTransaction(out X12Segment st)
    {
        if (!_completed)
        {
            while (_tokenizer.Read())
            {
                st = _tokenizer.Current;
                if (_envelope.Observe(st) == EnvelopeEvent.TransactionStarted)
                    return true;
            }
            _completed = true;
            _envelope.Complete();
        }
        st = default;
        return false;
    }

    /// <summary>
    /// Reads the next segment of the open transaction set: true for a segment of its body, false for its SE
    /// (whose count and control number have been checked); then <see cref="EndTransaction"/> closes it. Input
    /// that ends inside the transaction set is an <see cref="X12ParseException"/> (truncated).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private protected bool ReadBodySegment(out X12Segment segment)
    {
        if (!_tokenizer.Read())
        {
            _completed = true;
            _envelope.Complete(); // throws: the SE is missing
        }
        segment = _tokenizer.Current;
        return _envelope.Observe(segment) == EnvelopeEvent.Body; // inside ST..SE the tracker returns Body or TransactionEnded, or throws
    }

    /// <summary>The segment <see cref="ReadBodySegment"/> read last, again (for a reader that stopped before taking it).</summary>
    private protected X12Segment CurrentSegment => _tokenizer.Current;

    private protected void EndTransaction() => _envelope.CloseTransaction();

    /// <summary>The whole body of the open transaction set through a builder (the readers that build a transaction set at once).</summary>
    private protected T ReadBody(ITransactionSetBuilder<T> builder)
    {
        X12Segment segment;
        while (ReadBodySegment(out segment))
            builder.Add(segment);
        var transaction = builder.Complete(segment, Envelope);
        EndTransaction();
        return transaction;
    }

    public void Dispose()
    {
        _tokenizer.Dispose();
        GC.SuppressFinalize(this);
    }
}
