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
public sealed class Claim837Reader : X12TransactionReader<ClaimBatch837>
{
    public Claim837Reader(TextReader reader, bool leaveOpen = false)
        : base(new X12Tokenizer(reader, leaveOpen), new EnvelopeTracker("837", X12Versions.ClaimGroup, "005010X222"))
    {
    }

    public Claim837Reader(Stream stream, bool leaveOpen = false)
        : base(new X12Tokenizer(stream, leaveOpen), new EnvelopeTracker("837", X12Versions.ClaimGroup, "005010X222"))
    {
    }

    public static IReadOnlyList<ClaimBatch837> Parse(string x12)
    {
        using var reader = new Claim837Reader(new StringReader(x12));
        return reader.ReadAll().ToList();
    }

    private protected override ClaimBatch837 ReadTransaction(in X12Segment st) => ReadBody(new Claim837Builder());
}
