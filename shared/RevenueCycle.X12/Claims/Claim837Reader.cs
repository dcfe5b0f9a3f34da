namespace RevenueCycle.X12.Claims;

/// <summary>
/// Reads 837P transaction sets back into <see cref="ClaimBatch837"/>: the clearinghouse simulator's
/// side of claim submission. The HL hierarchy is checked (ids in sequence, parents of the right
/// level) and flattened; segments of the guide that the model does not carry (PWK, NTE, 2310C...)
/// are passed over, segments the guide does not have are rejected.
/// </summary>
/// <example>
/// <code>
/// using var reader = new Claim837Reader(request.Body);
/// foreach (var batch in reader.ReadAll())
///     foreach (var claim in batch.Claims)
///         Adjudicate(claim);
/// </code>
/// </example>
public sealed class Claim837Reader : IDisposable
{
    private readonly X12Tokenizer _tokenizer;
    private readonly EnvelopeTracker _envelope = new("837", X12Versions.ClaimGroup, "005010X222");
    private bool _completed;

    public Claim837Reader(TextReader reader, bool leaveOpen = false) => _tokenizer = new X12Tokenizer(reader, leaveOpen);

    public Claim837Reader(Stream stream, bool leaveOpen = false) => _tokenizer = new X12Tokenizer(stream, leaveOpen);

    public static IReadOnlyList<ClaimBatch837> Parse(string x12)
    {
        using var reader = new Claim837Reader(new StringReader(x12));
        return reader.ReadAll().ToList();
    }

    public IEnumerable<ClaimBatch837> ReadAll() => new TransactionSequence<ClaimBatch837>(ReadNext);

    public ClaimBatch837? ReadNext()
    {
        if (_completed)
            return null;
        Claim837Builder? builder = null;
        while (_tokenizer.Read())
        {
            var segment = _tokenizer.Current;
            switch (_envelope.Observe(segment))
            {
                case EnvelopeEvent.TransactionStarted:
                    builder = new Claim837Builder();
                    break;
                case EnvelopeEvent.Body:
                    builder!.Add(segment);
                    break;
                case EnvelopeEvent.TransactionEnded:
                    var batch = builder!.Complete(segment, _envelope.Envelope);
                    _envelope.CloseTransaction();
                    return batch;
            }
        }
        _completed = true;
        _envelope.Complete();
        return null;
    }

    public void Dispose() => _tokenizer.Dispose();
}
