namespace RevenueCycle.X12;

/// <summary>Builds one transaction set from the segments between its ST and SE.</summary>
internal interface ITransactionSetBuilder<out T>
{
    void Add(in X12Segment segment);

    T Complete(in X12Segment se, X12Envelope envelope);
}

/// <summary>
/// The common shape of the transaction readers: walk the interchange, check the envelopes, and hand
/// each transaction set's body to a builder. Transaction sets are returned one at a time.
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

    private protected abstract ITransactionSetBuilder<T> CreateBuilder();

    public IEnumerable<T> ReadAll() => new TransactionSequence<T>(ReadNext);

    /// <summary>Reads the next transaction set; null when the input is exhausted.</summary>
    public T? ReadNext()
    {
        if (_completed)
            return null;
        ITransactionSetBuilder<T>? builder = null;
        while (_tokenizer.Read())
        {
            var segment = _tokenizer.Current;
            switch (_envelope.Observe(segment))
            {
                case EnvelopeEvent.TransactionStarted:
                    builder = CreateBuilder();
                    break;
                case EnvelopeEvent.Body:
                    builder!.Add(segment);
                    break;
                case EnvelopeEvent.TransactionEnded:
                    var transaction = builder!.Complete(segment, _envelope.Envelope);
                    _envelope.CloseTransaction();
                    return transaction;
            }
        }
        _completed = true;
        _envelope.Complete();
        return null;
    }

    public void Dispose()
    {
        _tokenizer.Dispose();
        GC.SuppressFinalize(this);
    }
}
