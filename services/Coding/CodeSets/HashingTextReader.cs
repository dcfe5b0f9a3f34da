using System.Security.Cryptography;
using System.Text;

namespace RevenueCycle.Coding.CodeSets;

/// <summary>Reads lines through to another reader and hashes them, so an import records which file it loaded.</summary>
internal sealed class HashingTextReader(TextReader inner) : TextReader
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public override string? ReadLine()
    {
        var line = inner.ReadLine();
        if (line is not null)
            _hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
        return line;
    }

    public override int Peek() => inner.Peek();

    public string Hash() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _hash.Dispose();
        base.Dispose(disposing);
    }
}
